#!/usr/bin/env bash
# A newer gcc from Debian's archive, without replacing the system compiler:
# a minimal chroot of a newer suite (mmdebstrap) holding the compiler the
# kernel headers ask for, in which the module is built with the project's
# directories bind-mounted at their own paths.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<EOT
usage: $0 --suite SUITE --cc [TRIPLET-]gcc-N [--pkg PACKAGE] --cache DIR   (create, cached)
       $0 --suite SUITE --cc [TRIPLET-]gcc-N [--pkg PACKAGE] --cache DIR --run DIR... -- CMD...
Creates DIR/toolchain-SUITE-CC, a chroot of Debian SUITE with the compiler CC
(from PACKAGE: default CC, gcc-N-TRIPLET for a cross compiler), make and
libelf (for objtool); with --run, bind-mounts each DIR at the same path
inside it and runs CMD there (as root).
EOT
}
suite= cc= pkg= cache="$SB_TOP/cache" binds=() run=0
parse_opts "--suite=suite --cc=cc --pkg=pkg --cache=cache --run=binds+" "$@"
set -- "${SB_ARGS[@]}"
[ ${#binds[@]} = 0 ] || run=1
[ -n "$suite" ] && [ -n "$cc" ] || { usage >&2; die "--suite and --cc are required"; }
if [ -z "$pkg" ]; then	# aarch64-linux-gnu-gcc-16 comes in gcc-16-aarch64-linux-gnu
	case "$cc" in
	gcc-*) pkg=$cc ;;
	*-gcc-*) pkg="gcc-${cc##*-gcc-}-${cc%-gcc-*}" ;;
	*) die "--cc: '$cc' is neither gcc-N nor TRIPLET-gcc-N" ;;
	esac
fi
[ "$(id -u)" = 0 ] || die "building in a chroot needs root"
mkdir -p "$cache"
root="$(cd "$cache" && pwd)/toolchain-$suite-$cc"

if [ ! -x "$root/usr/bin/$cc" ]; then
	command -v mmdebstrap >/dev/null || {
		log "toolchain: installing mmdebstrap"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null
	}
	log "toolchain: creating a $suite chroot with $cc (about a minute)"
	rm -rf "$root"
	mmdebstrap --variant=apt --aptopt='Acquire::Check-Valid-Until "false"' \
		--include="$pkg,make,libelf-dev" "$suite" "$root" \
		"deb http://deb.debian.org/debian $suite main" >"$root.log" 2>&1 ||
		die "mmdebstrap failed, see $root.log"
fi
[ $run = 1 ] || { echo "$root"; exit 0; }

mounted=()
cleanup() { local m; for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
for d in "${binds[@]}"; do
	d=$(cd "$d" && pwd)
	mkdir -p "$root$d"
	mount --bind "$d" "$root$d"
	mounted=("$root$d" "${mounted[@]}")
done
mkdir -p "$root/proc"
mount -t proc proc "$root/proc"
mounted=("$root/proc" "${mounted[@]}")
chroot "$root" "$@"
