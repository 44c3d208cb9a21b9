#!/usr/bin/env bash
# Boot a Debian kernel in qemu (TCG), load srcu_bench.ko with a scenario and
# bring the results and the console log back.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<EOT
usage: $0 [--target x86_64] [--kver SERIES] [--scenario NAME|FILE]
          [--action run|selftest|abort|peers|perf-ab|bpf-test|bpf-perturb] [--mode tcg|icount]
          [--params 'MODULE PARAMS'] [--out DIR] [--cache DIR]
          [--ab-a PARAMS --ab-b PARAMS [--pairs N] [--events LIST]]
          [--bpf] [--bpf-args 'LOADER ARGS'] [--prebuilt DIR] [--vcpus N]
Fetches the target's Debian kernel (tools/fetch-kernel.sh; default series:
the target's KVER_DEFAULT, else 6.1), cross-builds the module against its
headers, packs an initramfs and boots qemu under TCG
(-accel tcg,thread=multi; --mode icount: one vCPU, -icount shift=0, where a
guest nanosecond is one guest instruction). Writes DIR/results.txt,
DIR/console.log and DIR/guest-status.txt (default DIR: out). Fails when the
module does not load, the results are missing or incomplete, or the console
shows an oops, BUG, WARNING, lockup, RCU stall or panic. --action peers also
builds the kernel's refscale/rcuscale from Debian's linux-source and runs
them after srcubench in the same boot (peer records in the results).
--action perf-ab runs perf stat -a -x, -- insmod srcu_bench.ko PARAMS A, then
B, N pairs (A B A B ...), with the host's perf shared into the guest over
virtio-9p; writes DIR/ab/{A,B}-<i>.txt and DIR/perf-ab.txt (perf records).
--bpf (action run) also builds bpf/'s CO-RE sampler against the guest
kernel's BTF and runs it beside the module: sample, srcuctr and bpfgp
records join the results, and DIR/bpf.txt has the loader's own output.
--action abort runs tools/guest/abort-tests.sh (tests/guest/abort.sh).
--action bpf-test (implies --bpf) first checks the loader's bad-option and
no-module errors (bpf.* lines in DIR/guest-status.txt), then runs.
--action bpf-perturb (implies --bpf) runs the scenario N times (--pairs,
default 3) without (A) and with (B) the loader: DIR/ab/results-{A,B}-<i>.txt
and DIR/ab/bpf-B-<i>.txt, for bpf/perturb-summary.sh DIR/ab.
--vcpus N overrides the scenario's VCPUS. --mode icount boots one vCPU unless
--vcpus asks for more and the target's ICOUNT_MAX_VCPUS allows them (qemu
runs icount vCPUs round-robin on one host thread, and guest time then counts
every vCPU's instructions: see README).
--params overrides the scenario's module parameters; --bpf-args passes
options to the loader (srcubench-bpf --help).
--prebuilt DIR boots DIR/srcu_bench.ko (an earlier run's OUT/build, for the
same kernel) instead of building the module again.
Scenarios: $(ls "$SB_TOP/configs/scenarios" | tr '\n' ' ')
EOT
}

target=x86_64 kver= scenario=quick action=run mode=tcg out="$SB_TOP/out" cache="$SB_TOP/cache"
ab_a= ab_b= ab_pairs= ab_events= bpf=0 prebuilt= params= bpf_args= vcpus=
while [ $# -gt 0 ]; do
	case "$1" in
	--target) target=$2; shift 2 ;;
	--kver) kver=$2; shift 2 ;;
	--scenario) scenario=$2; shift 2 ;;
	--action) action=$2; shift 2 ;;
	--mode) mode=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	--ab-a) ab_a=$2; shift 2 ;;
	--ab-b) ab_b=$2; shift 2 ;;
	--pairs) ab_pairs=$2; shift 2 ;;
	--events) ab_events=$2; shift 2 ;;
	--bpf) bpf=1; shift ;;
	--bpf-args) bpf_args=$2; shift 2 ;;
	--params) params=$2; shift 2 ;;
	--vcpus) vcpus=$2; shift 2 ;;
	--prebuilt) prebuilt=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown option '$1'" ;;
	esac
