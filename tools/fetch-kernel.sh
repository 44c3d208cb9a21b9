#!/usr/bin/env bash
# Fetch a Debian kernel (image, headers, kbuild) and busybox-static for a
# target as .debs, without touching the system's apt setup, and unpack them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<EOT
usage: $0 --target NAME [--kver SERIES] [--cache DIR] [--refresh]
Fetches Debian's kernel image, headers and busybox-static of the target's
architecture and kernel series (default: the target's KVER_DEFAULT, else
6.1), plus the amd64 linux-kbuild of the headers' version (its host tools
run here), into DIR/<target>-<kver>/ (default cache: ./cache), using a
private apt state there. Writes kernel.env there with KREL, KVERSION,
VMLINUZ, KDIR, BUSYBOX, ROOT, MODDIR (the image's /lib/modules/KREL, empty
if the image has no modules). A warm cache fetches nothing.
EOT
}

target=x86_64 kver= cache="$SB_TOP/cache" refresh=0
parse_opts "--target=target --kver=kver --cache=cache --refresh=refresh:1" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
load_target "$target"
kver=${kver:-${KVER_DEFAULT:-6.1}}
kv=${kver//[.-]/_}
srcvar="SOURCES_$kv" relvar="RELEASE_$kv" flvvar="FLAVOUR_$kv"
sources=${!srcvar:-}
[ -n "$sources" ] || die "target $target has no kernel series '$kver' ($srcvar unset in configs/targets/$target)"
release=${!relvar:-}
KERNEL_FLAVOUR=${!flvvar:-$KERNEL_FLAVOUR}

mkdir -p "$cache"
cache=$(cd "$cache" && pwd -P)	# the real path: chroot builds bind-mount it
dir="$cache/${target##*/}-$kver"	# a target file path (tests): its name
envf="$dir/kernel.env"
# moddir ROOT KREL: the extracted /lib/modules/KREL (usrmerged or not), or nothing
moddir() { ls -d "$1/lib/modules/$2" "$1/usr/lib/modules/$2" 2>/dev/null | head -n 1 || true; }
if [ "$refresh" = 0 ] && [ -f "$envf" ]; then
	# shellcheck disable=SC1090
	. "$envf"
	# kernel.env of an older fetch-kernel.sh: add MODDIR, fetch nothing.
	grep -q '^MODDIR=' "$envf" || echo "MODDIR=$(moddir "$ROOT" "$KREL")" >>"$envf"
	if [ -f "$VMLINUZ" ] && [ -f "$KDIR/Makefile" ] && [ -x "$BUSYBOX" ]; then
		log "fetch: $target $KREL ($KVERSION) cached in $dir"
		exit 0
	fi
fi

mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs"
printf '%s\n' "$sources" >"$dir/apt/sources.list"
# The target's architecture, plus amd64 for linux-kbuild (see below).
archs=$DEB_ARCH
[ "$DEB_ARCH" = amd64 ] || archs="$DEB_ARCH,amd64"
apt_opts=(-o "Dir::State::Lists=$dir/apt/lists" -o "Dir::Etc::SourceList=$dir/apt/sources.list"
	-o Dir::Etc::SourceParts=/dev/null -o "Dir::Cache=$dir/apt/cache"
	-o "Dir::State::status=$dir/apt/status" -o Debug::NoLocking=1
	-o "APT::Architecture=$DEB_ARCH" -o "APT::Architectures=$archs"
	-o APT::Sandbox::User=root -o Acquire::Check-Valid-Until=false -q ${release:+-o APT::Default-Release=$release})
: >"$dir/apt/status"
rm -f "$dir/apt/unverified-indexes"
log "fetch: apt index for $archs ($kver)"
# mismatched LOG: the URLs of indexes that did not match their signed
# InRelease ("File has unexpected size ... Mirror sync in progress?")
mismatched() {
	grep -o '^E: Failed to fetch [^ ]*  File has unexpected size' "$1" | awk '{print $5}' | sort -u
}
# only_mismatch LOG: that was the only kind of error
only_mismatch() {
	! grep '^E:' "$1" | grep -v 'Some index files failed' | grep -qv 'File has unexpected size'
}
if ! apt-get "${apt_opts[@]}" update >"$dir/apt/update.log" 2>&1; then
	# A mirror out of sync serves a Packages index newer than its (signed)
	# InRelease, and by-hash has no copy of the old one. Only for a target
	# that opts in with ALLOW_UNVERIFIED_INDEXES=1 in its configs/targets
	# file, and only when that is the only error:
	#  1. leave the suites of those indexes out, and keep going if the
	#     verified suites left have the kernel and busybox-static;
	#  2. else take those indexes as served, UNVERIFIED. apt then checks each
	#     .deb against the hashes of that same unsigned index, which proves
	#     nothing about where the .deb came from: they are unauthenticated,
	#     and the WARNING, cache/<t>/apt/unverified-indexes and
	#     kernel.env's UNVERIFIED=1 say so.
	[ "${ALLOW_UNVERIFIED_INDEXES:-0}" = 1 ] || die "apt-get update failed, see $dir/apt/update.log"
	only_mismatch "$dir/apt/update.log" || die "apt-get update failed, see $dir/apt/update.log"
	bad=$(mismatched "$dir/apt/update.log")
	suites=$(for url in $bad; do s=${url#*/dists/}; echo "${s%%/*}"; done | sort -u)
	cp "$dir/apt/sources.list" "$dir/apt/sources.list.all"
	awk -v drop=" $(echo $suites) " '{ i = ($2 ~ /^\[/) ? 4 : 3; if (index(drop, " " $i " ")) next; print }' \
		"$dir/apt/sources.list.all" >"$dir/apt/sources.list"
	verified=0
	if grep -q . "$dir/apt/sources.list" &&
		apt-get "${apt_opts[@]}" update >"$dir/apt/update-verified.log" 2>&1; then
		h=$(apt-cache "${apt_opts[@]}" depends "linux-headers-$KERNEL_FLAVOUR" 2>/dev/null |
			awk '$1 ~ /Depends:/ && $2 ~ /^linux-headers-/ {print $2; exit}' || true)
		if [ -n "$h" ] && apt-cache "${apt_opts[@]}" show "${h/headers/image}" busybox-static >/dev/null 2>&1; then
			verified=1
		fi
	fi
	if [ $verified = 1 ]; then
		for url in $bad; do
			log "fetch: WARNING: $url does not match its signed InRelease (mirror out of sync): left its suite out; the kernel and busybox come from the verified suites"
		done
	else
		cp "$dir/apt/sources.list.all" "$dir/apt/sources.list"
		apt-get "${apt_opts[@]}" update >"$dir/apt/update.log" 2>&1 || only_mismatch "$dir/apt/update.log" ||
			die "apt-get update failed, see $dir/apt/update.log"
		lists="$dir/apt/lists"
		for url in $(mismatched "$dir/apt/update.log"); do
			log "fetch: WARNING: $url does not match its signed InRelease (mirror out of sync), and no verified suite has the kernel: using it UNVERIFIED. apt checks the .debs against this index, which no signature covers, so that check verifies nothing: the packages taken from it are unauthenticated"
			name=${url#*://} name=${name%.xz}
			name=${name//\//_}
			/usr/lib/apt/apt-helper download-file "$url" "$lists/partial/$name.xz" >>"$dir/apt/update.log" 2>&1 &&
				xz -dc "$lists/partial/$name.xz" >"$lists/$name" ||
				die "cannot fetch $url, see $dir/apt/update.log"
			rm -f "$lists/partial/$name.xz"
			rel=${name%%_main_*}_InRelease
			[ ! -f "$lists/partial/$rel" ] || mv "$lists/partial/$rel" "$lists/$rel"
			echo "$url" >>"$dir/apt/unverified-indexes"
		done
	fi
fi

# depends PKG REGEX: the first dependency of PKG matching REGEX
depends() {
	apt-cache "${apt_opts[@]}" depends "$1" 2>/dev/null |
		awk -v re="$2" '$1 ~ /Depends:/ && $2 ~ re && !x {print $2; x = 1}' || true
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
# kbuild's host programs (fixdep, modpost, ...) must run here: the amd64
# build of the headers' version, else (a suite whose amd64 side has another
# upload of that series, as for riscv64) the amd64 candidate.
# candidate PKG: its candidate version, empty when there is none
candidate() {
	apt-cache "${apt_opts[@]}" policy "$1" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)" {print $2}'
}
kbuild_amd64="$kbuild:amd64"
if apt-cache "${apt_opts[@]}" show "$kbuild_amd64=$kversion" >/dev/null 2>&1; then
	kbuild_amd64="$kbuild_amd64=$kversion"
else
	if [ -z "$(candidate "$kbuild_amd64")" ]; then
		# Versioned names (linux-kbuild-6.12.107+deb13): the newest amd64
		# linux-kbuild of the same series.
		series=$(echo "$kbuild" | grep -oE '^linux-kbuild-[0-9]+\.[0-9]+')
		kbuild_amd64=$(for p in $(apt-cache "${apt_opts[@]}" pkgnames "$series"); do
			v=$(candidate "$p:amd64"); [ -z "$v" ] || echo "$v $p:amd64"
		done | sort -V | tail -n 1 | cut -d' ' -f2)
		[ -n "$kbuild_amd64" ] || die "no amd64 $series* (linux-kbuild) in the $kver sources"
	fi
	log "fetch: no amd64 $kbuild $kversion: taking $kbuild_amd64 $(candidate "$kbuild_amd64")"
fi

log "fetch: $img $hdr $common $kbuild_amd64 busybox-static ($kversion)"
(cd "$dir/debs" && rm -f ./*.deb &&
	apt-get "${apt_opts[@]}" download "$img" $binpkg "$hdr" "$common" "$kbuild_amd64" busybox-static \
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
# An amd64 kbuild of another upload (see above) unpacks under its own name:
# give it the name the headers' scripts link points at.
kbdir=$(readlink "$kdir/scripts" || true) kbdir=${kbdir%/scripts} kbdir=${kbdir##*/}
if [ -n "$kbdir" ] && [ ! -e "$root/usr/lib/$kbdir" ]; then
	ln -s "$(basename "$(ls -d "$root"/usr/lib/linux-kbuild-* | head -n 1)")" "$root/usr/lib/$kbdir"
fi
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
MODDIR=$(moddir "$root" "$krel")
UNVERIFIED=$([ -s "$dir/apt/unverified-indexes" ] && echo 1 || echo 0)
EOT
log "fetch: $target $krel ($kversion) ready in $dir"
