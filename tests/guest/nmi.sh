#!/usr/bin/env bash
# Guest test of the nmi reader context, one short boot on 2 vCPUs.
# x86_64 (Debian 6.12, which has srcu_read_lock_nmisafe()): NMIs injected
# through qemu's monitor (tools/run-guest.sh --nmi-hz) during the phases;
# the exec records show the nmi batches ran in NMI context and nothing else
# did; srcu (not NMI-safe) is kept out of nmi by its op record; this_cpu_inc
# and srcu_nmisafe lose 0 with nmi readers; racy_inc loses. Elsewhere
# (--target arm64: no injected NMI, a PMU counter or not), either the op and
# exec records say why nmi is unavailable, or the exec record says where the
# PMU-driven batches really ran. --results FILE checks a results file only.
# Correctness only, no timing asserted. Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"

target=x86_64 kver='' out="$top/out/nmi" res=
usage() { echo "usage: $0 [--target x86_64|arm64] [--kver SERIES] [--out DIR] [--results FILE]"; }
parse_opts "--target=target --kver=kver --out=out --results=res" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
[ "$target" = x86_64 ] && kver=${kver:-6.12}
kver=${kver:-6.1}


ops=empty,srcu,this_cpu_inc,srcu_nmisafe,racy_inc
if [ -z "$res" ]; then
	inject=()
	[ "$target" != x86_64 ] || inject=(--nmi-hz 200)
	if "$top/tools/run-guest.sh" --target "$target" --kver "$kver" --vcpus 2 "${inject[@]}" \
		--params "contexts=process,softirq,hardirq,nmi ops=$ops duration_ms=400 runs=1 gp=none race_delay=20" \
		--out "$out"; then
		ok "guest run: module loaded, results complete, console clean"
	else
		ko "guest run" "tools/run-guest.sh failed (see $out/console.log)"
	fi
	res="$out/results.txt"
fi
[ -s "$res" ] || { ko results "no results file $res"; finish; }

awk_rec() { # awk_rec PROGRAM: c[type, column] = field index, m[] = meta
	awk '$1 == "#" && NF > 2 { for (i = 3; i <= NF; i++) c[$2, $i] = i - 1; next }
		$1 == "meta" { m[$2] = $3; next } '"$1" "$res"
}
arch=$(awk '$1 == "meta" && $2 == "arch" { print $3; exit }' "$res")
nmi_exec=$(awk_rec '$1 == "exec" && $(c["exec","context"]) == "nmi" {
	print $(c["exec","hardirq"]), $(c["exec","softirq"]), $(c["exec","task"]), $(c["exec","nmi"]), $(c["exec","source"]) }')
[ -n "$nmi_exec" ] || { ko "exec nmi" "no exec record for nmi"; finish; }
read -r e_hard e_soft e_task e_nmi e_src <<<"$nmi_exec"

if [ "${e_src%%:*}" = unavailable ]; then
	[ "$arch" != x86_64 ] || ko "nmi on x86_64" "reported unavailable: $e_src"
	ok "exec nmi: unavailable, says why: ${e_src#unavailable:}"
	[ "$e_hard$e_soft$e_task$e_nmi" = 0000 ] && ok "exec nmi: no batch ran" ||
		ko "exec nmi" "unavailable but counts $e_hard $e_soft $e_task $e_nmi"
	r=$(awk_rec '$1 == "op" && $(c["op","status"]) == "available" {
		n++; if ($(c["op","reason"]) !~ /nmi:(no-nmi-source|not-allowed-by-op)/ || $(c["op","contexts"]) ~ /nmi/) bad = bad " " $2 }
		END { print n + 0, bad }')
	if [ "${r%% *}" -gt 0 ] && [ "${r#* }" = "" ]; then ok "op records: all ${r%% *} available ops say why nmi is not among their contexts"
	else ko "op records" "ops=${r%% *} without the reason:${r#* }"; fi
	r=$(awk_rec '$1 == "read" && $(c["read","context"]) == "nmi" { n++ } END { print n + 0 }')
	[ "$r" = 0 ] && ok "no read records for the unavailable nmi context" || ko "read nmi" "$r records"
	finish
fi

# nmi available: where did its batches run?
if [ "$arch" = x86_64 ]; then
	sent=$(awk '{print $2}' "$out/nmi-inject.log" 2>/dev/null)
	[ "${sent:-0}" -gt 0 ] 2>/dev/null && ok "injector sent $sent monitor nmi commands" ||
		ko "injector" "$(cat "$out/nmi-inject.log" 2>/dev/null)"
	if [ "$e_nmi" -gt 0 ] && [ "$e_hard$e_soft$e_task" = 000 ]; then
		ok "exec nmi: $e_nmi batches, all in NMI context (source $e_src)"
	else ko "exec nmi" "nmi=$e_nmi hardirq=$e_hard softirq=$e_soft task=$e_task"; fi
else
	ok "exec nmi ($arch, source $e_src): hardirq=$e_hard softirq=$e_soft task=$e_task nmi=$e_nmi (where the PMU interrupt runs)"
fi
r=$(awk_rec '$1 == "exec" && $(c["exec","context"]) != "nmi" { if ($(c["exec","nmi"]) != 0) bad = bad " " $(c["exec","context"]) }
	END { print bad }')
[ -z "$r" ] && ok "exec: no batch of another context ran in NMI context" || ko "exec" "in NMI:$r"

# srcu_read_lock() is not NMI-safe: its op record keeps it out of nmi.
r=$(awk_rec '$1 == "op" && $2 == "srcu" { print $(c["op","contexts"]), $(c["op","reason"]) }')
case "$r" in
*nmi*" "*) ko "op srcu" "runs in nmi: $r" ;;
*" nmi:not-allowed-by-op") ok "op srcu: kept out of nmi ($r)" ;;
*) ko "op srcu" "$r" ;;
esac
r=$(awk_rec '$1 == "read" && $(c["read","op"]) == "srcu" && $(c["read","context"]) == "nmi" { n++ } END { print n + 0 }')
[ "$r" = 0 ] && ok "no srcu read record in nmi" || ko "read srcu nmi" "$r records"

# Ran in nmi, and lost nothing / lost updates.
for op in this_cpu_inc srcu_nmisafe racy_inc; do
	st=$(awk_rec '$1 == "op" && $2 == "'$op'" { print $(c["op","status"]) }')
	if [ "$st" != available ]; then ko "op $op" "status '$st' (kernel $kver)"; continue; fi
	n=$(awk_rec '$1 == "read" && $(c["read","op"]) == "'$op'" && $(c["read","context"]) == "nmi" { s += $(c["read","ops"]) } END { print s + 0 }')
	[ "$n" -gt 0 ] && ok "$op: $n ops in nmi batches" || ko "$op nmi" "no ops in nmi"
	r=$(awk_rec '$1 == "lost" && $(c["lost","op"]) == "'$op'" { n++; s += $(c["lost","lost"]); if ($(c["lost","context"]) !~ /nmi/) bad = 1 }
		END { print n + 0, s + 0, bad + 0 }')
	read -r rows lost bad <<<"$r"
	if [ "$rows" = 0 ] || [ "$bad" != 0 ]; then ko "$op lost" "rows=$rows, context without nmi=$bad"; continue; fi
	case "$op" in
	racy_inc) [ "$lost" -gt 0 ] && ok "racy_inc with nmi readers: lost $lost updates" || ko "racy_inc lost" "0 (expected > 0)" ;;
	*) [ "$lost" = 0 ] && ok "$op: lost 0 on $rows CPU rows with nmi readers" || ko "$op lost" "$lost" ;;
	esac
done
finish
