#!/usr/bin/env bash
# The srcubench test definition as a LAVA job run here by lava-run (Debian's
# lava-dispatcher, no server), qemu TCG, Debian's 6.1 x86_64 kernel: the job
# and test definition validate with lava_common's schemas (and so do the
# real-board templates, filled), the job passes, and the test cases LAVA
# recorded (read from the job log with a YAML loader) carry measurements:
# one per CPU x context x op that ran, lost updates per counting op (0 for
# this_cpu_inc, > 0 for racy_inc), grace periods; the results file comes
# back from the log whole and the reporter reads it.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"
cd "$top" || exit 1
out=out/lava-test target=x86_64
usage() { echo "usage: $0 [--out DIR] [--target x86_64|arm64]"; }
parse_opts "--out=out --target=target" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"

tools/deps.sh lava || { ko "tools/deps.sh lava"; finish; }
PY=/usr/bin/python3

# The templates for real boards validate once their @...@ fields are filled
# (the test definition is validated by lava-run.sh below too).
for j in lab/jobs/*.yaml; do
	check "schema: $j (filled)" "$PY" - "$j" <<'EOT'
import re, sys, yaml
from lava_common.schemas import validate
text = open(sys.argv[1]).read()
text = re.sub(r"@[A-Z_]+@", lambda m: "https://example.org/x" if m.group(0).endswith("URL@") else "x", text)
validate(yaml.safe_load(text))
EOT
done
# A test definition the schema must reject: the check can fail.
check "schema: a test definition without metadata.format is rejected" "$PY" - \
	lab/test-definitions/automated/linux/srcubench/srcubench.yaml <<'EOT'
import sys, yaml
from lava_common.schemas.test.testdef import validate
d = yaml.safe_load(open(sys.argv[1]))
validate(d)
del d["metadata"]["format"]
try:
    validate(d)
except Exception:
    sys.exit(0)
sys.exit(1)
EOT

# send-to-lava.sh outside LAVA prints the lines as they are.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'srcu-process-cpu3-ns pass 8.27 ns\nthis_cpu_inc-lost pass 0 count\n' >"$tmp/r.txt"
check "send-to-lava.sh outside LAVA prints result.txt as is" \
	cmp -s "$tmp/r.txt" <(env PATH=/usr/bin:/bin sh lab/test-definitions/automated/utils/send-to-lava.sh "$tmp/r.txt")
# Under LAVA it calls lava-test-case with the measurement and units.
mkdir "$tmp/bin"
printf '#!/bin/sh\necho "$*" >>%s/calls\n' "$tmp" >"$tmp/bin/lava-test-case"
chmod +x "$tmp/bin/lava-test-case"
PATH="$tmp/bin:$PATH" sh lab/test-definitions/automated/utils/send-to-lava.sh "$tmp/r.txt" >/dev/null
check "send-to-lava.sh under LAVA: lava-test-case NAME --result R --measurement M --units U" \
	grep -qx 'srcu-process-cpu3-ns --result pass --measurement 8.27 --units ns' "$tmp/calls"

# The job itself.
if lab/lava-run.sh --target "$target" --out "$out"; then ok "lava-run: job on qemu $target (TCG) finished"
else ko "lava-run: job on qemu $target (TCG)"; finish; fi
check "lava: the job's own result is pass" \
	grep -q '"lvl": "results", "msg": {"case": "job", "definition": "lava", "result": "pass"' "$out/lava.log"

# The cases, as parsed by lava-log.py with a YAML loader.
cases=$out/result.txt res=$out/results.txt
ncpu=$(awk '$1 == "meta" && $2 == "cpus_online" {print $3}' "$res")
# read records with a min_ns: batches > 0, valid ok (where the column exists), min_ns not '-'
nread=$(awk '$1 == "#" && $2 == "read" { for (i = 3; i <= NF; i++) c[$i] = i - 1; next }
	$1 == "read" && $(c["batches"]) > 0 && $(c["min_ns"]) != "-" && (!("valid" in c) || $(c["valid"]) == "ok")' "$res" | wc -l)
nskip=$(awk '$1 ~ /-cpu[0-9]+(-run[0-9]+)?-ns$/ && $2 == "skip"' "$cases" | wc -l)
nall=$(awk '$1 == "read"' "$res" | wc -l)
nmeas=$(awk '$1 ~ /-cpu[0-9]+(-run[0-9]+)?-ns$/ && $4 == "ns" && $3 + 0 > 0' "$cases" | wc -l)
check "one test case with a measurement in ns per run x CPU x context x op ($nmeas = $nread read records)" \
	[ "$nmeas" -gt 0 -a "$nmeas" = "$nread" ]
check "every other read record is a skipped case ($nskip + $nmeas = $nall)" [ $((nskip + nmeas)) = "$nall" ]
check "srcu-process-cpu<N>-ns for each of the $ncpu CPUs" \
	[ "$(grep -cE '^srcu-process-cpu[0-9]+-ns pass [0-9.]+ ns$' "$cases")" = "$ncpu" ]
# The measurement is the min_ns of the results file's read record.
want=$(awk '$1 == "#" && $2 == "read" { for (i = 3; i <= NF; i++) c[$i] = i - 1; next }
	$1 == "read" && $2 == 0 && $3 == 0 && $4 == "process" && $5 == "srcu" {print $(c["min_ns"]) + 0}' "$res")
got=$(awk '$1 == "srcu-process-cpu0-ns" {print $3 + 0}' "$cases")
check "srcu-process-cpu0-ns is the results file's min_ns ($got = $want)" [ -n "$got" -a "$got" = "$want" ]
check "this_cpu_inc-lost pass 0 count" grep -qE '^this_cpu_inc-lost pass 0(\.0)? count$' "$cases"
# shellcheck disable=SC2016
check "racy_inc-lost has a count > 0 (hardirq readers beside it)" \
	awk '$1 == "racy_inc-lost" && $4 == "count" && $3 + 0 > 0 {f=1} END {exit !f}' "$cases"
check "grace-period cases in us (gp-sync-loaded-p50-us, gp-exp-idle-p99-us)" \
	eval "grep -qE '^gp-sync-loaded-p50-us pass [0-9.]+ us$' '$cases' && grep -qE '^gp-exp-idle-p99-us pass [0-9.]+ us$' '$cases'"
check "srcubench-load and srcubench-complete pass" \
	eval "grep -qx 'srcubench-load pass' '$cases' && grep -qx 'srcubench-complete pass' '$cases'"
check "no case failed" eval "! awk '\$2 == \"fail\"' '$cases' | grep -q ."

# The results file came back whole through the job log.
check "results file from the job log ends with 'end complete'" grep -q '^end complete ' "$res"
check "results file names host, machine, cpu_model, boot_id and the LAVA job" eval \
	"for k in host machine cpu_model boot_id harness.lava_job; do grep -q \"^meta \$k [^ ]\" '$res' || exit 1; done"
make -s build/report >/dev/null 2>&1
check "the reporter reads it" eval "build/report '$res' >'$out/report.txt' && grep -q '^## read-side cost per op' '$out/report.txt'"
# A job log as a lab serves it (lavacli jobs logs --raw: one "- {...}"
# YAML list item a line) is read back the same way lab/lava-fetch.sh does,
# into a directory of downloaded jobs that the reporter takes.
dl="$out/downloaded/job-1"
mkdir -p "$dl"
sed 's/^/- /' "$out/lava.log" >"$dl/job.log"
"$PY" lab/lava-log.py "$dl/job.log" --results "$dl/results.txt" --cases "$dl/result.txt" >/dev/null
check "a raw YAML job log gives the same results file and cases" \
	eval "cmp -s '$dl/results.txt' '$res' && cmp -s '$dl/result.txt' '$cases'"
check "report --group-by machine on the downloaded directory" \
	eval "build/report --group-by machine '$out/downloaded' | grep -q '^# c1 = Standard_PC_'"
finish
