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
while [ $# -gt 0 ]; do
	case "$1" in
	--target) target=$2; shift 2 ;;
	--kver) kver=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown option '$1'" ;;
	esac
done
[ -n "$out" ] || { usage >&2; die "--out DIR is required"; }
load_target "$target"
kver=${kver:-${KVER_DEFAULT:-6.1}}
mkdir -p "$cache"
"$SB_TOP/tools/fetch-kernel.sh" --target "$target" --kver "$kver" --cache "$cache"
# shellcheck disable=SC1090
. "$cache/$target-$kver/kernel.env"

log "build: srcu_bench.ko for $KREL"
rm -rf "$out"
mkdir -p "$out"
build=$(cd "$out" && pwd)
blog="$(dirname "$build")/build.log"
cp "$SB_TOP"/module/*.c "$SB_TOP"/module/*.h "$SB_TOP"/module/Kbuild "$build/"
# No module BTF here: bookworm's pahole is too old for 6.12's flags, and the
# BPF side generates module BTF itself (pahole -J --btf_base).
build_cmd=(make -C "$KDIR" M="$build" ARCH="$KBUILD_ARCH" CROSS_COMPILE="$CROSS_COMPILE"
	CONFIG_DEBUG_INFO_BTF_MODULES= modules)
# The compiler the headers ask for (.kernelvariables: CC = ...gcc-N); when
# the host lacks it, build in a chroot of the newer suite that has it.
want_cc=$(grep -o 'gcc-[0-9]*' "$KDIR/.kernelvariables" 2>/dev/null | head -n 1 || true)
tcvar="TOOLCHAIN_${kver//[.-]/_}"
if [ -n "$want_cc" ] && ! command -v "${CROSS_COMPILE}$want_cc" >/dev/null && [ -n "${!tcvar:-}" ]; then
	log "build: $want_cc is not on this machine: building in a ${!tcvar} chroot"
	"$SB_TOP/tools/toolchain.sh" --suite "${!tcvar}" --cc "$want_cc" --cache "$cache" \
		--run "$cache" --run "$build" -- "${build_cmd[@]}" >"$blog" 2>&1 ||
		{ tail -n 30 "$blog" >&2; die "module build failed, see $blog"; }
else
	if [ -n "$want_cc" ] && ! command -v "${CROSS_COMPILE}$want_cc" >/dev/null; then
		# No chroot for this series (e.g. trixie's riscv64 headers ask for
		# gcc-14, whose cross build needs a newer glibc): the newest
		# ${CROSS_COMPILE}gcc-N here.
		cc=$(compgen -c "${CROSS_COMPILE}gcc-" | grep -E "^${CROSS_COMPILE}gcc-[0-9]+\$" | sort -V | tail -n 1)
		[ -n "$cc" ] || die "neither ${CROSS_COMPILE}$want_cc nor another ${CROSS_COMPILE}gcc-N is installed (tools/deps.sh run)"
		log "build: ${CROSS_COMPILE}$want_cc is not on this machine: building with $cc"
		build_cmd+=(CC="$cc")
	fi
	"${build_cmd[@]}" >"$blog" 2>&1 ||
		{ tail -n 30 "$blog" >&2; die "module build failed, see $blog"; }
fi
# Compiler warnings fail the build (kbuild's own notes, e.g. on pahole, do not).
if grep -qE ':[0-9]+:([0-9]+:)? warning:' "$blog"; then
	grep -E ':[0-9]+:([0-9]+:)? warning:' "$blog" >&2
	die "module build has warnings, see $blog"
fi
echo "$build/srcu_bench.ko"
