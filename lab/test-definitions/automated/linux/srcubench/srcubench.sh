#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# srcubench as a Lava-Test test: load srcu_bench.ko on the running kernel,
# run one scenario, and write output/result.txt, one test case a line:
#   <test-case> pass|fail|skip [<measurement> <units>]
# (send-to-lava.sh turns each line into lava-test-case under LAVA, and prints
# it as it is elsewhere). The module's full results file is kept as
# output/results.txt and printed on the console between
#   @@SRCUBENCH BEGIN results / @@SRCUBENCH END results
# so that the job log carries it (report reads it back from the log).
# POSIX sh: runs under busybox sh (an initramfs) and on a normal distro.
set -u

usage() {
	cat <<EOT
usage: $0 [-s SCENARIO] [-p 'MODULE PARAMS'] [-m MODULE] [-e ENV] [-k SKIP_BUILD]
  -s SCENARIO  a file of configs/scenarios (PARAMS=...) or a path (default: quick)
  -p PARAMS    module parameters; replace the scenario's when set
  -m MODULE    srcu_bench.ko to load: a path, a directory holding
               <uname -r>/srcu_bench.ko or srcu_bench.ko, or an http(s) URL.
               Default: the checkout's lab/modules/<uname -r>/, then the
               installed module (modprobe: DKMS), then a build against
               /lib/modules/<uname -r>/build (DKMS when dkms is there, else make)
  -e ENV       env= label (bare-metal, kvm, vm, tcg, tcg-icount; default: the
               module detects it on x86, else unknown)
  -k true      never build on the board (skip when no module is found)
EOT
}

SCENARIO=quick PARAMS='' MODULE='' ENV='' SKIP_BUILD=false
while getopts "s:p:m:e:k:h" o; do
	case "$o" in
	s) SCENARIO=$OPTARG ;;
	p) PARAMS=$OPTARG ;;
	m) MODULE=$OPTARG ;;
	e) ENV=$OPTARG ;;
	k) SKIP_BUILD=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../../../.." 2>/dev/null && pwd)	# the srcubench checkout
out="$here/output"
res="$out/result.txt"
krel=$(uname -r)
dbg=/sys/kernel/debug/srcu_bench
mkdir -p "$out"
: >"$res"

say() { echo "srcubench: $*"; }
case_line() { echo "$*" >>"$res"; }	# case_line NAME RESULT [MEASUREMENT UNITS]
# fail_all NAME REASON: one failing case and the reason on the console
fail_all() { say "$2"; case_line "$1" fail; exit 0; }
skip_all() { say "$2"; case_line "$1" skip; exit 0; }

[ "$(id -u)" = 0 ] || skip_all srcubench-module "not root: cannot load a module"

# The scenario's module parameters (-p replaces them).
if [ -z "$PARAMS" ]; then
	sfile=
	if [ -f "$SCENARIO" ]; then sfile=$SCENARIO
	elif [ -f "$top/configs/scenarios/$SCENARIO" ]; then sfile="$top/configs/scenarios/$SCENARIO"
	fi
	if [ -n "$sfile" ]; then
		PARAMS=$(sed -n 's/^PARAMS="\(.*\)"$/\1/p' "$sfile" | tail -n 1)
	elif [ "$SCENARIO" = quick ]; then	# the test definition copied alone
		PARAMS="contexts=process,softirq,hardirq ops=all duration_ms=200 runs=1 gp=sync,exp gp_ms=500"
	else
		fail_all srcubench-scenario "no scenario '$SCENARIO' (not a file, not in $top/configs/scenarios)"
	fi
fi

# find_module: the .ko to insmod, or "modprobe" for the installed one
ko=
try_ko() { [ -z "$ko" ] && [ -f "$1" ] && ko=$1; return 0; }
fetch() { # fetch URL FILE
	if command -v wget >/dev/null; then wget -q -O "$2" "$1"
	elif command -v curl >/dev/null; then curl -fsSL -o "$2" "$1"
	else return 1
	fi
}
case "$MODULE" in
http://*|https://*)
	fetch "$MODULE" "$out/srcu_bench.ko" || fail_all srcubench-module "cannot download $MODULE"
	ko="$out/srcu_bench.ko" ;;
