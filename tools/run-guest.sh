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
          [--nmi-hz N]
Fetches the target's Debian kernel (tools/fetch-kernel.sh; default series:
the target's KVER_DEFAULT, else 6.1), cross-builds the module against its
headers, packs an initramfs and boots qemu under TCG
(-accel tcg,thread=multi; --mode icount: one vCPU, -icount shift=0, where a
guest nanosecond is one guest instruction). Writes DIR/results.txt,
DIR/console.log and DIR/guest-status.txt (default DIR: out). The guest
writes its output files into DIR/guest/ over virtio-9p (results.txt,
status.txt, dmesg.txt, ...; 'meta harness.transport' says 9p, or console
when the guest could not mount the share and they came framed on the
console). Fails when
the module does not load, the results are missing or incomplete, the guest
times out ("timed out after N s"), or the console shows an oops, BUG,
WARNING, lockup, RCU stall or panic. A failing tools/codegen.sh is a
WARNING and 'meta harness.codegen failed' (DIR/codegen.err says why). --action peers also
builds the kernel's refscale/rcuscale from Debian's linux-source and runs
them after srcubench in the same boot (peer records in the results).
--action perf-ab runs perf stat -a -x, -- insmod srcu_bench.ko PARAMS A, then
B, N pairs (A B A B ...), with the host's perf shared into the guest over
virtio-9p; writes DIR/ab/{A,B}-<i>.txt and DIR/perf-ab.txt (perf records).
A side that fails (insmod or perf not 0, results incomplete) stops it at
once: the error names the side, the pair and why, and
DIR/guest/perf-<side>-<pair>-err.txt has its stderr and kernel log.
--bpf (action run) also builds bpf/'s CO-RE sampler against the guest
kernel's BTF and runs it beside the module: sample, srcuctr and bpfgp
records join the results, and DIR/bpf.txt has the loader's own output.
--action abort runs tools/guest/abort-tests.sh (tests/guest/abort.sh).
--bpf needs a target of this machine's architecture (no cross build of the
loader): it is refused for others. --action bpf-test (implies --bpf) first
checks the loader's bad-option and no-module errors (bpf.* lines in
DIR/guest-status.txt), then runs.
--action bpf-perturb (implies --bpf) runs the scenario N times (--pairs,
default 3) without (A) and with (B) the loader: DIR/ab/results-{A,B}-<i>.txt
and DIR/ab/bpf-B-<i>.txt, for bpf/perturb-summary.sh DIR/ab.
--vcpus N overrides the scenario's VCPUS. Under TCG a guest gets at most as
many vCPUs as the host has cores (nproc): a scenario asking for more boots
nproc of them; --vcpus N above that boots N, with a WARNING (descheduled
vCPUs stretch batches: see README). --mode icount boots one vCPU unless
--vcpus asks for more and the target's ICOUNT_MAX_VCPUS allows them (qemu
runs icount vCPUs round-robin on one host thread, and guest time then counts
every vCPU's instructions: see README).
--params overrides the scenario's module parameters; --bpf-args passes
options to the loader (srcubench-bpf --help).
--prebuilt DIR boots DIR/srcu_bench.ko (an earlier run's OUT/build, for the
same kernel) instead of building the module again.
A scenario file (configs/scenarios/NAME, or --scenario FILE) is sourced:
PARAMS, VCPUS, TIMEOUT (s; qemu is killed after it: "timed out after N s"),
PEER_*; and for tests TRANSPORT=console (output files on the console even
with the 9p share), CONSOLE_NOISE=1 (the guest floods its console with
EMERG lines and a sysrq task dump during the run), CODEGEN_OBJDUMP=PROG.
--nmi-hz N (x86_64 only) gives qemu a monitor on FIFOs (DIR/qemu-monitor.in,
.out) and runs tools/nmi-inject.sh, which sends the monitor command "nmi" N
times a second once the guest's init runs: the NMI source of the module's
nmi context (contexts=...,nmi) under TCG. DIR/nmi-inject.log says how many.
Scenarios: $(ls "$SB_TOP/configs/scenarios" | tr '\n' ' ')
EOT
}

