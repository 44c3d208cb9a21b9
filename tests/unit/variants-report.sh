#!/usr/bin/env bash
# The reporter's variants tables (tools/report_variants.c) on real results:
# two arm64 icount boots and two x86_64 icount boots of scenario
# variants-icount (fixtures variants-*-icount-*.results), plus a made-up
# big.LITTLE file (a second CPU of another core type, built here from the
# arm64 file). Checks the conclusions, not the layout:
#  - arm64: stadd and ldadd are 3 instructions over the empty loop, llsc 6,
#    irqoff_add 8; every variant lost 0 updates, __this_cpu_inc lost some and
#    reads irqsafe "no"; the reader shapes are listed (rd_stadd: 14);
#  - across arches: x86_64 gs_inc is 1.00 x the x86 this_cpu_inc control,
#    arm64 llsc 6.00;
#  - big.LITTLE: one row per core type for each op, each with its own figure;
#  - the note says icount cannot show near against far atomics;
#  - other arches' variants are not in the unavailable-ops table;
#  - spacing (gap=0,16, fixture variants-arm64-gap-icount from an arm64
#    icount boot): the table gains net@g16 and ratio@g16, each bare variant's
#    spaced net is its back-to-back net (ratio 1.00, stadd 3, llsc 6), the
#    reader shapes have none; with stadd@g16 made 3 instructions dearer the
#    ratio reads 2.00; results without gap= have no spaced columns.
# Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
rep=${1:-$top/build/report}
fx=$top/tests/unit/fixtures
[ -x "$rep" ] || make -C "$top" --no-print-directory build/report >/dev/null || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# row of a table: the lines after "## <title prefix>" up to the blank line
section() { awk -v t="$2" 'index($0, "## " t) == 1 { on = 1; next } on && /^$/ { on = 0 } on' "$1"; }
row() { awk -v o="$2" '$1 == o' ; }

"$rep" "$fx"/variants-arm64-icount-a.results "$fx"/variants-arm64-icount-b.results \
	"$fx"/variants-x86_64-icount-a.results "$fx"/variants-x86_64-icount-b.results >"$tmp/r.txt" 2>"$tmp/r.err" ||
	ko "report" "exit status $?: $(head -n 2 "$tmp/r.err")"
# the tables through the one results reader: report -f json | jq, columns by name
"$rep" -f json "$fx"/variants-arm64-icount-a.results "$fx"/variants-arm64-icount-b.results \
	"$fx"/variants-x86_64-icount-a.results "$fx"/variants-x86_64-icount-b.results >"$tmp/r.json" 2>/dev/null
rows() { jq -c --arg s "$1" --arg a "${2:-}" '.tables[] | select(.section == $s and ($a == "" or .arch == $a)) | .rows[]' "$tmp/r.json"; }
a=$(rows variants aarch64)
net() { echo "$a" | jq -r --arg o "$1" 'select(.op == $o) | .process_net // "-"'; }
lost() { echo "$a" | jq -r --arg o "$1" 'select(.op == $o) | .lost // "-"'; }
[ "$(net stadd) $(net ldadd) $(net llsc) $(net irqoff_add)" = "3 3 6 8" ] &&
	ok "arm64 icount: stadd, ldadd 3 instructions over the loop, llsc 6, irqoff_add 8" ||
	ko "arm64 nets" "stadd '$(net stadd)' ldadd '$(net ldadd)' llsc '$(net llsc)' irqoff_add '$(net irqoff_add)'"
bad=$(echo "$a" | jq -r 'select(.shape == "bare" and .lost != 0) | "\(.op)=\(.lost)"')
[ -z "$bad" ] && [ -n "$(lost stadd)" ] && ok "arm64: every bare variant lost 0 updates" || ko "arm64 losses" "$bad"
u=$(lost __this_cpu_inc)
if [ "${u:-0}" -gt 0 ] 2>/dev/null && echo "$a" | jq -c 'select(.op == "__this_cpu_inc" and .irqsafe == "no")' | grep -q .; then
	ok "arm64: __this_cpu_inc lost $u updates and reads irqsafe no"
else ko "__this_cpu_inc" "lost '$u'"; fi
[ "$(net rd_stadd)" = 14 ] && ok "arm64: the reader shape rd_stadd is 14 instructions over the loop" || ko "rd_stadd" "'$(net rd_stadd)'"
vs() { rows variants-arch | jq -r --arg i "$1" --arg o "$2" 'select(.isa == $i and .op == $o) | .vs_x86_this_cpu_inc * 100 | round / 100'; }
r1=$(vs x86_64 gs_inc) r2=$(vs aarch64 llsc)
[ "$r1 $r2" = "1 6" ] && ok "across arches: x86 gs_inc 1.00 x the control, arm64 llsc 6.00 x" ||
	ko "across arches" "gs_inc '$r1' llsc '$r2'"
grep -q "^# note: TCG and TCG icount cannot show near against far atomics" <(section "$tmp/r.txt" "Per-arch variants across") &&
	ok "the note says icount cannot show near against far atomics" || ko "note" "missing"
! grep -q "variant-of-another-arch" "$tmp/r.txt" &&
	ok "another arch's variants are not listed as this kernel's unavailable ops" ||
	ko "unavailable" "variant-of-another-arch rows in the report"

