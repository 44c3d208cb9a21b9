#!/usr/bin/env bash
# The per-arch variants under icount (issue #13): boots the target twice
# with scenario variants-icount (one vCPU, guest ns = guest instructions,
# readers in process, softirq and hardirq context; ops=variants) and checks
#  (1) the op records: the target's variants available (arm64 -cpu max has
#      LSE), every other arch's unavailable as variant-of-another-arch;
#  (2) the module that ran: every variant's loop holds its instructions
#      (the codegen records of the results, tools/variants-check.sh);
#  (3) every variant is irq-safe (variant records) and loses 0 updates in
#      every context, in both boots; this_cpu_inc too; __this_cpu_inc loses
#      updates where it is a separate load, add and store (arm64, ppc64el,
#      riscv64), none where it is one instruction (x86_64, s390x);
#  (4) each variant's smallest-batch instruction count per context is the
#      same in both boots (a spaced one's to the whole instruction);
#  (5) one cpu record per CPU of the run, with the arch's identity fields;
#  (6) spacing (gap=0,16): every variant and baseline ran spaced as
#      <op>@g16 in every context, its spaced net (op@g16 - empty@g16) is
#      its back-to-back net (op - empty) in every context, and on x86_64 and
#      arm64 empty@g16 - empty is 16 turns of the 3-instruction nop loop plus
#      its register copy (49 instructions).
# Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"
out="$top/out/variants" target=arm64 kver= results=
usage() { echo "usage: $0 [--target arm64] [--kver SERIES] [--out DIR] [--results DIR]"; }
# --results DIR: check DIR/run1 and DIR/run2 of an earlier run, no boot
parse_opts "--out=out --target=target --kver=kver --results=results" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
prebuilt=
cache=$(cd "$top/cache" && pwd -P)
[ -z "$results" ] || out=$results
for i in 1 2; do
	[ -z "$results" ] || break
	if "$top/tools/run-guest.sh" --target "$target" ${kver:+--kver "$kver"} --mode icount \
		--scenario variants-icount --cache "$cache" --out "$out/run$i" \
		${prebuilt:+--prebuilt "$prebuilt"}; then
		ok "$target icount boot $i"
	else
		ko "$target icount boot $i" "see $out/run$i/console.log"
	fi
	prebuilt=$out/run1/build
done
r1=$out/run1/results.txt r2=$out/run2/results.txt
case "$target" in ppc64el) varch=ppc64le ;; *) varch=$target ;; esac
# (1) availability
# every record is read by its header's column names (fields, tools/lib.sh)
variants() { fields variant op arch irqsafe <"$1"; }	# op arch irqsafe
bad=$({ variants "$r1" | sed 's/^/V /'; fields op name status reason <"$r1" | sed 's/^/O /'; } 2>/dev/null |
	awk -v a="$varch" '$1 == "V" { arch[$2] = $3 }
	$1 == "O" && ($2 in arch) {
		if (arch[$2] == a && $3 != "available") print $2 ":" $3 ":" $4
		if (arch[$2] != a && ($3 != "unavailable" || $4 !~ /^variant-of-another-arch/)) print $2 ":" $3 }')
nv=$(variants "$r1" 2>/dev/null | awk -v a="$varch" '$2 == a' | wc -l)
if [ -z "$bad" ] && [ "$nv" -gt 0 ]; then ok "$nv $target variants available, the other arches' unavailable"
else ko "availability" "${bad:-no $target variant records}"; fi
# the reader shapes ran in every context
nrd=$({ variants "$r1" | sed 's/^/V /'; fields read op context <"$r1" | sed 's/^/R /'; } 2>/dev/null |
	awk -v a="$varch" '$1 == "V" && $3 == a { v["rd_" $2] = 1 } $1 == "R" && ($2 in v) { n[$2 " " $3] = 1 }
	END { print length(n) }')
if [ "${nrd:-0}" -eq $((nv * 3)) ] && [ "$nv" -gt 0 ]; then ok "the $nv reader shapes (rd_<variant>) ran in process, softirq and hardirq context"
else ko "reader shapes" "${nrd:-0} (op, context) pairs with read records, expected $((nv * 3))"; fi
# (2) the loops of the module that ran
if c=$("$top/tools/variants-check.sh" --target "$target" "$r1"); then
	ok "the module that ran: every variant's loop holds its instructions ($(echo "$c" | tail -n 1))"
else
	ko "codegen" "$(echo "$c" | grep '^FAIL' | head -n 3 | tr '\n' ' ')"
fi
# per op: the contexts that ran it at once (process+softirq+hardirq) and
# the updates they lost, summed over CPUs and runs
losts() {
	fields lost op context lost <"$1" | awk '{ l[$1 " " $2] += $3 } END { for (k in l) print k, l[k] }' | sort
}
mins() { fields read op context min_ns <"$1" | sort; }
# (3) lost updates
for f in "$r1" "$r2"; do
	l=$(losts "$f" 2>/dev/null)
	safe=$(variants "$f" 2>/dev/null | awk -v a="$varch" '$2 == a && $3 == 1 { print $1 }')
	bad= n=0
	for v in $safe this_cpu_inc; do
		x=$(echo "$l" | awk -v o="$v" '$1 == o && $2 == "process+softirq+hardirq" { print $3 }')
		[ "$x" = 0 ] && n=$((n + 1)) || bad="$bad $v:${x:-none}"
	done
	if [ -z "$bad" ] && [ "$n" -gt 1 ]; then ok "$(basename "$(dirname "$f")"): $n irq-safe ops (variants, this_cpu_inc) lost 0 updates with process, softirq and hardirq readers at once"
	else ko "$(basename "$(dirname "$f")") lost updates" "${bad:-no lost records}"; fi
	u=$(echo "$l" | awk '$1 == "__this_cpu_inc" { s += $3; n++ } END { if (n) print s }')
	case "$target" in
	arm64|ppc64el|riscv64)
		if [ -n "$u" ] && [ "$u" -gt 0 ]; then ok "$(basename "$(dirname "$f")"): __this_cpu_inc (load/add/store) lost $u updates"
		else ko "__this_cpu_inc" "expected lost updates on $target, got '${u:-no record}'"; fi ;;
	*)
		if [ "$u" = 0 ]; then ok "$(basename "$(dirname "$f")"): __this_cpu_inc (one instruction on $target) lost none"
		else ko "__this_cpu_inc" "expected 0 on $target, got '${u:-no record}'"; fi ;;
	esac
