#!/usr/bin/env bash
# Guest test of the cover-letter checker (issue 12), one short boot on 2
# vCPUs: the model SRCU with the race-amplified __this_cpu_inc (the 2017 bug)
# shows imbalance, stalled or premature > 0; fix 1 (irqs off around process
# and softirq readers), fix 2 (rcu_read_lock_sched), fix 3 (srcu_read_lock),
# srcu_fast where the kernel has it, and the model with this_cpu_inc show 0
# of all three; fix 2's expedited grace periods IPI a reader CPU; and the
# checker is checked: a grace period that returns at once is premature > 0.
# Correctness of conclusions only, no timing asserted.
# Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"

target=x86_64 kver=6.1 out="$top/out/cover-letter" results= mode=tcg bug_inc=racy_inc
usage() { echo "usage: $0 [--target x86_64] [--kver 6.1|6.12] [--mode tcg|icount] [--bug-inc racy_inc|__this_cpu_inc] [--out DIR] [--results FILE]"; }
# --mode: icount: one vCPU, no IPI check
# --bug-inc: the bug row's model increment (__this_cpu_inc under icount)
# --results: check an existing results file, no boot
parse_opts "--target=target --kver=kver --mode=mode --bug-inc=bug_inc --out=out --results=results" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"


# The shortest run that still answers: one empty op phase, no SRCU GP phases.
params="contexts=process,softirq,hardirq ops=empty duration_ms=50 runs=1 gp=none check_ms=400 check_hold_ns=10000 check_wait_ms=1000 check_bug_inc=$bug_inc"
vcpus=2
[ "$mode" = icount ] && vcpus=1
if [ -z "$results" ]; then
	if "$top/tools/run-guest.sh" --target "$target" --kver "$kver" --scenario quick --mode "$mode" \
		--vcpus "$vcpus" --params "$params" --out "$out"; then
		ok "guest run ($target $kver, $vcpus vCPUs, $mode): results complete, console clean"
	else
		ko "guest run" "tools/run-guest.sh failed (see $out/console.log)"
	fi
	results="$out/results.txt"
fi
res=$results
[ -s "$res" ] || { ko results "no results"; finish; }
meta() { awk -v k="$1" '$1 == "meta" && $2 == k { print $3; exit }' "$res"; }

# Per row: premature (check), imbalance and stalled (model), over every writer.
sum() { # sum RECORD ROW FIELD [WRITER]: that field summed over the row's records
	awk -v t="$1" -v r="$2" -v f="$3" -v w="${4:-}" '
		$1 == "#" && $2 == t { for (i = 3; i <= NF; i++) c[$i] = i - 1 }
		$1 == t && $(c["flavour"]) == r && (w == "" || $(c["writer"]) == w) {
			v = $(c[f]); if (v != "-") { s += (v < 0 ? -v : v); n++ } }
		END { printf "%d %d\n", s, n }' "$res"
}
rows="bug fix1 fix2 fix3 model_fix broken"
[ -n "$(meta check.unavailable.srcu_fast)" ] || rows="$rows srcu_fast"
for r in $rows; do
	read -r s n < <(sum check "$r" sections)
	if [ "$n" -gt 0 ] && [ "$s" -gt 0 ]; then ok "$r: $n check records, $s sections"
	else ko "$r sections" "$n check records, $s sections"; fi
done

read -r prem _ < <(sum check bug premature)
read -r imb _ < <(sum model bug imbalance)
read -r stl _ < <(sum model bug stalled)
if [ $((prem + imb + stl)) -gt 0 ]; then
	ok "bug ($(meta param.check_bug_inc)): imbalance $imb, stalled $stl, premature $prem (> 0: the lost lock count shows)"
else
	ko "bug" "imbalance, stalled and premature all 0 with $(meta param.check_bug_inc)"