# big.LITTLE: cpu 1 of another core type, every read record of cpu 0 again on
# cpu 1 with its percentiles, min and max doubled
awk '$1 == "cpu" && $2 == 0 { print; print "cpu 1 0x41:0xd05 midr=0x411fd050,implementer=0x41,part=0xd05,variant=0x1,revision=0x0"; next }
	$1 == "meta" && $2 == "cpus" { print "meta cpus 0-1"; next }
	$1 == "#" && $2 == "read" { for (i = 3; i <= NF; i++) c[$i] = i - 1; print; next }
	$1 == "read" && $(c["cpu"]) == 0 { print; $(c["cpu"]) = 1; n = split("p50_ns p95_ns p99_ns min_ns max_ns", k, " ")
		for (i = 1; i <= n; i++) $(c[k[i]]) *= 2; print; next } { print }' \
	"$fx"/variants-arm64-icount-a.results >"$tmp/bl.results"
"$rep" -f json "$tmp/bl.results" >"$tmp/bl.json" 2>"$tmp/bl.err" || ko "report big.LITTLE" "$(head -n 2 "$tmp/bl.err")"
c=$(jq -c '.tables[] | select(.section == "variants-core") | .rows[] | select(.op == "stadd")' "$tmp/bl.json")
s1=$(echo "$c" | jq -r 'select(.core_type == "0x00:0x051") | .min')
s2=$(echo "$c" | jq -r 'select(.core_type == "0x41:0xd05") | .min')
n=$(echo "$c" | grep -c .)
[ "$n" = 2 ] && [ "$s1" = 6.008 ] && [ "$s2" = 12.016 ] &&
	ok "big.LITTLE: one stadd row per core type (min 6.008 and 12.016)" ||
	ko "core types" "$n rows, '$s1' '$s2'"

# spacing
"$rep" "$fx"/variants-arm64-gap-icount.results >"$tmp/g.txt" 2>"$tmp/g.err" || ko "report gap" "$(head -n 2 "$tmp/g.err")"
g=$(section "$tmp/g.txt" "Per-arch variants of the per-CPU increment")
col() { echo "$g" | awk -v o="$1" -v n="$2" '$1 == "#" && $2 == "op" { for (i = 2; i <= NF; i++) c[$i] = i - 1 } $1 == o { print $(c[n]) }'; }
[ "$(col stadd net@g16) $(col stadd ratio@g16) $(col llsc net@g16) $(col llsc ratio@g16) $(col rd_stadd net@g16)" = "3 1.00 6 1.00 -" ] &&
	ok "spaced: stadd net@g16 3 ratio 1.00, llsc 6 1.00, rd_stadd not spaced" ||
	ko "spaced" "stadd '$(col stadd net@g16)' '$(col stadd ratio@g16)' llsc '$(col llsc net@g16)' '$(col llsc ratio@g16)' rd_stadd '$(col rd_stadd net@g16)'"
bad=$(echo "$g" | awk '$1 == "#" && $2 == "op" { for (i = 2; i <= NF; i++) c[$i] = i - 1 } $2 == "bare" && $(c["ratio@g16"]) != "1.00" { print $1 }')
nb=$(echo "$g" | awk '$2 == "bare"' | wc -l)
[ -z "$bad" ] && [ "$nb" = 7 ] && ok "spaced: all 7 arm64 bare variants 1.00 x their back-to-back net at gap 16" || ko "spaced ratios" "$nb bare rows, not 1.00: $bad"
grep -q "^# note: spaced (gap=): net@g<N>" <(echo "$g") && ok "the note says what the spaced columns are" || ko "gap note" "missing"
awk '$1 == "#" && $2 == "read" { for (i = 3; i <= NF; i++) c[$i] = i - 1; print; next }
	$1 == "read" && $(c["op"]) == "stadd@g16" { n = split("mean_ns p50_ns p95_ns p99_ns min_ns max_ns", k, " ")
		for (i = 1; i <= n; i++) $(c[k[i]]) += 3; $(c["ns"]) += 3 * $(c["ops"]) } { print }' \
	"$fx"/variants-arm64-gap-icount.results >"$tmp/g3.results"
"$rep" "$tmp/g3.results" >"$tmp/g3.txt" 2>"$tmp/g3.err" || ko "report gap+3" "$(head -n 2 "$tmp/g3.err")"
g=$(section "$tmp/g3.txt" "Per-arch variants of the per-CPU increment")
[ "$(col stadd net@g16) $(col stadd ratio@g16) $(col ldadd ratio@g16)" = "6 2.00 1.00" ] &&
	ok "spaced: stadd@g16 3 instructions dearer reads net@g16 6, ratio 2.00 (ldadd stays 1.00)" ||
	ko "spaced ratio" "stadd '$(col stadd net@g16)' '$(col stadd ratio@g16)' ldadd '$(col ldadd ratio@g16)'"
! section "$tmp/r.txt" "Per-arch variants of the per-CPU increment" | grep -q "net@g" &&
	ok "results without gap= have no spaced columns" || ko "no gap" "net@g columns without gap= results"
finish
