#!/bin/sh
# The reporter across machines: report --group-by, --compare and
# directories of LAVA job results, on the real results of two LAVA jobs
# whose guests' meta machine differ (tests/unit/fixtures/machines/README).
# Checks conclusions: each group's numbers are those of its own files alone,
# the groups do not mix, B/A is B over A with A and B in the right places,
# its interval holds it, the level follows the replicates, sides that are
# not one (arch, kernel, env) are refused, result.txt-only directories get
# their cases, malformed input is refused. Ends with "N passed, M failed".
. tests/lib.sh
set -u
R=${1:-build/report}
F=tests/unit/fixtures/machines
PC=$F/lava-pc/results.txt Q35=$F/lava-q35/results.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# min (min_ns column) of CONTEXT OP in the ordinary report of FILE
solo_min() { "$R" "$1" | awk -v c="$2" -v o="$3" '
	$1 == "#" && $2 == "context" { for (i = 2; i <= NF; i++) col[$i] = i - 1; next }
	$1 == c && $2 == o && !done { print $(col["min_ns"]); done = 1 }'; }
# column N's value of CONTEXT OP in a --group-by table
group_val() { awk -v c="$2" -v o="$3" -v n="$4" '
	/^## across/ && /min ns\/op/ { t = 1; next } /^## / { t = 0 }
	t && $1 == c && $2 == o { print $(3 + 3 * (n - 1)); exit }' "$1"; }

"$R" --group-by machine "$F" >"$tmp/g.txt"
check "--group-by machine DIR: exit 0" [ $? = 0 ]
check "two columns: c1 the i440FX (pc) machine, c2 the Q35 one" \
	eval "grep -q '^# c1 = Standard_PC_(i440FX_+_PIIX,_1996): ' '$tmp/g.txt' &&
	      grep -q '^# c2 = Standard_PC_(Q35_+_ICH9,_2009): ' '$tmp/g.txt' && ! grep -q '^# c3 ' '$tmp/g.txt'"
check "each column has its own 3 replicates from 1 boot" \
	[ "$(grep -c '^# c[12] = .* replicates=3 boots=1 cpus=2$' "$tmp/g.txt")" = 2 ]
for co in "process srcu" "hardirq this_cpu_inc" "softirq racy_inc"; do
	# shellcheck disable=SC2086
	a=$(solo_min "$PC" $co) b=$(solo_min "$Q35" $co)
	# shellcheck disable=SC2086
	ga=$(group_val "$tmp/g.txt" $co 1) gb=$(group_val "$tmp/g.txt" $co 2)
	check "$co: c1 = the pc file's own min ($ga = $a), c2 = the q35 file's ($gb = $b)" \
		[ -n "$a" -a "$ga" = "$a" -a "$gb" = "$b" ]
done
# The pooled report of both (no --group-by) is neither column: grouping matters.
check "the pooled report mixes them: 6 replicates, not 3" \
	eval "'$R' '$PC' '$Q35' | grep -q '^## read-side cost per op: .* runs=6 boots=2 '"
check "lost updates per machine: racy_inc lost in both, this_cpu_inc none" \
	eval "awk '/lost updates/ {t=1} t && \$2 == \"racy_inc\" && \$3 > 0 && \$5 > 0 {r=1}
	      t && \$2 == \"this_cpu_inc\" && \$3 == 0 && \$5 == 0 {z=1} END {exit !(r && z)}' '$tmp/g.txt'"
check "grace periods per machine (sync loaded p50, p99 in both columns)" \
	eval "awk '/grace-period/ {t=1} t && \$1 == \"sync\" && \$2 == \"loaded\" && NF == 6 {f=1} END {exit !f}' '$tmp/g.txt'"
"$R" --group-by boot_id "$PC" "$Q35" | grep -c '^# c[0-9]* = ' >"$tmp/n"
check "--group-by boot_id: two boots, two columns" [ "$(cat "$tmp/n")" = 2 ]
"$R" --group-by arch,env "$PC" "$Q35" >"$tmp/a.txt"
check "--group-by arch,env: one column x86_64,tcg with both files' 6 replicates" \
	eval "grep -q '^# c1 = x86_64,tcg: .* replicates=6 boots=2' '$tmp/a.txt' && ! grep -q '^# c2 ' '$tmp/a.txt'"
"$R" --group-by no_such_key "$PC" | grep -q '^# c1 = -: '
check "--group-by an absent key: one group named '-'" [ $? = 0 ]

# --group-by in the other formats: the same three tables, the same numbers
"$R" --group-by machine -f csv "$F" >"$tmp/g.csv"
check "--group-by machine -f csv: exit 0" [ $? = 0 ]
python3 - "$tmp/g.csv" "$tmp/g.txt" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
want = {}   # (context, op, column) -> value of the text table's group section
cols = None
t = False
for line in open(sys.argv[2]):
    f = line.split()
    if line.startswith("## "):
        t = line.startswith("## across machine: min ns/op")
        cols = None
    elif t and f and f[0] == "#" and len(f) > 1 and f[1] == "context":
        cols = f[1:]
    elif t and cols and f and not line.startswith("#"):
        for c, v in zip(cols[2:], f[2:]):
            want[(f[0], f[1], c)] = v
got = {(r["context"], r["op"], r["column"]): r["value"] for r in rows if r["section"] == "group"}
secs = {r["section"] for r in rows}
ok = (want and got == want and {"group", "group-lost", "group-gp"} <= secs and
      all(r["arch"] == "x86_64" and r["env"] == "tcg" for r in rows) and
      got[("process", "srcu", "c1")] == want[("process", "srcu", "c1")])
sys.exit(0 if ok else 1)
PYEOF
check "--group-by machine -f csv loads with Python's csv module: every c1..c2_hi cell as in the text table; sections group, group-lost, group-gp; arch x86_64, env tcg" [ $? = 0 ]
"$R" --group-by machine -f json "$F" >"$tmp/g.json"
check "--group-by machine -f json: schema 2, mode group-by, tables group, group-lost, group-gp; c1 of process srcu as the text table's; the c1 legend in the notes; racy_inc lost in both" eval \
	"jq -e --arg a \"\$(group_val '$tmp/g.txt' process srcu 1)\" '.schema == 2 and .mode == \"group-by\" and
	 ([.tables[].section] == [\"group\", \"group-lost\", \"group-gp\"]) and
	 ([.tables[0].rows[] | select(.context == \"process\" and .op == \"srcu\") | .c1 == (\$a | tonumber)] == [true]) and
	 (.tables[0].notes | test(\"c1 = Standard_PC_.i440FX.* cpus=2; c2 = Standard_PC_.Q35\")) and
	 ([.tables[1].rows[] | select(.op == \"racy_inc\") | (.lost_c1 > 0 and .lost_c2 > 0)] | any)' '$tmp/g.json' >/dev/null"
"$R" --group-by machine -f md "$F" >"$tmp/g.md"
check "--group-by machine -f md: the three tables, the c2 legend line" eval \
	"grep -q '^### across machine: min ns/op' '$tmp/g.md' && grep -q '^### across machine: lost updates' '$tmp/g.md' &&
	 grep -q '^### across machine: grace-period' '$tmp/g.md' && grep -q '^- c2 = Standard_PC_(Q35' '$tmp/g.md'"
"$R" --group-by machine --csv-dir "$tmp/gd" "$F" >/dev/null
check "--group-by machine --csv-dir: one file per table" eval \
	"[ -s '$tmp/gd/01-group.csv' ] && [ -s '$tmp/gd/02-group-lost.csv' ] && [ -s '$tmp/gd/03-group-gp.csv' ] &&
	 head -1 '$tmp/gd/01-group.csv' | grep -q '^arch,kernel,env,context,op,c1,c1_lo,c1_hi,c2,c2_lo,c2_hi$'"

# more group columns than a table holds (2 keys + 3 per column): refused, named
for i in $(seq 1 67); do
	sed "s/^meta machine .*/meta machine m$i/; s/^meta boot_id .*/meta boot_id boot-$i/" "$PC" >"$tmp/many-$i.results"
done
"$R" --group-by machine "$tmp"/many-*.results >/dev/null 2>"$tmp/e"
check "--group-by with 67 columns: exit 1, 'at most 66' on stderr" eval "[ $? = 1 ] && grep -q '67 columns .*at most 66' '$tmp/e'"
rm "$tmp/many-67.results"
"$R" --group-by machine -f json "$tmp"/many-*.results | jq -e '(.tables[0].columns | length == 200) and
	([.tables[0].rows[] | select(.context == "process" and .op == "srcu") | .c1 == .c66] == [true])' >/dev/null
check "--group-by with 66 columns: all of them (200 columns, in json; c66 = c1, the same file)" [ $? = 0 ]

# --compare A -- B
"$R" --compare "$F/lava-pc" -- "$Q35" >"$tmp/c.txt"
check "--compare DIR -- FILE: exit 0" [ $? = 0 ]
check "A is the pc machine, B the q35 one" eval \
	"grep -q '^# note: A: .*machine=Standard_PC_(i440FX.*; B: .*machine=Standard_PC_(Q35' '$tmp/c.txt'"
a=$(solo_min "$PC" process srcu) b=$(solo_min "$Q35" process srcu)
awk -v a="$a" -v b="$b" '$1 == "process" && $2 == "srcu" {
	exit !($3 == a && $4 == b && ($5 - b / a)^2 < 1e-6 && $6 <= $5 && $5 <= $7 && $8 == 0.50) }' "$tmp/c.txt"
check "process srcu: A_min, B_min are each file's own, B/A = B_min/A_min inside [lo, hi], level 0.50 (3 vs 3 replicates: 0.75 + 0.75 - 1)" [ $? = 0 ]
"$R" --compare "$Q35" -- "$PC" >"$tmp/c2.txt"
awk 'NR == FNR && $1 == "process" && $2 == "srcu" {r = $5} NR != FNR && $1 == "process" && $2 == "srcu" {
	exit !((r * $5 - 1)^2 < 1e-4) }' "$tmp/c.txt" "$tmp/c2.txt"
check "swapping the sides inverts B/A" [ $? = 0 ]
check "compare has GP p50/p99 ratios and lost updates" eval \
	"grep -q '^## compare: grace-period latency B / A' '$tmp/c.txt' && awk '/compare: lost/ {t=1} t && \$2 == \"racy_inc\" && \$3 > 0 && \$5 > 0 {f=1} END {exit !f}' '$tmp/c.txt'"
"$R" --compare "$F" -- "$PC" >"$tmp/c3.txt"
check "a side pooling two machines says so" grep -q '^# note: .*side A pools 2 machines' "$tmp/c3.txt"
"$R" --compare "$PC" -- "$PC" tests/unit/fixtures/tcg-arm64.results >/dev/null 2>"$tmp/e"
check "a side of two (arch, kernel, env) is refused (exit 1, named)" eval \
	"[ $? = 1 ] && grep -q 'side B has 2 (arch, kernel, env) groups' '$tmp/e'"
"$R" --compare "$PC" >/dev/null 2>&1
check "--compare without '--' is a usage error" [ $? = 1 ]
# --compare in the other formats: the same three tables, the same numbers
"$R" --compare --format csv "$PC" -- "$Q35" >"$tmp/c.csv"
check "--compare -f csv: exit 0, process srcu A_min/B_min/B/A as in the text table" eval "[ $? = 0 ] &&
	awk -F, -v a=\"\$(awk '\$1 == \"process\" && \$2 == \"srcu\" {print \$3, \$4, \$5}' '$tmp/c.txt')\" '
	\$1 == \"compare\" && \$6 == \"process\" && \$7 == \"srcu\" { v[\$11] = \$12 }
	END { exit !(v[\"A_min\"] \" \" v[\"B_min\"] \" \" v[\"B/A\"] == a) }' '$tmp/c.csv'"
"$R" --compare --format json "$PC" -- "$Q35" >"$tmp/c.json"
check "--compare -f json: schema 2, tables compare, compare-gp, compare-lost; racy_inc lost on both sides" eval \
	"jq -e '.schema == 2 and ([.tables[].section] == [\"compare\", \"compare-gp\", \"compare-lost\"]) and
	 ([.tables[2].rows[] | select(.op == \"racy_inc\") | (.A_lost > 0 and .B_lost > 0)] | any)' '$tmp/c.json' >/dev/null"
"$R" --compare --format md "$PC" -- "$Q35" | grep -q '^### compare: lost updates'
check "--compare -f md: the lost-updates table" [ $? = 0 ]

# Directories of LAVA jobs with only result.txt (no results file kept)
mkdir -p "$tmp/jobs/101" "$tmp/jobs/102"
cp "$F/lava-pc/result.txt" "$tmp/jobs/101/" && cp "$F/lava-q35/result.txt" "$tmp/jobs/102/"
"$R" "$tmp/jobs" >"$tmp/cases.txt"
check "result.txt-only directories: a case table, d1 = 101, d2 = 102" eval \
	"[ $? = 0 ] && grep -q '^# d1 = 101 (141 cases)' '$tmp/cases.txt' && grep -q '^# d2 = 102 (139 cases)' '$tmp/cases.txt'"
m1=$(awk '$1 == "srcu-process-cpu1-ns" {print $3}' "$F/lava-pc/result.txt")
m2=$(awk '$1 == "srcu-process-cpu1-ns" {print $3}' "$F/lava-q35/result.txt")
check "srcu-process-cpu1-ns: each directory's measurement ($m1, $m2), unit ns" \
	eval "grep -qE '^  srcu-process-cpu1-ns +ns +$m1 +$m2\$' '$tmp/cases.txt'"
# A directory with both: the results file wins, no case table.
mkdir -p "$tmp/both" && cp "$F/lava-pc/results.txt" "$F/lava-pc/result.txt" "$tmp/both/"
check "a directory with results.txt and result.txt: the results file only" \
	eval "'$R' '$tmp/both' | grep -q '^## read-side cost' && ! '$R' '$tmp/both' | grep -q 'test cases of result.txt'"
printf 'srcu-process-cpu0-ns maybe 3 ns\n' >"$tmp/jobs/101/result.txt"
"$R" "$tmp/jobs" >/dev/null 2>"$tmp/e"
check "a malformed result.txt line is refused with file:line (exit 2)" eval \
	"[ $? = 2 ] && grep -q 'jobs/101/result.txt:1: not a result.txt line' '$tmp/e'"
mkdir -p "$tmp/empty"
"$R" "$tmp/empty" >/dev/null 2>"$tmp/e"
check "an empty directory is refused (exit 2)" eval "[ $? = 2 ] && grep -q 'no results file' '$tmp/e'"
"$R" --group-by 'machine,,host' "$PC" >/dev/null 2>&1
check "--group-by 'machine,,host' is a usage error" [ $? = 1 ]
finish
