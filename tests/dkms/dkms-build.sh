#!/usr/bin/env bash
# DKMS: dkms.conf builds srcu_bench.ko with `dkms build -k <krel>
# --kernelsourcedir <headers>` against the cached Debian 6.1 and 6.12
# x86_64 headers, in a private DKMS tree (nothing under /var/lib/dkms,
# /usr/src or /lib/modules changes, nothing is loaded). Checks each .ko's
# vermagic, version and a warning-free build. Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"
out="$top/out/dkms" cache="$top/cache" kvers="6.1 6.12"
usage() { echo "usage: $0 [--out DIR] [--cache DIR] [--kvers '6.1 6.12']"; }
parse_opts "--out=out --cache=cache --kvers=kvers" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"

"$top/tools/deps.sh" dkms || { ko "tools/deps.sh dkms"; finish; }
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
sbver=$(sed -n 's/^#define SB_VERSION[[:space:]]*"\(.*\)"$/\1/p' "$top/module/srcu_bench.h")
check "dkms.conf PACKAGE_VERSION ($ver) is the module's SB_VERSION ($sbver)" [ -n "$ver" -a "$ver" = "$sbver" ]
rm -rf "$out" && mkdir -p "$out/src" "$out/tree" "$out/install"
out=$(cd "$out" && pwd)
# The source tree make dkms-install makes: dkms.conf and module/.
make -s -C "$top" dkms-src DKMS_SRC="$out/src/srcubench-$ver" >/dev/null
dk=(--dkmstree "$out/tree" --sourcetree "$out/src" --installtree "$out/install")
check "dkms add" dkms add "${dk[@]}" -m srcubench -v "$ver" >"$out/add.log" 2>&1
for kv in $kvers; do
	"$top/tools/fetch-kernel.sh" --target x86_64 --kver "$kv" --cache "$cache" >/dev/null || { ko "fetch x86_64 $kv"; continue; }
	# shellcheck disable=SC1090
	. "$cache/x86_64-$kv/kernel.env"
	if dkms build "${dk[@]}" -m srcubench -v "$ver" -k "$KREL" --kernelsourcedir "$KDIR" >"$out/build-$kv.log" 2>&1; then
		ok "dkms build -k $KREL --kernelsourcedir <Debian $kv headers>"
	else
		ko "dkms build -k $KREL (see $out/build-$kv.log)"; tail -n 20 "$out/build-$kv.log"; continue
	fi
	built=$(find "$out/tree/srcubench/$ver/$KREL" -name 'srcu_bench.ko*' | head -n 1)
	vm=$(modinfo -F vermagic "$built" 2>/dev/null | awk '{print $1}')
	check "$KREL: the built module's vermagic is $KREL ($vm)" [ "$vm" = "$KREL" ]
	check "$KREL: modinfo version is $ver" [ "$(modinfo -F version "$built")" = "$ver" ]
	mlog="$out/tree/srcubench/$ver/$KREL/x86_64/log/make.log"
	check "$KREL: built without compiler warnings (dkms's make.log)" \
		eval "[ -s '$mlog' ] && ! grep -qE ':[0-9]+:([0-9]+:)? warning:' '$mlog'"
	check "$KREL: dkms status says built" eval "dkms status ${dk[*]} -m srcubench -v $ver -k $KREL | grep -q ': built'"
done
check "nothing loaded (no srcu_bench in lsmod)" eval "! lsmod 2>/dev/null | grep -q '^srcu_bench '"
finish