target=x86_64 kver= scenario=quick action=run mode=tcg out="$SB_TOP/out" cache="$SB_TOP/cache"
ab_a= ab_b= ab_pairs= ab_events= bpf=0 prebuilt= params= bpf_args= vcpus= nmi_hz=
parse_opts "--target=target --kver=kver --scenario=scenario --action=action --mode=mode --out=out --cache=cache --ab-a=ab_a --ab-b=ab_b --pairs=ab_pairs --events=ab_events --bpf=bpf:1 --bpf-args=bpf_args --params=params --vcpus=vcpus --prebuilt=prebuilt --nmi-hz=nmi_hz" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
case "$mode" in tcg|icount) ;; *) die "--mode: '$mode' is not tcg or icount" ;; esac
case "$action" in
run|selftest|abort|peers|perf-ab) ;;
bpf-test|bpf-perturb) bpf=1 ;;
*) die "--action: '$action' is not run, selftest, abort, peers, perf-ab, bpf-test or bpf-perturb" ;;
esac
case "$nmi_hz" in '') ;; *[!0-9]*|0) die "--nmi-hz: '$nmi_hz' is not a positive number" ;; esac
# qemu's monitor "nmi" is an x86 NMI on x86_64 only (a system reset on ppc64el).
[ -z "$nmi_hz" ] || [ "$target" = x86_64 ] ||
	die "--nmi-hz: NMIs are injected through qemu's monitor on x86_64 only, not $target"
case "${ab_pairs:-3}" in ''|*[!0-9]*|0) die "--pairs: '$ab_pairs' is not a positive number" ;; esac
load_target "$target"
kver=${kver:-${KVER_DEFAULT:-6.1}}
if [ "$bpf" = 1 ]; then
	why=$(bpf_target_ok "$target") || die "--bpf (BPF=1) on $target: $why"
fi
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
else
	# No oversubscription: TCG runs a host thread per vCPU, and a vCPU whose
	# thread the host deschedules stretches whatever batch it was timing.
	host_cpus=$(nproc)
	if [ -z "$vcpus" ] && [ "$VCPUS" -gt "$host_cpus" ]; then
		log "boot: scenario $sname asks for $VCPUS vCPUs and this host has $host_cpus cores: booting $host_cpus (--vcpus N, make VCPUS=N, to insist)"
		VCPUS=$host_cpus
	elif [ "$VCPUS" -gt "$host_cpus" ]; then
		log "boot: WARNING: $VCPUS vCPUs on $host_cpus host cores (--vcpus $VCPUS): the host will deschedule vCPUs in the middle of timed batches, and TCG means then swing by up to 10x (README)"
	fi
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
# The guest's output files come back whole over virtio-9p into OUT/guest
# (the console keeps the log): the share, and the modules the guest loads
# for it (none where the image has no modules: then 9p must be built in,
# or the guest falls back to the console).
gdir="$out/guest"
export SB_GUEST_DIR="$gdir"	# for extract_section (lib.sh) and peers-parse.sh
# virtfs ID PATH [OPTS]: a 9p share of PATH with mount tag ID, this target's device
virtfs() {
	qemu_extra+=(-fsdev "local,id=$1,path=${2//,/,,},security_model=none${3:+,$3}"
		-device "${VIRTIO_9P_DEV:-virtio-9p-pci},fsdev=$1,mount_tag=$1")
}
peer_opt=() qemu_extra=()
virtfs sbout "$gdir"
if [ -n "${MODDIR:-}" ]; then
	"$SB_TOP/tools/guest-modules.sh" "$MODDIR" "${VIRTIO_KMOD:-virtio_pci}" 9pnet_virtio 9p \
		>"$out/kmods.list" 2>"$out/kmods.log"
	peer_opt=(--kmods "$out/kmods.list")
