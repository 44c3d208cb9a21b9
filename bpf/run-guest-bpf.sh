#!/usr/bin/env bash
# Boot a Debian kernel in qemu with srcu_bench.ko and srcubench-bpf, without
# tools/run-guest.sh: builds the module and the loader, packs a busybox
# initramfs (bpf/guest-init + bpf/guest-run.sh) and boots it under TCG.
set -euo pipefail
. "$(dirname "$0")/../tools/lib.sh"

usage() {
	cat <<EOT
usage: $0 [--kver 6.1] [--scenario NAME|FILE] [--params 'MODULE PARAMS']
          [--action run|test|perturb] [--pairs N] [--bpf-args 'ARGS'] [--mode tcg|icount]
          [--out DIR] [--cache DIR]
Writes DIR/console.log, DIR/guest-status.txt, DIR/results.txt (the module's),
DIR/bpf.txt (the loader's); --action perturb: DIR/ab/results-{A,B}-<i>.txt.
EOT
}
target=x86_64 kver=6.1 scenario=quick action=run out="$SB_TOP/out/bpf" cache="$SB_TOP/cache"
params= pairs=3 bpf_args= mode=tcg
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--scenario) scenario=$2; shift 2 ;;
	--params) params=$2; shift 2 ;;
	--action) action=$2; shift 2 ;;
	--pairs) pairs=$2; shift 2 ;;
	--bpf-args) bpf_args=$2; shift 2 ;;
	--mode) mode=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown option '$1'" ;;
	esac
done
case "$action" in run|test|perturb) ;; *) die "--action: '$action' is not run, test or perturb" ;; esac
case "$mode" in tcg|icount) ;; *) die "--mode: '$mode' is not tcg or icount" ;; esac
load_target "$target"
VCPUS=4 TIMEOUT=600 PARAMS=
# shellcheck disable=SC1090
. "$(scenario_file "$scenario")"
if [ "$mode" = icount ]; then
	env=tcg-icount accel=(-accel tcg -icount shift=0,sleep=off) VCPUS=1
else
	env=tcg accel=(-accel tcg,thread=multi)
fi
[ -z "$params" ] || PARAMS=$params
[ "$action" != perturb ] || TIMEOUT=$((TIMEOUT * (2 * pairs + 1)))
mkdir -p "$out" && out=$(cd "$out" && pwd)
"$SB_TOP/tools/fetch-kernel.sh" --target "$target" --kver "$kver" --cache "$cache" >&2
# shellcheck disable=SC1090
. "$cache/$target-$kver/kernel.env"

log "bpf: building srcubench-bpf (vmlinux.h from $VMLINUZ)"
make -s -C "$SB_TOP/bpf" OUTPUT="$out/bpf-build" VMLINUZ="$VMLINUZ" >"$out/bpf-build.log" 2>&1 ||
	{ tail -n 30 "$out/bpf-build.log" >&2; die "bpf build failed, see $out/bpf-build.log"; }

log "bpf: building srcu_bench.ko for $KREL"
mb="$out/module"
rm -rf "$mb" && mkdir -p "$mb"
cp "$SB_TOP"/module/*.c "$SB_TOP"/module/*.h "$SB_TOP"/module/Kbuild "$mb/"
build_cmd=(make -C "$KDIR" M="$mb" ARCH="$KBUILD_ARCH" CROSS_COMPILE="$CROSS_COMPILE"
	CONFIG_DEBUG_INFO_BTF_MODULES= modules)
want_cc=$(grep -o 'gcc-[0-9]*' "$KDIR/.kernelvariables" 2>/dev/null | head -n 1 || true)
tcvar="TOOLCHAIN_${kver//[.-]/_}"
if [ -n "$want_cc" ] && ! command -v "$want_cc" >/dev/null && [ -n "${!tcvar:-}" ]; then
	"$SB_TOP/tools/toolchain.sh" --suite "${!tcvar}" --cc "$want_cc" --cache "$cache" \
		--run "$cache" --run "$mb" -- "${build_cmd[@]}" >"$out/module-build.log" 2>&1
else
	"${build_cmd[@]}" >"$out/module-build.log" 2>&1
fi || { tail -n 30 "$out/module-build.log" >&2; die "module build failed"; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp"
cp "$BUSYBOX" "$stage/bin/busybox"
cp "$SB_TOP/bpf/guest-init" "$stage/init"
cp "$SB_TOP/bpf/guest-run.sh" "$stage/guest-run.sh"
chmod 755 "$stage/init" "$stage/guest-run.sh"
cp "$mb/srcu_bench.ko" "$stage/srcu_bench.ko"
cp "$out/bpf-build/srcubench-bpf" "$stage/srcubench-bpf"
printf 'PARAMS=%q\nENV=%q\nACTION=%q\nPAIRS=%q\nBPF_ARGS=%q\n' "$PARAMS" "$env" "$action" "$pairs" "$bpf_args" \
	>"$stage/scenario.env"
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/initramfs.cpio.gz"

log "bpf: boot $KREL, $VCPUS vCPUs, $mode, action $action, params: $PARAMS"
rm -f "$out/console.log"
# shellcheck disable=SC2086
timeout --foreground -k 10 "$TIMEOUT" "$QEMU" $QEMU_ARGS "${accel[@]}" -smp "$VCPUS" -m 1G \
	-display none -monitor none -serial "file:$out/console.log" -no-reboot \
	-kernel "$VMLINUZ" -initrd "$out/initramfs.cpio.gz" \
	-append "console=$CONSOLE panic=-1 loglevel=5 $KERNEL_ARGS" </dev/null ||
	die "qemu failed or timed out (status $?), see $out/console.log"
log "bpf: guest powered off"
tr -d '\r' <"$out/console.log" | grep '^@@SRCUBENCH STATUS ' | cut -d' ' -f3- >"$out/guest-status.txt" || true
grep -q '^done ' "$out/guest-status.txt" || die "guest did not finish its script, see $out/console.log"
if [ "$action" = perturb ]; then
	rm -rf "$out/ab" && mkdir -p "$out/ab"
	for i in $(seq 1 "$pairs"); do
		for s in A B; do
			extract_section "results-$s-$i" "$out/console.log" >"$out/ab/results-$s-$i.txt"
		done
		extract_section "bpf-B-$i" "$out/console.log" >"$out/ab/bpf-B-$i.txt"
	done
else
	extract_section results "$out/console.log" >"$out/results.txt"
	extract_section bpf "$out/console.log" >"$out/bpf.txt"
	extract_section bpf-stderr "$out/console.log" >"$out/bpf-stderr.txt"
fi
if tr -d '\r' <"$out/console.log" | grep -E "$SB_BAD_CONSOLE" >&2; then
	die "the console shows the kernel complaining (lines above)"
fi
log "bpf: done: $out"