fi
for r in fix1 fix2 fix3 model_fix ${rows##*model_fix broken}; do
	read -r prem _ < <(sum check "$r" premature)
	read -r imb nm < <(sum model "$r" imbalance)
	read -r stl _ < <(sum model "$r" stalled)
	if [ $((prem + imb + stl)) = 0 ]; then
		ok "$r: premature 0, imbalance 0, stalled 0 ($nm model records)"
	else
		ko "$r" "premature $prem, imbalance $imb, stalled $stl"
	fi
done

read -r prem _ < <(sum check broken premature)
if [ "$(meta cpus_online)" = 1 ]; then
	# One CPU: every reader runs with preemption or irqs off, so a writer
	# runs only between sections, and even a GP that returns at once is
	# correct (why Tiny RCU's synchronize_rcu() is almost nothing).
	if [ "$prem" = 0 ]; then ok "broken GP on one CPU: premature 0, as non-preemptible readers make any GP correct"
	else ko "broken GP on one CPU" "premature $prem: a reader overlapped a writer on one CPU"; fi
elif [ "$prem" -gt 0 ]; then ok "checker checked: a grace period that returns at once is premature $prem times"
else ko "broken GP" "premature 0: the checker cannot see a premature grace period"; fi

# Fix 2: synchronize_rcu_expedited() IPIs the reader CPU (not the writer's).
if [ "$(meta cpus_online)" = 1 ]; then
	echo "SKIP fix2 IPIs: one CPU, no other reader CPU to IPI"
elif [ "$(meta check.ipi_source)" = none ]; then
	ko "fix2 IPIs" "no IPI source (kprobe on rcu_exp_handler failed)"
else
	read -r ipis _ < <(sum disturb fix2 exp_ipis exp)
	gps=$(fields chkgp flavour writer gps <"$res" | awk '$1 == "fix2" && $2 == "exp" { print $3 }')
	if [ "$ipis" -gt 0 ] && [ "${gps:-0}" -gt 0 ]; then
		ok "fix2 exp: $ipis expedited IPIs to reader CPUs over $gps grace periods"
	else ko "fix2 IPIs" "$ipis IPIs over ${gps:-0} expedited grace periods"; fi
	read -r ipis _ < <(sum disturb fix2 exp_ipis none)
	if [ "$ipis" = 0 ]; then ok "fix2 without a writer: 0 expedited IPIs"
	else ko "fix2 none IPIs" "$ipis expedited IPIs with no writer"; fi
fi

# The records parse: the reporter's cover-letter table has every row.
label() { case "$1" in bug) echo 2017-bug ;; fix1) echo fix1-irqs-off ;; fix2) echo fix2-rcu-sched ;;
	fix3) echo fix3-srcu ;; model_fix) echo model-this_cpu_inc ;; broken) echo checker-broken-gp ;; *) echo "$1" ;; esac; }
if make -C "$top" --no-print-directory report >/dev/null 2>&1; then
	tbl=$("$top/build/report" "$res" 2>/dev/null | sed -n '/^## Cover letter/,/^$/p')
	miss=
	for r in $rows; do echo "$tbl" | grep -qE "^ *$(label "$r") " || miss="$miss $r"; done
	if [ -n "$tbl" ] && [ -z "$miss" ]; then ok "report: the cover-letter table has every row"
	else ko "report table" "missing rows:$miss"; echo "$tbl"; fi
	# The table says what the records say: the bug row's imbalance, the broken GP's premature.
	# by column name from the JSON of the same report
	cover() { "$top/build/report" -f json "$res" 2>/dev/null |
		jq -r --arg r "$1" --arg c "$2" '.tables[] | select(.section == "cover") | .rows[] | select(.row == $r) | .[$c]'; }
	bi=$(cover 2017-bug imbalance)
	bp=$(cover checker-broken-gp premature)
	read -r imb _ < <(sum model bug imbalance)
	read -r prem _ < <(sum check broken premature)
	if [ "$bi" = "$imb" ] && [ "$bp" = "$prem" ]; then ok "report: bug imbalance $bi and broken premature $bp as in the records"
	else ko "report figures" "table bug imbalance '$bi' broken premature '$bp', records $imb and $prem"; fi
else
	ko "report" "make report failed"
fi
finish
