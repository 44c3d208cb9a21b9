#!/usr/bin/env bash
# Guest test: aborted loads, teardown and CPU hotplug (tools/guest/abort-tests.sh),
# one boot of 2 vCPUs: signals at 0..800 ms into a blocking insmod, debugfs
# files held open across an aborted insmod, "start" refused while busy, a run
# with onoff_interval_ms for every context (each read and lost record valid or
# marked), rmmod in the middle of it, then the quick scenario. Correctness
# only: no timing is asserted. Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"

target=x86_64 kver= out="$top/out/abort" scenario=quick prebuilt=()
usage() { echo "usage: $0 [--target x86_64] [--kver SERIES] [--scenario quick] [--out DIR] [--prebuilt DIR]"; }
prebuilt_dir=
parse_opts "--target=target --kver=kver --out=out --scenario=scenario --prebuilt=prebuilt_dir" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
[ -z "$prebuilt_dir" ] || prebuilt=(--prebuilt "$prebuilt_dir")
kver=${kver:-$(load_target "$target"; echo "${KVER_DEFAULT:-6.1}")}


if "$top/tools/run-guest.sh" --target "$target" --kver "$kver" --scenario "$scenario" --vcpus 2 \
	--action abort --out "$out" "${prebuilt[@]}"; then
	ok "guest run: every load ended, results complete, console clean"
else
	ko "guest run" "tools/run-guest.sh failed (see $out/console.log)"
fi
st="$out/guest-status.txt"
[ -s "$st" ] || { ko status "no status from the guest"; finish; }

while read -r name verdict detail; do
	if [ "$verdict" = pass ]; then ok "guest ${name#test.}: $detail"; else ko "guest ${name#test.}" "$detail"; fi
done < <(grep '^test\.' "$st")
want=15
[ "$(grep -c '^test\.' "$st")" -ge $want ] || ko "guest checks" "expected $want guest checks, got $(grep -c '^test\.' "$st") ($(grep -v '^test\.' "$st" | grep '^abort\.' | tr '\n' ' '))"

# The hotplug run: every read and lost record says whether it is valid; a
# valid one has batches (read) and numbers; one without batches has '-' in
# every ns column; some CPU was marked offline, and some cell stayed valid.
onoff="$out/onoff.txt"
SB_GUEST_DIR="$out/guest" extract_section onoff "$out/console.log" >"$onoff"
if [ ! -s "$onoff" ]; then
	ko "onoff results" "no 'onoff' section from the guest (9p or console)"
else
	r=$(awk '
		$1 == "#" && ($2 == "read" || $2 == "lost") { for (i = 3; i <= NF; i++) c[$2, $i] = i - 1; next }
		$1 == "read" {
			nr++
			if (!(("read", "valid") in c)) { bad = bad " read-without-valid-column"; next }
			v = $(c["read", "valid"])
			if (v == "ok") { ok++; if ($(c["read", "batches"]) == 0) bad = bad " ok-read-without-batches(line " NR ")" }
			else if (v == "offline" || v == "moved") marked++
			else if (v == "empty") empty++
			else bad = bad " read-valid=" v
			if ($(c["read", "batches"]) == 0) {
				if (v != "ok") zero++
				for (k in c) { split(k, kk, SUBSEP); if (kk[1] == "read" && kk[2] ~ /_ns$/ && $(c[k]) != "-") { bad = bad " 0-batch-" kk[2] "=" $(c[k]) "(line " NR ")"; break } }
			} else
				# a percentile with no batch past the warm-up ramp to take it from is "-"
				for (k in c) { split(k, kk, SUBSEP); if (kk[1] == "read" && kk[2] ~ /_ns$/ && $(c[k]) !~ /^[0-9]+\.[0-9]+$/ && !(kk[2] != "mean_ns" && $(c[k]) == "-")) { bad = bad " " kk[2] "=" $(c[k]) "(line " NR ")"; break } }
			next
		}
		$1 == "lost" {
			nl++
			if (!(("lost", "valid") in c)) { bad = bad " lost-without-valid-column"; next }
			v = $(c["lost", "valid"])
			if (v == "ok") lok++; else if (v == "offline" || v == "moved") lmarked++; else bad = bad " lost-valid=" v
			next
		}
		$1 == "end" { end = $2 }
		END { printf "%d %d %d %d %d %d %d %s|%s\n", nr, ok, marked, nl, lok, lmarked, zero, end, bad }' "$onoff")
	read -r nr rok rmarked nl lok lmarked rzero rest <<<"$r"
	endst=${rest%%|*} bad=${rest#*|}
	if [ "$nr" -gt 0 ] && [ "$nl" -gt 0 ] && [ -z "$bad" ]; then
		ok "onoff: all $nr read and $nl lost records valid or marked, '-' in the ns columns of the $rzero marked read records without batches"
	else
		ko "onoff records" "read=$nr lost=$nl problems:${bad:- none}"
	fi
	if [ "$rmarked" -gt 0 ] && [ "$lmarked" -gt 0 ]; then ok "onoff: CPU hotplug marked $rmarked read and $lmarked lost records"
	else ko "onoff marked" "no record marked offline (read $rmarked, lost $lmarked): did a CPU go offline?"; fi
	if [ "$rok" -gt 0 ] && [ "$lok" -gt 0 ]; then ok "onoff: $rok read and $lok lost records stayed valid (CPU 0)"
	else ko "onoff valid" "no valid record (read $rok, lost $lok)"; fi
	# this_cpu_inc never loses an update, hotplug or not
	l=$(awk '$1 == "#" && $2 == "lost" { for (i = 3; i <= NF; i++) c[$i] = i - 1; next }
		$1 == "lost" && $(c["op"]) == "this_cpu_inc" && $(c["lost"]) != 0 { print $0 }' "$onoff")
	if [ -z "$l" ]; then ok "onoff: this_cpu_inc lost no update"; else ko "onoff this_cpu_inc" "$l"; fi
	if [ "$endst" = complete ]; then ok "onoff: end complete"; else ko "onoff end" "end '$endst'"; fi
fi
if tr -d '\r' <"$out/console.log" 2>/dev/null | grep -qE "$SB_BAD_CONSOLE"; then
	ko console "$(tr -d '\r' <"$out/console.log" | grep -E "$SB_BAD_CONSOLE" | head -n 3)"
else
	ok "console free of oops/BUG/WARNING/lockup/stall"
fi
finish
