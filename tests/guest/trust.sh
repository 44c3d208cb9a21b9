#!/usr/bin/env bash
# Guest test of what makes the module's numbers trustworthy (issue 11), one
# short boot on 2 vCPUs: clean windows (nested reader time subtracted, ramp
# and hit batches counted), the interruption matrix (every pair of contexts
# raced), loss events, grace periods classified by the kernel's own sequence
# test (every one of them; on PREEMPT_RT none expedited, elsewhere idle sync
# ones auto-expedited and exp ones expedited), gphist consistent with gp,
# the rotated op order, the machine-identity and rcupdate meta, and with
# --load the load-shape parameters (housekeeping CPU, reader_nice, hold_ns).
# Correctness of conclusions only, no timing asserted.
# Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"

target=x86_64 kver=6.1 out="$top/out/trust" load=0 results= kargs=
usage() { echo "usage: $0 [--target x86_64] [--kver 6.1|6.12|6.12-rt] [--load] [--kargs ARGS] [--out DIR] [--results FILE]"; }
# --kargs: kernel arguments added, e.g. rcupdate.rcu_expedited=1
# --results: check an existing results file, no boot
parse_opts "--target=target --kver=kver --out=out --load=load:1 --kargs=kargs --results=results" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"


ops=empty,srcu,this_cpu_inc,racy_inc
params="contexts=process,softirq,hardirq ops=$ops duration_ms=300 runs=2 gp=sync,exp gp_ms=400"
[ "$load" = 0 ] || params="$params housekeeping=0 reader_nice=19 hold_ns=2000"
scenario=quick
if [ -n "$kargs" ] && [ -z "$results" ]; then
	# A scenario file can add kernel arguments: run-guest sources it after the target.
	mkdir -p "$out"
	{ cat "$top/configs/scenarios/quick"
	  printf 'KERNEL_ARGS="${KERNEL_ARGS:+$KERNEL_ARGS }%s"\n' "$kargs"; } >"$out/trust.scenario"
	scenario=$out/trust.scenario
fi
if [ -z "$results" ]; then
	if "$top/tools/run-guest.sh" --target "$target" --kver "$kver" --scenario "$scenario" --vcpus 2 \
		--params "$params" --out "$out"; then
		ok "guest run ($target $kver, 2 vCPUs, TCG): results complete, console clean"
	else
		ko "guest run" "tools/run-guest.sh failed (see $out/console.log)"
	fi
	results="$out/results.txt"
fi
res=$results
[ -s "$res" ] || { ko results "no results"; finish; }

# awk_rec PROGRAM: PROGRAM over the file with c[type,column] = field index, m[key] = meta.
awk_rec() {
	awk '$1 == "#" && NF > 2 { for (i = 3; i <= NF; i++) c[$2, $i] = i - 1; next }
		$1 == "meta" { m[$2] = $3; next } '"$1" "$res"
}
meta() { awk -v k="$1" '$1 == "meta" && $2 == k { print $3; exit }' "$res"; }

rt=0
[ "$(meta preempt)" = rt ] && rt=1

# Machine identity and rcupdate meta.
bad=
for k in boot_id host machine cpu_model rcu.rcu_normal rcu.rcu_expedited rcu.rcu_normal_after_boot \
	param.reader_nice param.hold_ns param.housekeeping; do
	[ -n "$(meta "$k")" ] || bad="$bad $k"
done
if [ -z "$bad" ]; then ok "meta boot_id host machine cpu_model rcu.* param.{reader_nice,hold_ns,housekeeping} present"
else ko "meta keys" "missing:$bad"; fi
if meta boot_id | grep -qE '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'; then
	ok "meta boot_id is a UUID ($(meta boot_id))"
