#!/usr/bin/env bash
# make run-host's machine facts and noise warnings (tools/run-host.sh
# --facts, which loads nothing) on made-up sysfs/procfs trees: a quiet
# machine (performance governor, turbo off, SMT off, idle) gets no warning;
# a noisy one (powersave, turbo on, SMT active, load) gets one per cause;
# an arm64 board names its device-tree model and CPU part. Then this
# machine's own facts. Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mk() { # mk DIR GOVERNOR NO_TURBO SMT_CONTROL SMT_ACTIVE LOADAVG RUNNING
	local d=$1 c
	for c in 0 1; do
		mkdir -p "$d/sys/devices/system/cpu/cpu$c/cpufreq"
		echo "$2" >"$d/sys/devices/system/cpu/cpu$c/cpufreq/scaling_governor"
	done
	mkdir -p "$d/sys/devices/system/cpu/intel_pstate" "$d/sys/devices/system/cpu/smt" "$d/sys/class/dmi/id" \
		"$d/proc/sys/kernel/random"
	echo "$3" >"$d/sys/devices/system/cpu/intel_pstate/no_turbo"
	echo "$4" >"$d/sys/devices/system/cpu/smt/control"
	echo "$5" >"$d/sys/devices/system/cpu/smt/active"
	echo "PowerEdge R650" >"$d/sys/class/dmi/id/product_name"
	echo "$6 0.10 0.05 1/300 4242" >"$d/proc/loadavg"
	printf 'cpu 1 2 3\nprocs_running %s\nprocs_blocked 0\n' "$7" >"$d/proc/stat"
	printf 'processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz\nprocessor\t: 1\n' >"$d/proc/cpuinfo"
	echo 0e0d0a0b-1111-2222-3333-444455556666 >"$d/proc/sys/kernel/random/boot_id"
}
facts() { SB_SYSFS="$1/sys" SB_PROCFS="$1/proc" "$top/tools/run-host.sh" --facts; }

mk "$tmp/quiet" performance 1 off 0 0.02 1
facts "$tmp/quiet" >"$tmp/quiet.out"
check "quiet machine: no noise warning" eval "! grep -q '^noise:' '$tmp/quiet.out'"
check "quiet machine: meta machine, cpu_model, boot_id from sysfs/procfs" eval \
	"grep -qx 'meta machine PowerEdge_R650' '$tmp/quiet.out' &&
	 grep -qx 'meta cpu_model Intel(R)_Xeon(R)_Gold_6338_CPU_@_2.00GHz' '$tmp/quiet.out' &&
	 grep -qx 'meta boot_id 0e0d0a0b-1111-2222-3333-444455556666' '$tmp/quiet.out'"
check "quiet machine: governor performance, turbo off, SMT off" eval \
	"grep -qx 'meta harness.governor performance' '$tmp/quiet.out' && grep -qx 'meta harness.turbo off' '$tmp/quiet.out' &&
	 grep -qx 'meta harness.smt off' '$tmp/quiet.out'"

mk "$tmp/noisy" powersave 0 on 1 2.50 3
facts "$tmp/noisy" >"$tmp/noisy.out"
check "noisy machine: governor warning" grep -q '^noise: cpufreq governor powersave, not performance' "$tmp/noisy.out"
check "noisy machine: turbo warning" grep -q '^noise: turbo/boost is on' "$tmp/noisy.out"
check "noisy machine: SMT warning" grep -q '^noise: SMT siblings are online' "$tmp/noisy.out"
check "noisy machine: load warning" grep -q '^noise: load average 2.50 on 2 CPUs' "$tmp/noisy.out"
check "noisy machine: four warnings" [ "$(grep -c '^noise:' "$tmp/noisy.out")" = 4 ]

mk "$tmp/runq" performance 1 notsupported 0 0.10 2
facts "$tmp/runq" >"$tmp/runq.out"
check "idle load average but a runnable task: warned" grep -q '^noise: 1 other runnable task' "$tmp/runq.out"

# An arm64 board: no DMI, a device-tree model, no model name in cpuinfo,
# cpufreq boost instead of intel_pstate.
mk "$tmp/arm" schedutil 1 notsupported 0 0.00 1
rm -rf "$tmp/arm/sys/class/dmi" "$tmp/arm/sys/devices/system/cpu/intel_pstate"
mkdir -p "$tmp/arm/proc/device-tree" "$tmp/arm/sys/devices/system/cpu/cpufreq"
printf 'NVIDIA Grace\0' >"$tmp/arm/proc/device-tree/model"
printf 'processor\t: 0\nCPU implementer\t: 0x41\nCPU part\t: 0xd4f\nCPU variant\t: 0x0\n' >"$tmp/arm/proc/cpuinfo"
echo 1 >"$tmp/arm/sys/devices/system/cpu/cpufreq/boost"
facts "$tmp/arm" >"$tmp/arm.out"
check "arm64 board: device-tree model, implementer and part" eval \
	"grep -qx 'meta machine NVIDIA_Grace' '$tmp/arm.out' && grep -qx 'meta cpu_model 0x41/0xd4f/0x0' '$tmp/arm.out'"
check "arm64 board: schedutil and boost warned" eval \
	"grep -q '^noise: cpufreq governor schedutil' '$tmp/arm.out' && grep -q '^noise: turbo/boost is on' '$tmp/arm.out'"

"$top/tools/run-host.sh" --facts >"$tmp/here.out"
check "this machine: host, cpu_model, governor and turbo recorded" eval \
	"grep -q '^meta host [^ ]' '$tmp/here.out' && grep -q '^meta cpu_model [^ ]' '$tmp/here.out' &&
	 grep -q '^meta harness.governor [^ ]' '$tmp/here.out' && grep -q '^meta harness.turbo [^ ]' '$tmp/here.out'"
sed 's/^/  | /' "$tmp/here.out"
finish