done
# (4) determinism
# (the spaced ops' to the whole instruction: their batch overhead moved by
# 10 instructions in 10000 ops between two arm64 boots, 52.008 and 52.009)
exact() { echo "$1" | awk '$1 ~ /@g/ { $3 = sprintf("%.0f", $3) } { print }'; }
a=$(mins "$r1" 2>/dev/null) b=$(mins "$r2" 2>/dev/null)
if [ -n "$a" ] && [ "$(exact "$a")" = "$(exact "$b")" ]; then ok "identical per-op, per-context instruction counts in both boots ($(echo "$a" | wc -l) counts)"
else ko "determinism" "$(diff <(exact "$a") <(exact "$b") | head -n 6 | tr '\n' ' ')"; fi
echo "INFO instructions per op (smallest batch, op context min_ns): $(echo "$a" | tr '\n' ';')"
# (5) cpu records
case "$target" in
arm64) want='^midr=0x[0-9a-f]{8},implementer=0x[0-9a-f]{2},part=0x[0-9a-f]{3},variant=0x[0-9a-f],revision=0x[0-9a-f]$' ;;
x86_64) want='^family=[0-9]+,model=[0-9]+,stepping=[0-9]+,' ;;
ppc64el) want='^pvr=0x[0-9a-f]{8},' ;;
s390x) want='^machine=0x[0-9a-f]{4},' ;;
*) want='^mvendorid=|^unreadable$' ;;
esac
cpus=$(awk '$1 == "meta" && $2 == "cpus" { print $3 }' "$r1" 2>/dev/null)
rec=$(fields cpu cpu core_type ident <"$r1" 2>/dev/null | awk 'NF == 3')
if [ "$(echo "$rec" | awk '{ print $1 }' | paste -sd, -)" = "$cpus" ] && [ -n "$cpus" ] &&
	! echo "$rec" | awk '{ print $3 }' | grep -Evq "$want"; then
	ok "one cpu record per CPU ($cpus): $(echo "$rec" | head -n 1)"
else
	ko "cpu records" "meta cpus '$cpus', records: $(echo "$rec" | head -n 2 | tr '\n' ' ')"
fi
# (6) spacing
sp=$(echo "$a" | awk -v g=16 '{ m[$1 " " $2] = $3; if ($1 ~ /@g/) { split($1, p, "@g"); sp[p[1] " " $2] = 1 } }
	END {
		for (k in sp) {
			split(k, q, " "); o = q[1]; c = q[2]
			if (o == "empty") continue
			n++
			b2b = sprintf("%.0f", m[o " " c] - m["empty " c]); s = sprintf("%.0f", m[o "@g" g " " c] - m["empty@g" g " " c])
			if (b2b != s) bad = bad " " o "/" c ":" b2b "!=" s
		}
		print n + 0, sprintf("%.0f", m["empty@g" g " process"] - m["empty process"]), bad
	}')
nsp=$(variants "$r1" 2>/dev/null | awk -v a="$varch" '$2 == a' | wc -l)
set -- $sp
want=$(((nsp + 2) * 3))
if [ "${1:-0}" = "$want" ] && [ $# -eq 2 ]; then ok "spaced: $1 (op, context) pairs ran as <op>@g16, each with its back-to-back net"
else ko "spaced nets" "${1:-0} pairs (want $want), mismatches: ${*:3}"; fi
case "$target" in
x86_64|arm64)
	if [ "${2:-}" = 49 ]; then ok "spaced: empty@g16 - empty = 49 instructions (16 x nop/decrement/branch + 1)"
	else ko "gap loop" "empty@g16 - empty = '${2:-}', expected 49"; fi ;;
esac
finish
