#!/usr/bin/env bash
# Opt-in: build srcu_bench.ko for the RUNNING kernel and load it on this
# machine (root), with a scenario's parameters. Never run by default.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<EOT
usage: $0 --yes [--scenario NAME|FILE] [--env bare-metal|kvm|vm] [--out DIR]
          [--ab-a PARAMS --ab-b PARAMS [--pairs N] [--events LIST]]
Builds the module against /lib/modules/\$(uname -r)/build, insmods it on
this kernel with the scenario's PARAMS (insmod blocks for the whole run;
Ctrl-C aborts it), copies the results to DIR/results.txt and rmmods it.
With --ab-a/--ab-b: perf stat -a A/B comparison instead, A B A B ... N
pairs, into DIR/ab/{A,B}-<i>.txt and DIR/perf-ab.txt (hardware counters
where the machine has them).
--yes is required: this loads a stress module into the kernel you run.
EOT
}
yes=0 scenario=quick out="$SB_TOP/out/host" env= ab_a= ab_b= pairs=3
events=task-clock,context-switches,cpu-migrations,page-faults,cycles,instructions
while [ $# -gt 0 ]; do
	case "$1" in
	--yes) yes=1; shift ;;
	--scenario) scenario=$2; shift 2 ;;
	--env) env=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--ab-a) ab_a=$2; shift 2 ;;
	--ab-b) ab_b=$2; shift 2 ;;
	--pairs) pairs=$2; shift 2 ;;
	--events) events=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown option '$1'" ;;
	esac
done
[ $yes = 1 ] || { usage >&2; die "refusing to load a module into the running kernel without --yes"; }
[ "$(id -u)" = 0 ] || die "must be root to load a module"
kdir=/lib/modules/$(uname -r)/build
[ -f "$kdir/Makefile" ] || die "no headers for $(uname -r) at $kdir (install linux-headers-$(uname -r))"
sfile=$(scenario_file "$scenario")
PARAMS=
# shellcheck disable=SC1090
. "$sfile"
mkdir -p "$out"
make -C "$SB_TOP/module" KDIR="$kdir" >"$out/build.log" 2>&1 || die "build failed, see $out/build.log"
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
ko="$SB_TOP/module/srcu_bench.ko"
if [ -n "$ab_a$ab_b" ]; then
	[ -n "$ab_a" ] && [ -n "$ab_b" ] || die "--ab-a and --ab-b go together"
	case "$pairs" in ''|*[!0-9]*|0) die "--pairs: '$pairs' is not a positive number" ;; esac
	command -v perf >/dev/null || die "perf not found (apt-get install linux-perf)"
	rm -rf "$out/ab" && mkdir -p "$out/ab"
	{
		printf 'meta ab.A %s\nmeta ab.B %s\nmeta ab.pairs %s\n' "${ab_a// /_}" "${ab_b// /_}" "$pairs"
		echo "# perf side pair event value unit"
	} >"$out/perf-ab.body"
	for i in $(seq 1 "$pairs"); do
		for side in A B; do
			[ $side = A ] && extra=$ab_a || extra=$ab_b
			log "perf-ab: pair $i side $side: $extra"
			# shellcheck disable=SC2086
			perf stat -a -x, -e "$events" -o "$out/perf.csv" -- insmod "$ko" $PARAMS $extra ${env:+env=$env}
			{ printf 'meta harness.variant %s\n' "$side"; cat /sys/kernel/debug/srcu_bench/results; } \
				>"$out/ab/$side-$i.txt"
			rmmod srcu_bench
			perf_records "$side" "$i" <"$out/perf.csv" >>"$out/perf-ab.body"
		done
	done
	{ grep '^meta ' "$out/ab/A-1.txt" | grep -v -e '^meta param\.' -e '^meta harness\.variant'
	  cat "$out/perf-ab.body"; printf "# end status runs\nend complete %s\n" "$pairs"; } >"$out/perf-ab.txt"
	rm -f "$out/perf-ab.body" "$out/perf.csv"
	log "done: $out/perf-ab.txt, $out/ab/"
	exit 0
fi
log "insmod on $(uname -r): $PARAMS${env:+ env=$env}"
# shellcheck disable=SC2086
insmod "$ko" $PARAMS ${env:+env=$env}
cat /sys/kernel/debug/srcu_bench/results >"$out/results.txt"
rmmod srcu_bench
grep -q '^end complete ' "$out/results.txt" || die "incomplete results in $out/results.txt"
log "done: $out/results.txt"
