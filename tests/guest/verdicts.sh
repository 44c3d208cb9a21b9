#!/usr/bin/env bash
# The report's verdicts on real boots (issue #11), from the results files the
# earlier guest suites left in OUT (no boot of its own):
#  - x86_64 Debian 6.1, scenario quick, three boots (selftest, make run
#    KERNEL=, LAVA): this_cpu_inc and raw_cpu_inc against __this_cpu_inc are
#    the same `incq %gs:` and are never flagged in any context, and the
#    report says "same code";
#  - arm64 Debian 6.1, scenario quick (selftest): this_cpu_inc (LL/SC or
#    LSE, in a preempt-off pair) against __this_cpu_inc (a plain
#    load/add/store) is flagged in process context.
# Correctness of the conclusions only: no timing is asserted.
# Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"

usage() { echo "usage: $0 [--out DIR] [--report PATH]  (DIR: the OUT of tests/run-all.sh's earlier suites)"; }
out="$top/out" report="$top/build/report"
parse_opts "--out=out --report=report" "$@"
[ ${#SB_ARGS[@]} = 0 ] || { usage >&2; die "unexpected argument '${SB_ARGS[0]}'"; }

command -v jq >/dev/null || { ko jq "jq is not installed (tools/deps.sh)"; finish; }
[ -x "$report" ] || make -C "$top" --no-print-directory "${report#"$top"/}" >/dev/null ||
	{ ko reporter "cannot build $report"; finish; }

# baseline rows FILES...: "context op code sig" of the overhead table
baseline() {
	"$report" -f json "$@" 2>/dev/null |
		jq -r '.tables[] | select(.section == "baseline") | .rows[] | "\(.context) \(.op) \(.code) \(.sig)"'
}

x86=()
for f in selftest/results.txt kernel-tree/run/results.txt lava/results.txt; do
	[ -s "$out/$f" ] && x86+=("$out/$f")
done
if [ ${#x86[@]} -lt 3 ]; then
	ko "x86_64 boots" "want the results of 3 x86_64 6.1 quick boots in $out (selftest, kernel-tree, lava), have ${#x86[@]}"
else
	rows=$(baseline "${x86[@]}")
	boots=$("$report" -f json "${x86[@]}" 2>/dev/null | jq -r '[.groups[] | select(.arch == "x86_64") | .boots] | max')
	[ "${boots:-0}" -ge 3 ] && ok "x86_64: one report over $boots boots" || ko "x86_64 boots" "the report counts ${boots:-0} boots"
	for op in this_cpu_inc raw_cpu_inc; do
		for ctx in process softirq hardirq; do
			r=$(awk -v c="$ctx" -v o="$op" '$1 == c && $2 == o' <<<"$rows")
			if [ -z "$r" ]; then ko "x86_64 $ctx $op" "no row in the baseline table"
			elif [ "$(cut -d' ' -f3 <<<"$r")" = same ] && [ "$(cut -d' ' -f4 <<<"$r")" != sig ]; then
				ok "x86_64 $ctx $op vs __this_cpu_inc: same code, not flagged ($(cut -d' ' -f4 <<<"$r"))"
			else
				ko "x86_64 $ctx $op vs __this_cpu_inc" "'$r' (want same code, not sig)"
			fi
		done
	done
fi

arm="$out/selftest-arm64/results.txt"
if [ ! -s "$arm" ]; then
	ko "arm64 boot" "no $arm (the arm64 selftest suite runs first)"
else
	r=$(baseline "$arm" | awk '$1 == "process" && $2 == "this_cpu_inc"')
	if [ "$(cut -d' ' -f3 <<<"$r")" = differs ] && [ "$(cut -d' ' -f4 <<<"$r")" = sig ]; then
		ok "arm64 process this_cpu_inc vs __this_cpu_inc: different code, flagged ($r)"
	else
		ko "arm64 process this_cpu_inc vs __this_cpu_inc" "'$r' (want differs, sig)"
	fi
fi
finish