done
case "$mode" in tcg|icount) ;; *) die "--mode: '$mode' is not tcg or icount" ;; esac
case "$action" in
run|selftest|abort|peers|perf-ab) ;;
bpf-test|bpf-perturb) bpf=1 ;;
*) die "--action: '$action' is not run, selftest, abort, peers, perf-ab, bpf-test or bpf-perturb" ;;
esac
case "${ab_pairs:-3}" in ''|*[!0-9]*|0) die "--pairs: '$ab_pairs' is not a positive number" ;; esac
load_target "$target"
kver=${kver:-${KVER_DEFAULT:-6.1}}
sfile=$(scenario_file "$scenario")
sname=$(basename "$sfile")	# sfile may become a derived copy (perf-ab)
VCPUS=4 TIMEOUT=600
# shellcheck disable=SC1090
. "$sfile"
case "$vcpus" in '') ;; *[!0-9]*|0) die "--vcpus: '$vcpus' is not a positive number" ;; *) VCPUS=$vcpus ;; esac
if [ "$mode" = icount ]; then
	# One vCPU unless asked (--vcpus) and the target boots more under icount.
	VCPUS=${vcpus:-1}
	[ "$VCPUS" -le "${ICOUNT_MAX_VCPUS:-1}" ] ||
		die "--mode icount --vcpus $VCPUS: $target boots at most ${ICOUNT_MAX_VCPUS:-1} under icount (${ICOUNT_SMP_NOTE:-untried})"
	[ "$VCPUS" = 1 ] || log "boot: WARNING: icount on $VCPUS vCPUs is experimental: guest time counts every vCPU's instructions, and qemu's round-robin starved a vCPU for 21 guest seconds in one arm64 boot (README)"
fi
[ "$action" != bpf-perturb ] || TIMEOUT=$((TIMEOUT * (2 * ${ab_pairs:-3} + 1)))
mkdir -p "$out" "$cache"
out=$(cd "$out" && pwd)
# The scenario plus this run's settings, as the file the initramfs gets.
if [ -n "$params" ] || [ -n "$bpf_args" ] || [ "$action" = bpf-perturb ]; then
	{ cat "$sfile"
	  [ -z "$params" ] || printf 'PARAMS=%q\n' "$params"
	  printf 'BPF_ARGS=%q\nAB_PAIRS=%q\n' "$bpf_args" "${ab_pairs:-3}"; } >"$out/scenario.in"
	sfile="$out/scenario.in"
fi

# The kernel (fetched and cached), then the module built against it.
if [ -n "$prebuilt" ]; then
	"$SB_TOP/tools/fetch-kernel.sh" --target "$target" --kver "$kver" --cache "$cache"
	# shellcheck disable=SC1090
	. "$cache/$target-$kver/kernel.env"
	build=$(cd "$prebuilt" && pwd)
	[ -f "$build/srcu_bench.ko" ] || die "--prebuilt: no srcu_bench.ko in $prebuilt"
	vm=$(tr '\0' '\n' <"$build/srcu_bench.ko" | sed -n 's/^vermagic=\([^ ]*\).*/\1/p' | head -n 1)
	[ "$vm" = "$KREL" ] || die "--prebuilt: $build/srcu_bench.ko is for '$vm', not $KREL"
	log "build: reusing $build/srcu_bench.ko"
else
	build="$out/build"
	"$SB_TOP/tools/build-module.sh" --target "$target" --kver "$kver" --cache "$cache" --out "$build" >/dev/null
	# shellcheck disable=SC1090
	. "$cache/$target-$kver/kernel.env"
fi

if [ "$mode" = icount ]; then
	env=tcg-icount accel=(-accel tcg -icount shift=0,sleep=off)
	# Same code at the same addresses every boot: with KASLR an arm64 module
	# lands out of bl range of the kernel in some boots and calls it through
	# PLT veneers (srcu lock+unlock read 46 instructions in one boot, 52 in
	# the next).
	KERNEL_ARGS="${KERNEL_ARGS:+$KERNEL_ARGS }nokaslr"
	watchdog=0	# guest time is instructions here, not the host's seconds
else
	env=tcg accel=(-accel tcg,thread=multi)
	# The guest's own watchdog (guest time follows the host's under TCG):
	# it dumps blocked tasks and CPU backtraces before the host timeout hits.
	watchdog=$(( TIMEOUT > 120 ? TIMEOUT - 60 : TIMEOUT / 2 ))
fi
peer_opt=() qemu_extra=()
if [ "$action" = perf-ab ]; then
	[ -n "$ab_a" ] && [ -n "$ab_b" ] || die "--action perf-ab needs --ab-a PARAMS and --ab-b PARAMS"
	[ -d /usr/bin ] && ls /usr/bin/perf* >/dev/null 2>&1 || die "perf-ab needs Debian's linux-perf on this machine"
	# The scenario plus the A/B settings, as the file the initramfs gets.
	{ cat "$sfile"; printf 'AB_A=%q\nAB_B=%q\nAB_PAIRS=%q\nAB_EVENTS=%q\n' "$ab_a" "$ab_b" "${ab_pairs:-3}" \
		"${ab_events:-task-clock,context-switches,cpu-migrations,page-faults,cycles,instructions}"; } >"$out/scenario"
	sfile="$out/scenario"
	[ -n "${MODDIR:-}" ] || die "perf-ab needs the image's modules, and $KREL's image has none (see kernel.env)"
	"$SB_TOP/tools/guest-modules.sh" "$MODDIR" virtio_pci 9pnet_virtio 9p >"$out/kmods.list"
	peer_opt=(--kmods "$out/kmods.list")
	qemu_extra=(-virtfs local,path=/usr,mount_tag=hostusr,security_model=none,readonly=on)
