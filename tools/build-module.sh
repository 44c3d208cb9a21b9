#!/usr/bin/env bash
# Build srcu_bench.ko against a fetched Debian kernel's headers (cross for the
# target's arch), warning-free or not at all.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<EOT
usage: $0 [--target x86_64] [--kver SERIES] [--cache DIR] --out DIR
Fetches the target's kernel headers (tools/fetch-kernel.sh, cached), copies
module/ into DIR and builds DIR/srcu_bench.ko with the target's cross
compiler (configs/targets/<target>: KBUILD_ARCH, CROSS_COMPILE). When the
headers ask for a gcc this machine lacks, it builds in a cached chroot of the
series' TOOLCHAIN_<kver> suite, else with the newest <cross>gcc-N here.
Writes DIR/../build.log beside DIR (the kbuild output). Fails on any
compiler warning. Prints the .ko's path.
EOT
}
target=x86_64 kver= cache="$SB_TOP/cache" out=
parse_opts "--target=target --kver=kver --cache=cache --out=out" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
[ -n "$out" ] || { usage >&2; die "--out DIR is required"; }
load_target "$target"
kver=${kver:-${KVER_DEFAULT:-6.1}}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd -P)	# the real path: a chroot build bind-mounts it
"$SB_TOP/tools/fetch-kernel.sh" --target "$target" --kver "$kver" --cache "$cache"
# shellcheck disable=SC1090
. "$cache/$target-$kver/kernel.env"

log "build: srcu_bench.ko for $KREL"
rm -rf "$out"
mkdir -p "$out"
build=$(cd "$out" && pwd)
blog="$(dirname "$build")/build.log"
cp "$SB_TOP"/module/*.c "$SB_TOP"/module/*.h "$SB_TOP"/module/Kbuild "$build/"
kbuild_modules "$kver" "$cache" "$build" "$blog"
# Compiler warnings fail the build (kbuild's own notes, e.g. on pahole, do not).
if grep -qE ':[0-9]+:([0-9]+:)? warning:' "$blog"; then
	grep -E ':[0-9]+:([0-9]+:)? warning:' "$blog" >&2
	die "module build has warnings, see $blog"
fi
echo "$build/srcu_bench.ko"
