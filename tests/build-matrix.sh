#!/usr/bin/env bash
# Build srcu_bench.ko against every kernel of configs/build-matrix (Debian's
# headers, cross compilers; tools/build-module.sh fails on any warning), two
# at a time, and check each .ko's vermagic names the kernel it was built for.
# Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"

matrix="$top/configs/build-matrix" out="$top/out/build-matrix" cache="$top/cache" jobs=2
usage() { echo "usage: $0 [--matrix FILE] [--out DIR] [--cache DIR] [--jobs N]"; }
parse_opts "--matrix=matrix --out=out --cache=cache --jobs=jobs" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
[ -f "$matrix" ] || die "--matrix: no file '$matrix'"
mkdir -p "$out"

one() { # one TARGET KVER: build, then check the vermagic
	local d="$out/$1-$2" t0 ko krel vm
	t0=$(date +%s)
	if ! ko=$("$top/tools/build-module.sh" --target "$1" --kver "$2" --cache "$cache" --out "$d/build" \
		2>"$d/stderr"); then
		echo "FAIL $1 $2: $(grep -E 'error|warning' "$d/stderr" | head -n 3 | tr '\n' ' ')(see $d/build.log)"
		return
	fi
	krel=$(. "$cache/$1-$2/kernel.env" && echo "$KREL")
	vm=$(tr '\0' '\n' <"$ko" | sed -n 's/^vermagic=\([^ ]*\).*/\1/p' | head -n 1)
	if [ "$vm" = "$krel" ]; then
		echo "PASS $1 $2: srcu_bench.ko for $krel, no warnings ($(( $(date +%s) - t0 )) s)"
	else
		echo "FAIL $1 $2: vermagic '$vm', kernel '$krel'"
	fi
}

n=0
while read -r target kver _; do
	case "$target" in ''|'#'*) continue ;; esac
	n=$((n + 1))
	mkdir -p "$out/$target-$kver"
	one "$target" "$kver" >"$out/$target-$kver/verdict" &
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
done <"$matrix"
wait
while read -r target kver _; do
	case "$target" in ''|'#'*) continue ;; esac
	v=$(cat "$out/$target-$kver/verdict" 2>/dev/null)
	[ -n "$v" ] || v="FAIL $target $kver: no verdict"
	echo "$v"
	case "$v" in PASS*) pass=$((pass + 1)) ;; *) failed=$((failed + 1)) ;; esac
done <"$matrix"
[ "$n" -gt 0 ] || ko matrix "no target in $matrix"
finish