'') ;;
*)	if [ -d "$MODULE" ]; then
		try_ko "$MODULE/$krel/srcu_bench.ko"
		try_ko "$MODULE/srcu_bench.ko"
	else
		try_ko "$MODULE"
	fi
	[ -n "$ko" ] || fail_all srcubench-module "no srcu_bench.ko for $krel at '$MODULE'" ;;
esac
try_ko "$top/lab/modules/$krel/srcu_bench.ko"
if [ -z "$ko" ] && modprobe -n srcu_bench 2>/dev/null; then
	ko=modprobe
fi
kdir=/lib/modules/$krel/build
if [ -z "$ko" ] && [ "$SKIP_BUILD" != true ] && [ -f "$kdir/Makefile" ] && [ -d "$top/module" ]; then
	if command -v dkms >/dev/null && [ -f "$top/dkms.conf" ]; then
		ver=$(sed -n 's/^PACKAGE_VERSION="*\([^"]*\)"*$/\1/p' "$top/dkms.conf")
		say "building with DKMS: srcubench/$ver for $krel"
		src=/usr/src/srcubench-$ver	# what make dkms-install makes
		if [ ! -f "$src/dkms.conf" ]; then
			mkdir -p "$src/module" && cp "$top/dkms.conf" "$src/" &&
				cp "$top"/module/*.[ch] "$top/module/Kbuild" "$top/module/Makefile" "$src/module/"
		fi
		dkms status -m srcubench -v "$ver" 2>/dev/null | grep -q . || dkms add -m srcubench -v "$ver" >"$out/build.log" 2>&1
		if dkms build -m srcubench -v "$ver" -k "$krel" >>"$out/build.log" 2>&1 &&
		   dkms install -m srcubench -v "$ver" -k "$krel" >>"$out/build.log" 2>&1; then
			ko=modprobe
		fi
	else
		say "building against $kdir"
		rm -rf "$out/build" && mkdir -p "$out/build" && cp "$top"/module/* "$out/build/" &&
			make -C "$kdir" M="$out/build" modules >"$out/build.log" 2>&1 && ko="$out/build/srcu_bench.ko"
	fi
	if [ -n "$ko" ]; then
		case_line srcubench-build pass
	else
		tail -n 20 "$out/build.log"
		case_line srcubench-build fail
	fi
fi
[ -n "$ko" ] || skip_all srcubench-module "no srcu_bench.ko for $krel and no headers to build one (install linux-headers-$krel, or pass MODULE)"

# Run the scenario: insmod blocks until the run is over.
grep -q ' /sys/kernel/debug ' /proc/mounts || mount -t debugfs debugfs /sys/kernel/debug
grep -q '^srcu_bench ' /proc/modules && rmmod srcu_bench
say "loading ${ko} on $krel: $PARAMS${ENV:+ env=$ENV}"
if [ "$ko" = modprobe ]; then
	# shellcheck disable=SC2086
	modprobe srcu_bench $PARAMS ${ENV:+env=$ENV}
else
	# shellcheck disable=SC2086
	insmod "$ko" $PARAMS ${ENV:+env=$ENV}
fi
rc=$?
if [ $rc != 0 ]; then
	dmesg | tail -n 20
	case_line srcubench-load fail
	exit 0
fi
case_line srcubench-load pass

# The results, with the facts about this machine the module may not print.
meta_has() { grep -q "^meta $1 " "$out/results.raw"; }
meta_add() { meta_has "$1" || printf 'meta %s %s\n' "$1" "$(echo "$2" | tr -s ' \t' '__')"; }
cat "$dbg/results" >"$out/results.raw"
rmmod srcu_bench
machine=$(cat /sys/class/dmi/id/product_name 2>/dev/null || tr -d '\0' 2>/dev/null </proc/device-tree/model)
# x86 "model name", ppc64 "cpu", riscv64 "uarch", arm64 implementer/part/variant (as the module)
cpu=$(awk -F': *' '
	$1 ~ /^(model name|cpu|uarch)[ \t]*$/ && m == "" { m = $2 }
	$1 ~ /^CPU implementer/ && i == "" { i = $2 }
	$1 ~ /^CPU part/ && p == "" { p = $2 } $1 ~ /^CPU variant/ && v == "" { v = $2 }
	END { if (m != "") print m; else if (i != "") print i "/" p "/" v }' /proc/cpuinfo)
{
	sed -n '/^meta /p' "$out/results.raw"
	meta_add host "$(uname -n)"
	meta_add machine "${machine:-unknown}"
	meta_add cpu_model "${cpu:-unknown}"
	meta_add boot_id "$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)"
	[ -z "${LAVA_JOB_ID:-}" ] || printf 'meta harness.lava_job %s\n' "$LAVA_JOB_ID"
	printf 'meta harness.runner %s\n' "$(command -v lava-test-case >/dev/null && echo lava || echo shell)"
	sed '/^meta /d' "$out/results.raw"
} >"$out/results.txt"
rm -f "$out/results.raw"
echo "@@SRCUBENCH BEGIN results"
cat "$out/results.txt"
echo "@@SRCUBENCH END results"

# One test case per run x CPU x context x op (min_ns: smallest per-batch ns/op,
# nothing subtracted: the empty op is the loop's own cost), lost updates per
# counting op (summed over CPUs: fail when an irq-safe op loses any; the
# losses of __this_cpu_inc, raw_cpu_inc, preempt_inc and racy_inc are what
# they measure), grace-period p50/p99 per kind and load.
awk '
	BEGIN { split("this_cpu_inc irqsave_inc atomic_inc fetch_add local_inc", s); for (i in s) safe[s[i]] = 1 }
	$1 == "#" && $2 ~ /^(read|lost|gp|end)$/ { t = $2; for (i = 3; i <= NF; i++) col[t, $i] = i - 1; next }
	$1 == "read" {
		r = $(col["read", "run"])
		c = sprintf("%s-%s-cpu%s%s-ns", $(col["read", "op"]), $(col["read", "context"]),
			$(col["read", "cpu"]), (r == 0 ? "" : "-run" r))
		# the headline statistic (docs/results-format.md): min_ns, the
		# smallest per-batch ns/op of the largest batches; a cell that is
		# not valid (CPU hotplug), has no batches, or whose batches were all
		# hit by other interrupts has none
		v = (("read", "valid") in col) ? $(col["read", "valid"]) : "ok"
		p = $(col["read", "min_ns"])
		if ($(col["read", "batches"]) > 0 && v == "ok" && p != "-")
			printf "%s pass %s ns\n", c, p
		else
			printf "%s skip\n", c
	}
	$1 == "lost" {
		op = $(col["lost", "op"]); if (!(op in lost)) order[++n] = op
		lost[op] += $(col["lost", "lost"])
	}
	$1 == "gp" && $(col["gp", "count"]) > 0 {
		r = $(col["gp", "run"]); k = "gp-" $(col["gp", "kind"]) "-" $(col["gp", "load"]) (r == 0 ? "" : "-run" r)
		printf "%s-p50-us pass %.3f us\n", k, $(col["gp", "p50_ns"]) / 1000
		printf "%s-p99-us pass %.3f us\n", k, $(col["gp", "p99_ns"]) / 1000
	}
	$1 == "end" { status = $(col["end", "status"]) }
	END {
		for (i = 1; i <= n; i++)
			printf "%s-lost %s %d count\n", order[i], (lost[order[i]] > 0 && order[i] in safe) ? "fail" : "pass", lost[order[i]]
		printf "srcubench-complete %s\n", status == "complete" ? "pass" : "fail"
	}' "$out/results.txt" >>"$res"
say "$(grep -c . "$res") test cases in $res, results in $out/results.txt"