else ko "meta boot_id" "'$(meta boot_id)' is not a UUID"; fi
if [ "$target" = x86_64 ]; then
	case "$(meta machine) $(meta cpu_model)" in
	*unknown*) ko "meta machine/cpu_model" "'$(meta machine)' '$(meta cpu_model)' (qemu has DMI and a CPU model string)" ;;
	*) ok "meta machine $(meta machine), cpu_model $(meta cpu_model)" ;;
	esac
fi
if [ "$(meta gp_classify)" = seq-needed-exp ]; then ok "meta gp_classify seq-needed-exp"
else ko "gp_classify" "'$(meta gp_classify)'"; fi

# The interruption matrix: every pair raced on every reader CPU (summed over runs).
want_pairs=3
[ "$rt" = 1 ] && want_pairs=2	# RT: softirqs run in threads, never inside a process batch
r=$(RT=$rt WANT=$want_pairs awk_rec '$1 == "nest" { k = $(c["nest","cpu"]) " " $(c["nest","outer"]) "-" $(c["nest","inner"]); n[k] += $(c["nest","count"]); cpus[$(c["nest","cpu"])] = 1 }
	END { for (k in n) { split(k, a, " "); s = s k "=" n[k] ", "; if (n[k] > 0 && !(ENVIRON["RT"] == 1 && a[2] == "process-softirq")) pos[a[1]]++ }
		ncpu = 0; for (x in cpus) { ncpu++; if (pos[x] + 0 < ENVIRON["WANT"] + 0) bad = bad " cpu" x }
		printf "%d|%s|%s", ncpu, bad, s }')
ncpu=${r%%|*} rest=${r#*|} badc=${rest%%|*} detail=${rest#*|}
if [ "$ncpu" -gt 0 ] && [ -z "$badc" ]; then
	ok "nest: softirq-in-process, hardirq-in-process, hardirq-in-softirq > 0 on all $ncpu CPUs$([ "$rt" = 1 ] && echo " (RT: softirq-in-process not required)") ($detail)"
else ko "nest matrix" "CPUs $ncpu, short:$badc ($detail)"; fi
if [ "$rt" = 1 ]; then
	n=$(awk_rec '$1 == "nest" && $(c["nest","outer"]) == "process" && $(c["nest","inner"]) == "softirq" { s += $(c["nest","count"]) } END { print s + 0 }')
	if [ "$n" = 0 ]; then ok "RT: no softirq batch ran inside a process batch (softirqs are threads)"
	else ko "RT nest" "process-softirq $n"; fi
fi

# Read records: the clean-window columns are consistent.
r=$(awk_rec '$1 == "read" { b = $(c["read","batches"]); ctx = $(c["read","context"])
		if ($(c["read","ramp"]) > b || $(c["read","hit"]) > b) bad = bad " ramp/hit>batches@" NR
		if (ctx == "hardirq" && ($(c["read","nested"]) != 0 || $(c["read","hit"]) != 0)) bad = bad " hardirq-sub/hit@" NR
		if (ctx == "process") { psub += $(c["read","nested"]); phit += $(c["read","hit"]) }
		if ($(c["read","ramp"]) == 0) bad = bad " no-ramp@" NR }
	END { printf "%d %d%s", psub, phit, bad }')
set -- $r
if [ "$1" -gt 0 ] && [ -z "${3:-}" ]; then
	ok "read: nested reader time subtracted from process batches (nested $1 ns in all), $2 process batches hit by other interrupts, ramp/hit <= batches, hardirq nested/hit 0"
else ko "read columns" "process nested $1, hits $2, problems:${*:3}"; fi

# Loss events: racy_inc loses updates in events; this_cpu_inc loses none.
r=$(awk_rec '$1 == "lost" { op = $(c["lost","op"]); l = $(c["lost","lost"]); e = $(c["lost","events"])
		if (l >= 0 && e > l) bad = bad " events>lost@" NR
		if (l > 0 && e == 0) bad = bad " lost-without-event@" NR
		if (op == "racy_inc") { rl += l; re += e }
		if (op == "this_cpu_inc" && (l != 0 || e != 0)) bad = bad " this_cpu_inc@" NR }
	END { printf "%d %d%s", rl, re, bad }')
set -- $r
if [ "$1" -gt 0 ] && [ "$2" -gt 0 ] && [ -z "${3:-}" ]; then
	ok "lost: racy_inc lost $1 updates in $2 loss events (events <= lost), this_cpu_inc 0 and 0"
else ko "lost events" "racy_inc lost $1 events $2, problems:${*:3}"; fi

# Every grace period is classified: the classes add up to their kind, none unknown.
r=$(awk_rec '$1 == "gp" { k = $(c["gp","kind"]); key = $(c["gp","run"]) " " $(c["gp","load"]); n = $(c["gp","count"])
		if (k == "sync" || k == "exp") tot[k " " key] = n
		else { split(k, a, "-"); cls[a[1] " " key] += n; if (a[2] == "unknown") unk += n }
		cnt[k " " $(c["gp","load"])] += n }
	END { for (x in tot) if (tot[x] != cls[x] + 0) bad = bad " " x ":" tot[x] "!=" cls[x] + 0
		# v6.12+ start the sequence 100 grace periods before it wraps: the one at the wrap
		if (unk > 1) bad = bad " " unk " unclassified (at most the one at the counter wrap)"
		for (x in cnt) s = s x "=" cnt[x] ", "
		printf "%s|%s", bad, s }')
if [ -n "${r#*|}" ] && [ -z "${r%%|*}" ]; then ok "gp: every grace period classified (but at most the one at the sequence wrap), classes add up to sync and exp (${r#*|})"
else ko "gp classes" "${r%%|*} (${r#*|})"; fi
gpn() { K=$1 L=$2 awk_rec '$1 == "gp" && $(c["gp","kind"]) == ENVIRON["K"] && $(c["gp","load"]) == ENVIRON["L"] { s += $(c["gp","count"]) } END { print s + 0 }'; }
normal=$rt expedited=0
[ "$(meta rcu.rcu_normal)" = 1 ] && normal=1
[ "$(meta rcu.rcu_expedited)" = 1 ] && [ "$normal" = 0 ] && expedited=1
if [ "$expedited" = 1 ]; then
	# rcupdate.rcu_expedited: synchronize_srcu() always expedites, loaded too.
	n=$(( $(gpn sync-normal idle) + $(gpn sync-normal loaded) + $(gpn exp-normal idle) + $(gpn exp-normal loaded) ))
	a=$(gpn sync-autoexp loaded)
	if [ "$n" = 0 ] && [ "$a" -gt 0 ]; then
		ok "rcu_expedited 1: no grace period classified normal; all $a loaded sync grace periods expedited"
	else ko "rcu_expedited gp kinds" "normal $n, loaded sync-autoexp $a"; fi
elif [ "$normal" = 1 ]; then
	e=$(( $(gpn sync-autoexp idle) + $(gpn sync-autoexp loaded) + $(gpn exp-expedited idle) + $(gpn exp-expedited loaded) ))
	n=$(( $(gpn exp-normal idle) + $(gpn exp-normal loaded) ))
	if [ "$e" = 0 ] && [ "$n" -gt 0 ] && { [ "$rt" = 0 ] || [ "$(meta rcu.rcu_normal_after_boot)" = 1 ]; }; then
		ok "rcu_normal 1 (rcu_normal_after_boot $(meta rcu.rcu_normal_after_boot), preempt $(meta preempt)): no grace period classified expedited; all $n exp grace periods ran normal"
	else ko "rcu_normal gp kinds" "expedited $e, exp-normal $n"; fi
else
	a=$(gpn sync-autoexp idle) en=$(( $(gpn exp-normal idle) + $(gpn exp-normal loaded) ))
	ee=$(( $(gpn exp-expedited idle) + $(gpn exp-expedited loaded) ))
	if [ "$a" -gt 0 ] && [ "$en" = 0 ] && [ "$ee" -gt 0 ]; then
		ok "non-RT: $a idle sync grace periods auto-expedited; all $ee exp grace periods expedited"
	else ko "gp kinds" "sync-autoexp idle $a, exp-expedited $ee, exp-normal $en"; fi
fi

# gphist: buckets ordered, disjoint, under 5% wide, adding up to each gp count.
r=$(awk_rec '$1 == "gp" && $(c["gp","count"]) > 0 { key = $(c["gp","run"]) " " $(c["gp","kind"]) " " $(c["gp","load"]); want[key] = $(c["gp","count"]); mn[key] = $(c["gp","min_ns"]); mx[key] = $(c["gp","max_ns"]) }
	$1 == "gphist" { key = $(c["gphist","run"]) " " $(c["gphist","kind"]) " " $(c["gphist","load"]); lo = $(c["gphist","lo_ns"]); hi = $(c["gphist","hi_ns"])
		got[key] += $(c["gphist","count"]); nb++
		if (hi <= lo || (lo >= 32 && (hi - lo) * 20 > lo) || (key in last && lo < last[key])) bad = bad " bucket@" NR
		if (!(key in first)) first[key] = lo
		last[key] = hi }
	END { for (k in want) { if (got[k] != want[k]) bad = bad " " k ":" got[k] + 0 "!=" want[k]
			if (mn[k] < first[k] || mx[k] >= last[k]) bad = bad " range:" k }
		for (k in got) if (!(k in want)) bad = bad " orphan:" k
		printf "%d|%s", nb, bad }')
if [ "${r%%|*}" -gt 0 ] && [ -z "${r#*|}" ]; then
	ok "gphist: ${r%%|*} buckets, each < 5% wide, ordered, counts add up to every gp count, min/max inside"
else ko "gphist" "${r#*|}"; fi

# Rotated op order: run r's first read phase is the (r mod n)-th selected op.
r=$(OPS=$ops awk_rec '$1 == "op" && $3 == "available" { if (index("," ENVIRON["OPS"] ",", "," $2 ",")) sel[n++] = $2 }
	$1 == "read" { run = $(c["read","run"]); if (!(run in first)) first[run] = $(c["read","op"]) }
	END { for (r in first) { want = sel[r % n]; if (first[r] != want) bad = bad " run" r ":" first[r] "!=" want; s = s " run" r "=" first[r]; k++ }
		if (k < 2) bad = bad " fewer than 2 runs"
		printf "%s|%s", bad, s }')
if [ -z "${r%%|*}" ]; then ok "op order rotates per run:${r#*|}"
else ko "op order" "${r%%|*}"; fi

if [ "$load" = 1 ]; then
	cpus=$(awk_rec '$1 == "read" { s[$(c["read","cpu"])] = 1 } END { for (x in s) printf "%s ", x }')
	if [ "$(meta param.housekeeping)" = 0 ] && [ "$(meta cpus)" = 1 ] && [ "$cpus" = "1 " ]; then
		ok "housekeeping=0: readers only on CPU 1 (meta cpus 1, read records of CPU 1 only)"
	else ko "housekeeping" "param.housekeeping $(meta param.housekeeping), meta cpus $(meta cpus), read CPUs $cpus"; fi
	if [ "$(meta param.reader_nice)" = 19 ] && [ "$(meta param.hold_ns)" = 2000 ] &&
		[ "$(gpn sync loaded)" -gt 0 ] && [ "$(gpn exp loaded)" -gt 0 ]; then
		ok "reader_nice=19 hold_ns=2000 recorded; loaded grace periods timed with held readers"
	else ko "load shape" "reader_nice $(meta param.reader_nice) hold_ns $(meta param.hold_ns) loaded sync $(gpn sync loaded) exp $(gpn exp loaded)"; fi
fi

if grep -q '^end complete ' "$res"; then ok "results end with 'end complete'"; else ko end "no 'end complete' record"; fi
finish
