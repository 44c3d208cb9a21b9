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
The results get meta records on this machine (host, machine, cpu_model,
boot_id where the module does not print them; harness.smt,
harness.governor, harness.turbo, harness.loadavg, harness.noise) and the
run ends with the report (DIR/report.txt). It warns first when timings
will be noisy: a cpufreq governor other than performance, turbo/boost on,
other load on the CPUs (1-minute load average above 0.5 or other runnable
tasks), SMT siblings online.
--facts prints those meta records and warnings and exits (loads nothing;
SB_SYSFS=DIR and SB_PROCFS=DIR read another sysfs/procfs tree, for tests).
EOT
}

sysfs=${SB_SYSFS:-/sys} procfs=${SB_PROCFS:-/proc}
# host_facts: meta records about this machine on stdout, one "noise: ..."
# warning a line on fd 3
host_facts() {
	local smt gov turbo load run ncpu machine cpu f v
	smt=$(cat "$sysfs/devices/system/cpu/smt/control" 2>/dev/null || echo unknown)
	[ "$(cat "$sysfs/devices/system/cpu/smt/active" 2>/dev/null)" != 1 ] || smt="$smt,active"
	gov=$(cat "$sysfs"/devices/system/cpu/cpu[0-9]*/cpufreq/scaling_governor 2>/dev/null | sort -u | paste -sd, - || true)
	gov=${gov:-none}
	turbo=unknown
	if [ -f "$sysfs/devices/system/cpu/intel_pstate/no_turbo" ]; then
		[ "$(cat "$sysfs/devices/system/cpu/intel_pstate/no_turbo")" = 1 ] && turbo=off || turbo=on
	elif [ -f "$sysfs/devices/system/cpu/cpufreq/boost" ]; then
		[ "$(cat "$sysfs/devices/system/cpu/cpufreq/boost")" = 1 ] && turbo=on || turbo=off
	fi
	for f in "$sysfs"/devices/system/cpu/cpu[0-9]*/cpufreq/boost; do	# amd-pstate, per policy
		[ -f "$f" ] || continue
		v=$(cat "$f"); [ "$v" = 1 ] && turbo=on; [ "$v" = 0 ] && [ "$turbo" = unknown ] && turbo=off
	done
	load=$(awk '{print $1}' "$procfs/loadavg" 2>/dev/null || echo -)
	run=$(awk '$1 == "procs_running" {print $2 - 1}' "$procfs/stat" 2>/dev/null)	# minus this awk
	ncpu=$(grep -c '^processor' "$procfs/cpuinfo" 2>/dev/null || echo 0)
	machine=$(cat "$sysfs/class/dmi/id/product_name" 2>/dev/null || tr -d '\0' 2>/dev/null <"$procfs/device-tree/model" || echo unknown)
	cpu=$(awk -F': *' '$1 ~ /^(model name|cpu|uarch)[ \t]*$/ && m == "" { m = $2 }
		$1 ~ /^CPU implementer/ && i == "" { i = $2 } $1 ~ /^CPU part/ && p == "" { p = $2 } $1 ~ /^CPU variant/ && v == "" { v = $2 }
		END { if (m != "") print m; else if (i != "") print i "/" p "/" v; else print "unknown" }' \
		"$procfs/cpuinfo" 2>/dev/null)
	printf 'meta host %s\nmeta machine %s\nmeta cpu_model %s\nmeta boot_id %s\n' "$(uname -n)" "${machine// /_}" \
		"${cpu// /_}" "$(cat "$procfs/sys/kernel/random/boot_id" 2>/dev/null || echo unknown)"
	printf 'meta harness.smt %s\nmeta harness.governor %s\nmeta harness.turbo %s\nmeta harness.loadavg %s\n' \
		"$smt" "$gov" "$turbo" "$load"
	case ",$gov," in ,none,) ;; *,performance,*) [ "$gov" = performance ] ||
		echo "noise: cpufreq governors $gov: not all performance (cpupower frequency-set -g performance)" >&3 ;;
	*) echo "noise: cpufreq governor $gov, not performance: the clock rate moves under the timings (cpupower frequency-set -g performance)" >&3 ;;
	esac
	[ "$turbo" != on ] || echo "noise: turbo/boost is on: the clock rate depends on temperature and the other cores (echo 1 >/sys/devices/system/cpu/intel_pstate/no_turbo, or echo 0 >/sys/devices/system/cpu/cpufreq/boost)" >&3
	case "$smt" in on,active|forceon,active) echo "noise: SMT siblings are online: a sibling's work shares the core (echo off >/sys/devices/system/cpu/smt/control)" >&3 ;; esac
	if [ "$load" != - ] && awk -v l="$load" 'BEGIN {exit !(l > 0.5)}'; then
		echo "noise: load average $load on $ncpu CPUs: other work runs beside the readers" >&3
	elif [ "${run:-0}" -gt 0 ]; then
		echo "noise: $run other runnable task(s) right now" >&3
	fi
	return 0
}
yes=0 facts=0 scenario=quick out="$SB_TOP/out/host" env= ab_a= ab_b= pairs=3
events=task-clock,context-switches,cpu-migrations,page-faults,cycles,instructions
parse_opts "--yes=yes:1 --facts=facts:1 --scenario=scenario --env=env --out=out --ab-a=ab_a --ab-b=ab_b --pairs=pairs --events=events" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
if [ $facts = 1 ]; then
	host_facts 3>&1
	exit 0
fi
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
host_facts >"$out/host-meta.txt" 3>"$out/noise.txt"
while read -r w; do log "WARNING: timings will be noisy: ${w#noise: }"; done <"$out/noise.txt"
log "insmod on $(uname -r): $PARAMS${env:+ env=$env}"
# shellcheck disable=SC2086
insmod "$ko" $PARAMS ${env:+env=$env}
cat /sys/kernel/debug/srcu_bench/results >"$out/results.raw"
rmmod srcu_bench
# The machine's facts after the module's meta (the module's own win).
{
	grep '^meta ' "$out/results.raw"
	while read -r _ k v; do
		grep -q "^meta $k " "$out/results.raw" || echo "meta $k $v"
	done <"$out/host-meta.txt"
	printf 'meta harness.noise %s\n' "$(sed 's/^noise: //; s/[ (].*//' "$out/noise.txt" | paste -sd, - | grep . || echo none)"
	grep -v '^meta ' "$out/results.raw"
} >"$out/results.txt"
rm -f "$out/results.raw"
grep -q '^end complete ' "$out/results.txt" || die "incomplete results in $out/results.txt"
log "done: $out/results.txt"
make -s -C "$SB_TOP" build/report >/dev/null || die "cannot build the reporter (make build/report)"
"$SB_TOP/build/report" --plots "$out/plots" --out "$out/report.txt" "$out/results.txt"
cat "$out/report.txt"
[ ! -s "$out/noise.txt" ] || log "WARNING: timings were noisy: $(sed 's/^noise: //; s/:.*//' "$out/noise.txt" | paste -sd';' -)"
log "report: $out/report.txt"