fi
if [ "$action" = perf-ab ]; then
	[ -n "$ab_a" ] && [ -n "$ab_b" ] || die "--action perf-ab needs --ab-a PARAMS and --ab-b PARAMS"
	[ -d /usr/bin ] && ls /usr/bin/perf* >/dev/null 2>&1 || die "perf-ab needs Debian's linux-perf on this machine"
	# The scenario plus the A/B settings, as the file the initramfs gets.
	{ cat "$sfile"; printf 'AB_A=%q\nAB_B=%q\nAB_PAIRS=%q\nAB_EVENTS=%q\n' "$ab_a" "$ab_b" "${ab_pairs:-3}" \
		"${ab_events:-task-clock,context-switches,cpu-migrations,page-faults,cycles,instructions}"; } >"$out/scenario"
	sfile="$out/scenario"
	[ -n "${MODDIR:-}" ] || die "perf-ab needs the image's modules, and $KREL's image has none (see kernel.env)"
	virtfs hostusr /usr readonly=on
fi
if [ "$action" = peers ]; then
	"$SB_TOP/tools/build-peers.sh" --target "$target" --kver "$kver" --cache "$cache" --out "$out/peers"
	peer_opt+=(--peers "$out/peers")
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
# --nmi-hz: the monitor on FIFOs, and the injector beside qemu.
monitor=(-monitor none) nmi_pid=
nmi_start() {
	[ -n "$nmi_hz" ] || return 0
	rm -f "$out/qemu-monitor.in" "$out/qemu-monitor.out"
	mkfifo "$out/qemu-monitor.in" "$out/qemu-monitor.out"
	monitor=(-monitor "pipe:$out/qemu-monitor")
	"$SB_TOP/tools/nmi-inject.sh" --monitor "$out/qemu-monitor" --hz "$nmi_hz" \
		--console "$out/console.log" --log "$out/nmi-inject.log" &
	nmi_pid=$!
}
nmi_stop() {
	[ -n "$nmi_pid" ] || return 0
	kill "$nmi_pid" 2>/dev/null; wait "$nmi_pid" 2>/dev/null
	nmi_pid=
	log "boot: NMI injector: $(cat "$out/nmi-inject.log" 2>/dev/null) monitor nmi commands at $nmi_hz Hz"
}
boot() {
	local brc=0
	: >"$out/console.log"	# there even when qemu never opens it
	rm -rf "$gdir" && mkdir -p "$gdir"
	nmi_start
	# shellcheck disable=SC2086
	timeout --foreground -k 10 "$TIMEOUT" "$QEMU" $QEMU_ARGS "${accel[@]}" -smp "$VCPUS" -m 1G \
		-display none "${monitor[@]}" -serial "file:$out/console.log" -no-reboot "${qemu_extra[@]}" \
		-kernel "$VMLINUZ" -initrd "$out/initramfs.cpio.gz" \
		-append "console=$CONSOLE panic=-1 loglevel=5 $KERNEL_ARGS" </dev/null || brc=$?
	nmi_stop
	return $brc
}
# A guest that dies before its init prints a line (an emulated boot that
# panicked, nothing of srcubench's has run yet) is shown and booted once more.
for attempt in 1 2; do
	rc=0 t0=$(date +%s)
	boot || rc=$?
	# timeout(1): 124 when qemu ended on its SIGTERM, 137 when qemu outlived
	# it and got the SIGKILL 10 s later; qemu OOM-killed early is not a time-out.
	timed_out=0
	if [ $rc = 124 ] || { [ $rc != 0 ] && [ $(( $(date +%s) - t0 )) -ge "$TIMEOUT" ]; }; then
		timed_out=1
	fi
	if [ -f "$gdir/status.txt" ]; then
		cp "$gdir/status.txt" "$out/guest-status.txt"
	else
		tr -d '\r' <"$out/console.log" | grep '^@@SRCUBENCH STATUS ' | cut -d' ' -f3- >"$out/guest-status.txt" || true
	fi
	if [ $attempt = 1 ] && [ $timed_out = 0 ] && ! grep -q '^kernel ' "$out/guest-status.txt"; then
		log "boot: the guest stopped (qemu status $rc) before its init ran; console tail:"
		console_tail
		cp "$out/console.log" "$out/console-failed-boot.log"
		log "boot: booting again (the failed boot's console is in $out/console-failed-boot.log)"
		continue
	fi
	break
