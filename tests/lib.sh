# shellcheck shell=sh
# The tally of every test script: source it, call ok/ko/check per case and
# finish (or tally) at the end. The last line is "N passed, M failed", which
# tests/run-all.sh adds up; the exit status is 0 when nothing failed, else 1.
# POSIX sh (the plot tests are /bin/sh scripts).
pass=0 failed=0
# ok [NAME]: without a NAME the case passes silently
ok() { [ $# = 0 ] || echo "PASS $1"; pass=$((pass + 1)); }
# ko NAME [WHY...]
ko() { local n=$1; shift; echo "FAIL $n${1:+: $*}"; failed=$((failed + 1)); }
# check NAME CMD...: ok when CMD succeeds
check() { local n=$1; shift; if "$@"; then ok "$n"; else ko "$n"; fi; }
# tally: print the summary line; status 0 when nothing failed
tally() { echo "$pass passed, $failed failed"; [ "$failed" = 0 ]; }
finish() { tally; exit $?; }
