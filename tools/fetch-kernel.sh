#!/usr/bin/env bash
# Fetch a Debian kernel (image, headers, kbuild) and busybox-static for a
# target as .debs, without touching the system's apt setup, and unpack them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<EOT
usage: $0 --target NAME [--kver 6.1] [--cache DIR] [--refresh]
Fetches Debian's kernel image, headers and kbuild for the target and kernel
series, plus busybox-static, into DIR/<target>-<kver>/ (default cache:
./cache), using a private apt state there. Writes kernel.env there with
KREL, KVERSION, VMLINUZ, KDIR, BUSYBOX, ROOT. A warm cache fetches nothing.
EOT
}

target=x86_64 kver=6.1 cache="$SB_TOP/cache" refresh=0
while [ $# -gt 0 ]; do
	case "$1" in
	--target) target=$2; shift 2 ;;
	--kver) kver=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	--refresh) refresh=1; shift ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown option '$1'" ;;
	esac
done
load_target "$target"
kv=${kver//[.-]/_}
srcvar="SOURCES_$kv" relvar="RELEASE_$kv" flvvar="FLAVOUR_$kv"
sources=${!srcvar:-}
[ -n "$sources" ] || die "target $target has no kernel series '$kver' ($srcvar unset in configs/targets/$target)"
release=${!relvar:-}
KERNEL_FLAVOUR=${!flvvar:-$KERNEL_FLAVOUR}

mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
dir="$cache/$target-$kver"
envf="$dir/kernel.env"
if [ "$refresh" = 0 ] && [ -f "$envf" ]; then
	# shellcheck disable=SC1090
	. "$envf"
	if [ -f "$VMLINUZ" ] && [ -f "$KDIR/Makefile" ] && [ -x "$BUSYBOX" ]; then
		log "fetch: $target $KREL ($KVERSION) cached in $dir"
		exit 0
	fi
fi

mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs"
printf '%s\n' "$sources" >"$dir/apt/sources.list"
apt_opts=(-o "Dir::State::Lists=$dir/apt/lists" -o "Dir::Etc::SourceList=$dir/apt/sources.list"
	-o Dir::Etc::SourceParts=/dev/null -o "Dir::Cache=$dir/apt/cache"
	-o "Dir::State::status=$dir/apt/status" -o Debug::NoLocking=1
	-o "APT::Architecture=$DEB_ARCH" -o "APT::Architectures=$DEB_ARCH"
	-o APT::Sandbox::User=root -o Acquire::Check-Valid-Until=false -q ${release:+-o APT::Default-Release=$release})
: >"$dir/apt/status"
log "fetch: apt index for $DEB_ARCH ($kver)"
apt-get "${apt_opts[@]}" update >"$dir/apt/update.log" 2>&1 ||
	die "apt-get update failed, see $dir/apt/update.log"

# depends PKG REGEX: the first dependency of PKG matching REGEX
depends() {
	apt-cache "${apt_opts[@]}" depends "$1" 2>/dev/null |
		awk -v re="$2" '$1 ~ /Depends:/ && $2 ~ re && !x {print $2; x = 1}'
}
hdr=$(depends "linux-headers-$KERNEL_FLAVOUR" "^linux-headers-")
[ -n "$hdr" ] || die "cannot resolve linux-headers-$KERNEL_FLAVOUR in $kver sources"
krel=${hdr#linux-headers-}
img=$(depends "linux-image-$KERNEL_FLAVOUR" "^linux-image-$krel")
[ -n "$img" ] || img="linux-image-$krel"
common=$(depends "$hdr" "^linux-headers-.*-common")
kbuild=$(depends "$hdr" "^linux-kbuild-")
[ -n "$common" ] && [ -n "$kbuild" ] || die "cannot resolve the dependencies of $hdr"
# Newer Debian kernels split the image into linux-binary-* and linux-modules-*.
binpkg=$(depends "$img" "^linux-binary-")
kversion=$(apt-cache "${apt_opts[@]}" show "$hdr" | awk '/^Version:/ && !x {print $2; x = 1}')

log "fetch: $img $hdr $common $kbuild busybox-static ($kversion)"
(cd "$dir/debs" && rm -f ./*.deb &&
	apt-get "${apt_opts[@]}" download "$img" $binpkg "$hdr" "$common" "$kbuild" busybox-static \
		>"$dir/apt/download.log" 2>&1) || die "download failed, see $dir/apt/download.log"

root="$dir/root"
rm -rf "$root"
mkdir -p "$root"
for d in "$dir"/debs/*.deb; do
	dpkg-deb -x "$d" "$root"
done
kdir="$root/usr/src/linux-headers-$krel"
# The headers' one-line Makefile includes the -common tree by absolute path.
sed -i "s|/usr/src/|$root/usr/src/|g" "$kdir/Makefile"
vmlinuz=
for f in "$root"/boot/vmlinu[xz]-"$krel" "$root"/usr/lib/modules/"$krel"/vmlinu[xz]; do
	[ -f "$f" ] && vmlinuz=$f && break
done
[ -f "$vmlinuz" ] || die "no kernel image in $img"
busybox="$root/bin/busybox"
[ -x "$busybox" ] || busybox="$root/usr/bin/busybox"
[ -x "$busybox" ] || die "no busybox in busybox-static"

cat >"$envf" <<EOT
KREL=$krel
KVERSION=$kversion
VMLINUZ=$vmlinuz
KDIR=$kdir
BUSYBOX=$busybox
ROOT=$root
EOT
log "fetch: $target $krel ($kversion) ready in $dir"
