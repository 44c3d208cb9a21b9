#!/usr/bin/env bash
# Guest tests for the peers scenario (refscale/rcuscale beside srcubench in
# one boot) and perf stat A/B. Correctness only. Ends "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"
out="$top/out/peers-ab"
usage() { echo "usage: $0 [--out DIR]"; }
parse_opts "--out=out" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
report="$top/build/report"

# --- peers: one boot, srcubench then refscale and rcuscale (normal, exp)
p="$out/peers"
if "$top/tools/run-guest.sh" --scenario peers-quick --action peers --out "$p"; then
	ok "peers boot: srcubench, refscale, rcuscale x2 in one boot, console clean"
else
	ko "peers boot" "see $p/console.log"
fi
for s in "refscale srcu ns_per_loop" "rcuscale srcu gp_ns" "rcuscale srcu-exp gp_ns"; do
	n=$(grep -c "^peer $s " "$p/results.txt" 2>/dev/null)
	if [ "${n:-0}" -gt 0 ]; then ok "peer records: $s ($n)"; else ko "peer records" "none for '$s'"; fi
done
if "$report" "$p/results.txt" >"$p/report.txt" 2>"$p/report.err"; then
	ok "reporter reads the peers results"
	side=$(sed -n '/^## srcubench vs the kernel/,/^# refscale:/p' "$p/report.txt")
	if [ -n "$side" ] && ! echo "$side" | grep -q missing; then
		ok "side-by-side table complete (srcu pair, sync and exp GPs, refscale, rcuscale)"
	else
		ko "side-by-side table" "$(echo "$side" | grep missing | head -n 3 | tr '\n' ' ')"
	fi
else
	ko "reporter on peers results" "$(head -n 3 "$p/report.err")"
fi

# --- perf stat A/B: 2 pairs in the guest, the host's perf over virtio-9p
a="$out/ab"
if "$top/tools/run-guest.sh" --scenario quick --action perf-ab --ab-a "ops=this_cpu_inc" \
	--ab-b "ops=__this_cpu_inc" --pairs 2 --out "$a"; then
	ok "perf-ab boot: 2 pairs, A B A B"
else
	ko "perf-ab boot" "see $a/console.log"
fi
for side in A B; do
	for i in 1 2; do
		n=$(grep -c "^perf $side $i task-clock " "$a/perf-ab.txt" 2>/dev/null)
		if [ "${n:-0}" = 1 ] && grep -q '^end complete ' "$a/ab/$side-$i.txt" 2>/dev/null; then
			ok "perf side $side pair $i: perf record and module results"
		else
			ko "perf side $side pair $i" "missing perf record or results"
		fi
	done
done
if "$report" "$a"/ab/*.txt "$a/perf-ab.txt" >"$a/report.txt" 2>"$a/report.err" &&
	grep -q '^  task-clock ' "$a/report.txt"; then
	ok "reporter shows the A/B table"
else
	ko "reporter A/B" "$(head -n 3 "$a/report.err")"
fi
finish