done
[ $timed_out = 0 ] || die_console "guest timed out after $TIMEOUT s (the scenario's TIMEOUT; qemu killed, timeout status $rc)"
[ $rc = 0 ] || die_console "qemu failed (status $rc)"
log "boot: guest powered off"
! grep -q '^watchdog ' "$out/guest-status.txt" ||
	die_console "guest hung: its watchdog fired after ${watchdog}s (blocked tasks and CPU backtraces)"
grep -q '^done ' "$out/guest-status.txt" || die_console "guest did not finish its script"
transport=$(awk '$1 == "transport" {print $2; exit}' "$out/guest-status.txt")
[ "$transport" = 9p ] ||
	log "boot: WARNING: no virtio-9p share in the guest ($(grep '^transport ' "$out/guest-status.txt" | cut -d' ' -f3-)): its output files came over the console, where a kernel line can cut into them"
if [ "$action" = perf-ab ]; then
	# A failing side stops the guest's A/B at once (tools/guest/perf-ab.sh).
	if f=$(grep -m 1 '^perf\.fail ' "$out/guest-status.txt"); then
		read -r _ side pair why <<<"$f"
		die_console "perf-ab: side $side of pair $pair failed: $why; its stderr and kernel log: $gdir/perf-$side-$pair-err.txt"
	fi
	for i in $(seq 1 "${ab_pairs:-3}"); do
		for side in A B; do
			grep -q "^perf\.$side\.$i 0\$" "$out/guest-status.txt" ||
				die_console "perf-ab: side $side of pair $i did not run (no 'perf.$side.$i 0' status)"
			extract_section "results-$side-$i" "$out/console.log" | grep -q '^end complete ' ||
				die_console "perf-ab: side $side of pair $i: its module results are missing or incomplete"
		done
	done
fi
harness_meta() {
	printf 'meta harness.target %s\nmeta harness.qemu %s\nmeta harness.accel %s\nmeta harness.mode %s\n' \
		"$target" "$qemu_ver" tcg "$mode"
	printf 'meta harness.vcpus %s\nmeta harness.scenario %s\nmeta harness.kernel_package %s\n' \
		"$VCPUS" "$sname" "$KVERSION"
	kargs=${KERNEL_ARGS:--}; printf 'meta harness.kernel_args %s\n' "${kargs// /,}"
	printf 'meta harness.boots %s\nmeta harness.transport %s\n' "$attempt" "${transport:-console}"
	host_meta
}
case "$action" in perf-ab|bpf-perturb) ;; *)
	# The static code of each op's loop, from the module that ran
	# (CODEGEN_OBJDUMP: another objdump, from the scenario file).
	codegen=ok
	if ! "$SB_TOP/tools/codegen.sh" --objdump "${CODEGEN_OBJDUMP:-${CROSS_COMPILE}objdump}" \
		--arch "$(extract_section results "$out/console.log" | awk '$1 == "meta" && $2 == "arch" {print $3}')" \
		"$build/srcu_bench.ko" >"$out/codegen.txt" 2>"$out/codegen.err"; then
		codegen=failed
		log "codegen: WARNING: tools/codegen.sh failed, the results have no codegen records (meta harness.codegen failed): $(head -n 2 "$out/codegen.err" | tr '\n' ' ')"
	fi
	{
		harness_meta
		printf 'meta harness.codegen %s\n' "$codegen"
		extract_section results "$out/console.log" | { grep -v '^end ' || true; }
		[ "$action" != peers ] || "$SB_TOP/tools/peers-parse.sh" "$out/console.log"
		[ "$codegen" != ok ] || cat "$out/codegen.txt"
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
