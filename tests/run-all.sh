#!/usr/bin/env bash
# All of srcubench's tests: kernel style, the reporter's unit, malformed-input,
# plot and fuzz tests, and the guest tests that boot qemu. Each suite ends with
# "N passed, M failed"; this adds them up and ends with the total line.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=${OUT:-out}
total_p=0 total_f=0 log=$(mktemp)
trap 'rm -f "$log"' EXIT

suite() { # suite NAME CMD...
	echo "=== $1"
	shift
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -n "$line" ]; then
		total_p=$((total_p + ${line%% passed*}))
		f=${line#*passed, }; total_f=$((total_f + ${f%% failed*}))
		[ "$rc" = 0 ] || [ "${f%% failed*}" != 0 ] || total_f=$((total_f + 1))
	else
		echo "FAIL suite produced no result line (exit $rc)"
		total_f=$((total_f + 1))
	fi
}

suite "kernel coding style (checkpatch)" tests/checkpatch.sh
suite "reporter: statistics, malformed input, formats" make --no-print-directory report-test
suite "reporter: plots rendered by gnuplot" make --no-print-directory plot-test
suite "reporter: machines side by side, --compare, directories of LAVA results" make --no-print-directory group-test
suite "tools/lib.sh: parse_opts, the one option loop" tests/unit/lib-test.sh
suite "reporter: the per-arch variants tables (arm64 + x86_64 icount fixtures, big.LITTLE)" tests/unit/variants-report.sh
fuzz() { # libFuzzer prints no tally: its exit status is the verdict
	if make --no-print-directory fuzz-smoke FUZZ_TIME="${FUZZ_TIME:-30}"; then
		echo "PASS fuzz_parse: no crash, leak or sanitizer report"; echo "1 passed, 0 failed"
	else
		echo "FAIL fuzz_parse (crash inputs in build/)"; echo "0 passed, 1 failed"; return 1
	fi
}
suite "reporter: parser fuzzing (libFuzzer, ${FUZZ_TIME:-30} s)" fuzz
suite "guest tests (x86_64, Debian 6.1, qemu TCG)" tests/guest/selftest.sh --out "$out/selftest"
suite "aborted loads, teardown, CPU hotplug (x86_64, Debian 6.1, 2 vCPUs)" tests/guest/abort.sh --out "$out/abort"
suite "add a reader context = one file: a toy softirq2 added to module/readers.c only, built and booted (x86_64, Debian 6.1, 1 vCPU)" \
	tests/unit/ctx-one-file.sh --out "$out/ctx-one-file"
# One other architecture end to end: cross-built module, arm64 Debian kernel.
suite "guest tests (arm64, Debian 6.1, qemu TCG, cross-built)" tests/guest/selftest.sh --target arm64 \
	--out "$out/selftest-arm64"
suite "guest tests (x86_64, Debian 6.12 from bookworm-backports)" tests/guest/selftest.sh --kver 6.12 --out "$out/selftest-6.12"
suite "cover letter: the 2017 bug, its three fixes, the checker checked (x86_64, Debian 6.1, 2 vCPUs)" \
	tests/guest/cover-letter.sh --out "$out/cover-letter"
suite "cover letter under icount: the bug row, every fix 0 (arm64, Debian 6.1, 1 vCPU)" \
	tests/guest/cover-letter.sh --target arm64 --mode icount --out "$out/cover-letter-arm64"
suite "nmi context where there is no NMI source: op and exec records say why (arm64, Debian 6.1)" \
	tests/guest/nmi.sh --target arm64 --out "$out/nmi-arm64"
suite "trust: clean windows, nest matrix, loss events, GP classes, gphist (x86_64, Debian 6.1, 2 vCPUs)" \
	tests/guest/trust.sh --out "$out/trust"
suite "nmi context: NMIs injected through the qemu monitor, exec in NMI, this_cpu_inc and srcu_nmisafe lose 0 (x86_64, Debian 6.12, 2 vCPUs)" \
	tests/guest/nmi.sh --out "$out/nmi"
suite "trust: GP classes on PREEMPT_RT, load shape (x86_64, Debian 6.12-rt, 2 vCPUs)" \
	tests/guest/trust.sh --kver 6.12-rt --load --out "$out/trust-rt"
suite "deterministic mode (x86_64, qemu -icount, two boots)" tests/guest/icount.sh --out "$out/icount"
suite "per-arch variants under icount: lost updates, determinism, loops, cpu records (arm64, two short boots)" tests/guest/variants.sh --target arm64 --out "$out/variants-arm64"
suite "deterministic mode and lost updates (arm64, qemu -icount, two boots)" tests/guest/icount.sh \
	--target arm64 --out "$out/icount-arm64"
suite "make run ARCHES: x86_64 + arm64 side by side (TCG and icount, one report)" tests/guest/arches.sh \
	--out "$out/arches"
suite "BPF sampler and GP probes (x86_64, Debian 6.1, qemu TCG)" tests/guest/bpf-test.sh --out "$out/bpf"
suite "peers and perf stat A/B (x86_64, qemu TCG)" tests/guest/peers-ab.sh --out "$out/peers-ab"
suite "harness: results over virtio-9p under console noise, perf A/B failing side, time-outs, vCPU cap, BPF refusal, codegen failure (x86_64)" \
	tests/guest/harness.sh --out "$out/harness"
suite "make run-host: machine facts and noise warnings (made-up sysfs, nothing loaded)" tests/host/host-facts.sh
suite "per-arch variants: built warning-free on five arches, each loop holds its instruction (objdump)" tests/host/variants-codegen.sh --out "$out/variants-codegen"
suite "make run KERNEL=<built tree> (Debian 6.1 headers + vmlinuz arranged as one, x86_64 TCG)" \
	tests/kernel-tree/kernel-tree.sh --out "$out/kernel-tree"
suite "LAVA: the test definition as a lava-run job (x86_64, qemu TCG, no server)" tests/lava/lava-run.sh \
	--out "$out/lava"
suite "DKMS: dkms build against Debian's 6.1 and 6.12 headers (nothing loaded)" tests/dkms/dkms-build.sh \
	--out "$out/dkms"
suite "verdicts on real boots: x86_64 same code never flagged (3 boots), arm64 this_cpu_inc flagged (the suites above)" \
	tests/guest/verdicts.sh --out "$out"
# Last: the kernels above are cached by then.
suite "module builds warning-free against every kernel (configs/build-matrix)" tests/build-matrix.sh \
	--out "$out/build-matrix"
echo "=== total"
echo "$total_p passed, $total_f failed"
[ "$total_f" = 0 ]