fi
if [ "$action" = peers ]; then
	"$SB_TOP/tools/build-peers.sh" --target "$target" --kver "$kver" --cache "$cache" --out "$out/peers"
	peer_opt=(--peers "$out/peers")
fi
if [ "$bpf" = 1 ]; then
	case "$action" in run|bpf-*) ;; *) die "--bpf goes with --action run, bpf-test or bpf-perturb" ;; esac
	log "build: bpf/ sampler against $KREL's BTF"
	make -s -C "$SB_TOP/bpf" OUTPUT="$out/bpf-build" VMLINUZ="$VMLINUZ" >"$out/bpf-build.log" 2>&1 ||
		{ tail -n 30 "$out/bpf-build.log" >&2; die "bpf build failed, see $out/bpf-build.log"; }
	peer_opt+=(--bpf "$out/bpf-build/srcubench-bpf")
fi
"$SB_TOP/tools/mkinitramfs.sh" "${peer_opt[@]}" --busybox "$BUSYBOX" --module "$build/srcu_bench.ko" \
	--scenario "$sfile" --env "$env" --action "$action" --watchdog "$watchdog" --out "$out/initramfs.cpio.gz"

qemu_ver=$("$QEMU" --version | awk 'NR == 1 {print $4}')
log "boot: $QEMU $qemu_ver, $VCPUS vCPUs, $mode, scenario $sname, action $action"
# die_console MSG: fail with the console's last lines on stderr, so a CI log
# shows why a guest failed without the console.log file
die_console() {
	printf '%s: guest console, last 40 lines of %s:\n' "$(basename "$0")" "$out/console.log" >&2
	console_tail
	die "$1, see $out/console.log"
}
console_tail() {
	tr -d '\r' <"$out/console.log" 2>/dev/null | tail -n 40 | sed 's/^/  | /' >&2
}
boot() {
	rm -f "$out/console.log"
	# shellcheck disable=SC2086
	timeout --foreground -k 10 "$TIMEOUT" "$QEMU" $QEMU_ARGS "${accel[@]}" -smp "$VCPUS" -m 1G \
		-display none -monitor none -serial "file:$out/console.log" -no-reboot "${qemu_extra[@]}" \
		-kernel "$VMLINUZ" -initrd "$out/initramfs.cpio.gz" \
		-append "console=$CONSOLE panic=-1 loglevel=5 $KERNEL_ARGS" </dev/null
}
# A guest that dies before its init prints a line (an emulated boot that
# panicked, nothing of srcubench's has run yet) is shown and booted once more.
for attempt in 1 2; do
	rc=0
	boot || rc=$?
	tr -d '\r' <"$out/console.log" | grep '^@@SRCUBENCH STATUS ' | cut -d' ' -f3- >"$out/guest-status.txt" || true
	if [ $attempt = 1 ] && [ $rc != 124 ] && ! grep -q '^kernel ' "$out/guest-status.txt"; then
		log "boot: the guest stopped (qemu status $rc) before its init ran; console tail:"
		console_tail
		cp "$out/console.log" "$out/console-failed-boot.log"
		log "boot: booting again (the failed boot's console is in $out/console-failed-boot.log)"
		continue
	fi
	break
done
[ $rc = 0 ] || { [ $rc = 124 ] && die_console "guest did not finish within ${TIMEOUT}s"; \
	die_console "qemu failed (status $rc)"; }
log "boot: guest powered off"
! grep -q '^watchdog ' "$out/guest-status.txt" ||
	die_console "guest hung: its watchdog fired after ${watchdog}s (blocked tasks and CPU backtraces)"
