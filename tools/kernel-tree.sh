#!/usr/bin/env bash
# make run KERNEL=DIR: boot your own built kernel tree in qemu. Describes the
# tree as a kernel cache entry (DIR/<target>-tree/kernel.env, the file
# tools/fetch-kernel.sh writes for a Debian kernel), so that run-guest.sh
# and build-module.sh boot its image and build the module with the tree as
# KDIR (make run then passes KVER=tree and this cache).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<EOT
usage: $0 --target T --tree LINUX --out CACHEDIR [--cache DEBIAN_CACHE]
LINUX is a built kernel tree (make defconfig plus the options below, then
make): its image (x86_64 arch/x86/boot/bzImage, arm64 arch/arm64/boot/Image
or Image.gz, ppc64el vmlinux, s390x arch/s390/boot/bzImage, riscv64
arch/riscv/boot/Image), .config, include/generated/utsrelease.h and
Module.symvers. Checks the options srcubench needs (fails on a missing one,
names it), takes busybox-static from the target's Debian kernel entry in
DEBIAN_CACHE (fetched if needed), and writes CACHEDIR/T-tree/kernel.env.
Options srcubench needs (y): $(need_opts x86_64 | tr '\n' ' ')
(the console driver differs per target: $(for t in arm64 ppc64el s390x riscv64; do printf '%s %s; ' "$t" "$(console_opt "$t")"; done))
EOT
}
# The options a tree needs: modules to load and unload it, debugfs for its
# results, hrtimers for the hardirq readers, an initramfs (gzip) with
# devtmpfs, and the target's serial console.
console_opt() {
	case "$1" in
	x86_64|riscv64) echo CONFIG_SERIAL_8250_CONSOLE ;;
	arm64) echo CONFIG_SERIAL_AMBA_PL011_CONSOLE ;;
	ppc64el) echo CONFIG_HVC_CONSOLE ;;
	s390x) echo CONFIG_SCLP_CONSOLE ;;
	esac
}
need_opts() {
	printf '%s\n' CONFIG_MODULES CONFIG_MODULE_UNLOAD CONFIG_DEBUG_FS CONFIG_HIGH_RES_TIMERS \
		CONFIG_BLK_DEV_INITRD CONFIG_RD_GZIP CONFIG_DEVTMPFS CONFIG_PROC_FS CONFIG_SYSFS "$(console_opt "$1")"
}
target=x86_64 tree='' out='' cache="$SB_TOP/cache"
parse_opts "--target=target --tree=tree --out=out --cache=cache" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
if [ -z "$tree" ] || [ -z "$out" ]; then usage >&2; die "--tree and --out are required"; fi
[ -d "$tree" ] || die "KERNEL=$tree: no such directory"
tree=$(cd "$tree" && pwd)
load_target "$target"
case "$target" in
x86_64) images=(arch/x86/boot/bzImage) ;;
arm64) images=(arch/arm64/boot/Image arch/arm64/boot/Image.gz) ;;
ppc64el) images=(vmlinux) ;;
s390x) images=(arch/s390/boot/bzImage) ;;
riscv64) images=(arch/riscv/boot/Image) ;;
*) die "no kernel image path known for target '$target'" ;;
esac
image=
for i in "${images[@]}"; do [ -f "$tree/$i" ] && { image="$tree/$i"; break; }; done
[ -n "$image" ] || die "KERNEL=$tree: no ${images[*]}: build the tree first (make)"
[ -f "$tree/.config" ] || die "KERNEL=$tree: no .config"
[ -f "$tree/Makefile" ] || die "KERNEL=$tree: no Makefile (not a kernel tree)"
[ -f "$tree/include/generated/utsrelease.h" ] || die "KERNEL=$tree: no include/generated/utsrelease.h: build the tree first (make)"
missing=()
for o in $(need_opts "$target"); do grep -q "^$o=y" "$tree/.config" || missing+=("$o"); done
[ ${#missing[@]} = 0 ] || die "KERNEL=$tree: .config lacks ${missing[*]} (=y): srcubench needs them (README; scripts/config -e OPTION && make olddefconfig && make)"
! grep -q '^CONFIG_MODULE_SIG_FORCE=y' "$tree/.config" ||
	die "KERNEL=$tree: CONFIG_MODULE_SIG_FORCE=y: the out-of-tree module would need your signing key"
grep -q '^CONFIG_DEBUG_INFO_BTF=y' "$tree/.config" || log "kernel-tree: no CONFIG_DEBUG_INFO_BTF: BPF=1 will not work with this kernel"
[ -f "$tree/Module.symvers" ] || log "kernel-tree: WARNING: no Module.symvers (make modules): modpost cannot check the module's symbols"
krel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$tree/include/generated/utsrelease.h")
[ -n "$krel" ] || die "KERNEL=$tree: no UTS_RELEASE in include/generated/utsrelease.h"
desc=$(git -C "$tree" describe --always --dirty 2>/dev/null || echo unknown)

# busybox-static of the target's arch, from its Debian kernel entry.
"$SB_TOP/tools/fetch-kernel.sh" --target "$target" --cache "$cache" >&2
# shellcheck disable=SC1090
. "$cache/$target-${KVER_DEFAULT:-6.1}/kernel.env"
dir="$out/$target-tree"
mkdir -p "$dir"
cat >"$dir/kernel.env" <<EOT
KREL=$krel
KVERSION=tree-$desc
VMLINUZ=$image
KDIR=$tree
BUSYBOX=$BUSYBOX
ROOT=$tree
MODDIR=
EOT
log "kernel-tree: $target $krel ($image, KDIR $tree, $desc)"
