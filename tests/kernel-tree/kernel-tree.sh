#!/usr/bin/env bash
# make run KERNEL=DIR (a patch author's own built tree) without building a
# kernel: Debian's 6.1 x86_64 headers and vmlinuz arranged as a build tree
# (the headers' files linked into DIR, the image as arch/x86/boot/bzImage).
# One boot under TCG: the results name that kernel and the tree, the module
# was built against DIR; a tree whose .config lacks CONFIG_DEBUG_FS, or that
# has no image, is refused with the reason. Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"
out="$top/out/kernel-tree" cache="$top/cache"
usage() { echo "usage: $0 [--out DIR] [--cache DIR]"; }
parse_opts "--out=out --cache=cache" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
mkdir -p "$out" && out=$(cd "$out" && pwd)
cache=$(cd "$cache" && pwd)

"$top/tools/fetch-kernel.sh" --target x86_64 --kver 6.1 --cache "$cache" || { ko "fetch Debian 6.1"; finish; }
# shellcheck disable=SC1090
. "$cache/x86_64-6.1/kernel.env"
# arrange TREE: the headers' tree linked file by file (the cache stays
# untouched), the image where an upstream build leaves it
arrange() {
	rm -rf "$1" && cp -rsL "$KDIR" "$1" && mkdir -p "$1/arch/x86/boot" && cp "$VMLINUZ" "$1/arch/x86/boot/bzImage"
}
arrange "$out/linux" || { ko "arrange the build tree"; finish; }

# Refusals first (no boot): an option missing, no image.
arrange "$out/linux-nodebugfs"
sed '/^CONFIG_DEBUG_FS=/d' "$out/linux-nodebugfs/.config" >"$out/config" && rm "$out/linux-nodebugfs/.config" &&
	mv "$out/config" "$out/linux-nodebugfs/.config"
make -s -C "$top" run KERNEL="$out/linux-nodebugfs" OUT="$out/refused" >"$out/refused.log" 2>&1
check "a tree without CONFIG_DEBUG_FS is refused, naming it" eval \
	"[ $? != 0 ] && grep -q 'lacks CONFIG_DEBUG_FS' '$out/refused.log'"
rm -f "$out/linux-nodebugfs/arch/x86/boot/bzImage"
make -s -C "$top" run KERNEL="$out/linux-nodebugfs" OUT="$out/refused" >"$out/refused2.log" 2>&1
check "a tree without its image is refused (build the tree first)" eval \
	"[ $? != 0 ] && grep -q 'no arch/x86/boot/bzImage' '$out/refused2.log'"
rm -rf "$out/linux-nodebugfs" "$out/refused"

# The boot: make run KERNEL=, two vCPUs.
if make -C "$top" run KERNEL="$out/linux" OUT="$out/run" VCPUS=2 >"$out/run.log" 2>&1; then
	ok "make run KERNEL=$out/linux"
else
	ko "make run KERNEL=$out/linux (see $out/run.log)"; tail -n 30 "$out/run.log"; finish
fi
res="$out/run/results.txt"
check "the guest ran the tree's kernel (meta kernel $KREL)" grep -qx "meta kernel $KREL" "$res"
check "meta harness.kernel_package names the tree (tree-...)" grep -q '^meta harness.kernel_package tree-' "$res"
check "the module was built against the tree (build.log: make -C $out/linux)" \
	grep -q "Entering directory '$out/linux'" "$out/run/build.log"
check "results complete" grep -q '^end complete ' "$res"
check "the report was written" grep -q '^## read-side cost per op' "$out/run/report.txt"
check "the Debian cache has no tree entry (nothing written there)" [ ! -e "$cache/x86_64-tree" ]
finish
