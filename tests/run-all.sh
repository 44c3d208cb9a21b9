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
if [ -f tools/report.mk ]; then
	suite "reporter unit tests" make --no-print-directory report-test
	suite "reporter plots" make --no-print-directory plot-test
	suite "reporter parser fuzzing (bounded)" make --no-print-directory fuzz-smoke
fi
suite "guest tests (x86_64, Debian 6.1, qemu TCG)" tests/guest/selftest.sh --out "$out/selftest"
echo "=== total"
echo "$total_p passed, $total_f failed"
[ "$total_f" = 0 ]