grep -q '^done ' "$out/guest-status.txt" || die_console "guest did not finish its script"
harness_meta() {
	printf 'meta harness.target %s\nmeta harness.qemu %s\nmeta harness.accel %s\nmeta harness.mode %s\n' \
		"$target" "$qemu_ver" tcg "$mode"
	printf 'meta harness.vcpus %s\nmeta harness.scenario %s\nmeta harness.kernel_package %s\n' \
		"$VCPUS" "$sname" "$KVERSION"
	kargs=${KERNEL_ARGS:--}; printf 'meta harness.kernel_args %s\n' "${kargs// /,}"
	printf 'meta harness.boots %s\n' "$attempt"
}
case "$action" in perf-ab|bpf-perturb) ;; *)
	{
		harness_meta
		extract_section results "$out/console.log" | { grep -v '^end ' || true; }
		[ "$action" != peers ] || "$SB_TOP/tools/peers-parse.sh" "$out/console.log"
		# The static code of each op's loop, from the module that ran.
		"$SB_TOP/tools/codegen.sh" --objdump "${CROSS_COMPILE}objdump" \
			--arch "$(extract_section results "$out/console.log" | awk '$1 == "meta" && $2 == "arch" {print $3}')" \
			"$build/srcu_bench.ko" || true
		[ "$bpf" != 1 ] || extract_section bpf "$out/console.log"
		extract_section results "$out/console.log" | { grep '^end ' || true; }
	} >"$out/results.txt"
	if [ "$bpf" = 1 ]; then
		extract_section bpf "$out/console.log" >"$out/bpf.txt"
		extract_section bpf-stderr "$out/console.log" >"$out/bpf-stderr.txt"
	fi ;;
esac
if [ "$action" = bpf-perturb ]; then
	rm -rf "$out/ab" && mkdir -p "$out/ab"
	: >"$out/bpf-stderr.txt"	# this boot's loader stderr only, pair after pair
	for i in $(seq 1 "${ab_pairs:-3}"); do
		for side in A B; do
			{ harness_meta; printf 'meta harness.variant %s\n' "$side"
			  extract_section "results-$side-$i" "$out/console.log"; } >"$out/ab/results-$side-$i.txt"
		done
		extract_section "bpf-B-$i" "$out/console.log" >"$out/ab/bpf-B-$i.txt"
		extract_section "bpf-B-$i-stderr" "$out/console.log" >>"$out/bpf-stderr.txt"
	done
	cp "$out/ab/results-A-1.txt" "$out/results.txt"
fi

if [ "$action" = perf-ab ]; then
	rm -rf "$out/ab" && mkdir -p "$out/ab"
	{
		harness_meta
		extract_section results-A-1 "$out/console.log" | { grep '^meta ' || true; } | { grep -v '^meta param\.' || true; }
		printf 'meta ab.A %s\nmeta ab.B %s\nmeta ab.pairs %s\n' "${ab_a// /_}" "${ab_b// /_}" "${ab_pairs:-3}"
		echo "# perf side pair event value unit"
		for i in $(seq 1 "${ab_pairs:-3}"); do
			for side in A B; do
				{ harness_meta; printf 'meta harness.variant %s\n' "$side"
				  extract_section "results-$side-$i" "$out/console.log"; } \
					>"$out/ab/$side-$i.txt"
				extract_section "perf-$side-$i" "$out/console.log" | perf_records "$side" "$i"
			done
		done
		printf "# end status runs\nend complete %s\n" "${ab_pairs:-3}"
	} >"$out/perf-ab.txt"
	cp "$out/ab/A-1.txt" "$out/results.txt"
fi

fail=0
if [ "$action" = bpf-perturb ]; then
	if grep '^bpf.insmod ' "$out/guest-status.txt" | grep -qv '^bpf.insmod 0$' ||
		[ "$(grep -c '^bpf.insmod 0$' "$out/guest-status.txt")" != $((2 * ${ab_pairs:-3})) ]; then
		echo "insmod failed in the guest: $(grep '^bpf.insmod ' "$out/guest-status.txt" | tr '\n' ' ')" >&2
		fail=1
	fi
elif [ "$action" != selftest ] && ! grep -q '^insmod 0$' "$out/guest-status.txt"; then
	echo "insmod failed in the guest: $(grep '^insmod ' "$out/guest-status.txt")" >&2
	fail=1
fi
if ! grep -q '^end complete ' "$out/results.txt"; then
	echo "results missing or incomplete (no 'end complete' record): $out/results.txt" >&2
	fail=1
fi
if [ "$bpf" = 1 ]; then
	if ! grep -q '^bpf.exit ' "$out/guest-status.txt" || grep '^bpf.exit ' "$out/guest-status.txt" | grep -qv '^bpf.exit 0$'; then
		echo "srcubench-bpf failed: $(cat "$out/bpf-stderr.txt")" >&2
		fail=1
	fi
fi
if tr -d '\r' <"$out/console.log" | grep -E "$SB_BAD_CONSOLE" >&2; then
	echo "the console shows the kernel complaining (lines above)" >&2
	fail=1
fi
[ $fail = 0 ] || die "guest run failed, see $out/console.log"
log "done: $out/results.txt ($(grep -c '^read ' "$out/results.txt") read, $(grep -c '^gp ' "$out/results.txt") gp, $(grep -c '^lost ' "$out/results.txt") lost records)"
