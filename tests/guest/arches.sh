#!/usr/bin/env bash
# make run ARCHES=... end to end on two arches (x86_64 and arm64 by default):
# tools/run-arches.sh boots each under TCG and TCG icount and writes one
# report; check that the report puts both side by side with numbers in every
# context, that the icount columns hold x86's one-instruction this_cpu_inc,
# that this_cpu_inc lost nothing anywhere, and that the arches plot rendered.
# Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"
out="$top/out/arches" targets="x86_64 arm64"
usage() { echo "usage: $0 [--targets 'x86_64 arm64'] [--out DIR]"; }
parse_opts "--out=out --targets=targets" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"

make -s -C "$top" build/report >/dev/null || { ko "build/report" "does not build"; finish; }
if "$top/tools/run-arches.sh" --targets "$targets" --out "$out" --report "$top/build/report" >"$out.log" 2>&1; then
	ok "run-arches.sh --targets '$targets' (log: $out.log)"
else
	ko "run-arches.sh" "exit status $?, see $out.log"
fi
# The report's tables through the one results reader: report -f json | jq
# (columns by name), of the runs run-arches.sh reported (OUT/T/MODE/ok).
j="$out/report.json" files=()
n=$(echo "$targets" | wc -w)
for d in "$out"/*/*/; do [ ! -f "$d/ok" ] || files+=("$d/results.txt"); done
"$top/build/report" -f json "${files[@]}" >"$j" 2>/dev/null
tbl() { jq -c --arg s "$1" '.tables[] | select(.section == $s) | .rows[]' "$j" 2>/dev/null; }
cols=$(tbl arches | wc -l)
[ "$cols" = "$n" ] && ok "one report, $n arches side by side" ||
	ko "report" "$cols columns in the across-architectures table, want $n ($j)"
# the this_cpu_inc vs __this_cpu_inc table: 3 contexts per arch, all numeric
rows=$(tbl arches-inc | jq -c 'select([.this_ns, .__this_ns, .this_ins, .__this_in] | all(type == "number"))' | wc -l)
[ "$rows" = $((3 * n)) ] && ok "this_cpu_inc vs __this_cpu_inc: $rows rows with timed and icount numbers" ||
	ko "this_cpu_inc table" "$rows complete rows, want $((3 * n))"
x86=$(tbl arches-inc | jq -r 'select(.arch == "x86_64") | "\(.context) \(.this_ins * 100 | round / 100) \(.extra * 100 | round / 100)"' | tr '\n' ' ')
case " $targets " in *" x86_64 "*)
	[ "$x86" = "process 1 0 softirq 1 0 hardirq 1 0 " ] &&
		ok "x86_64 icount: this_cpu_inc = 1 instruction beyond the loop, same as __this_cpu_inc, in every context" ||
		ko "x86_64 icount" "got '$x86'" ;;
esac
bad=$(tbl arches-lost | jq -c 'select(.op == "this_cpu_inc") | to_entries[] | select(.key != "op" and .key != "env" and .value != "0")')
icount_row=$(tbl arches-lost | jq -c 'select(.op == "this_cpu_inc" and .env == "icount")')
[ -z "$bad" ] && [ -n "$icount_row" ] && ok "this_cpu_inc lost no update on any arch, timed or icount" ||
	ko "this_cpu_inc lost updates" "'$bad'$([ -n "$icount_row" ] || echo ', no icount row')"
# arches.gp is the two-line driver that loads plots/arches.gp (the template)
if grep -q "^load templates.'arches.gp'" "$out/plots/arches.gp" 2>/dev/null; then ok "plot driver arches.gp loads the template"
else ko "plot arches.gp" "no driver loading the arches template"; fi
for f in arches.png arches.svg arches.dat; do
	s=$(stat -c %s "$out/plots/$f" 2>/dev/null || echo 0)
	min=300; case "$f" in *.png|*.svg) min=8000 ;; esac
	[ "$s" -gt "$min" ] && ok "plot $f ($s bytes)" || ko "plot $f" "missing or under $min bytes ($s)"
done
finish
