#!/usr/bin/env bash
# Guest test: boot the target's Debian kernel in qemu, run the quick
# scenario plus the in-guest checks (bad parameters, rmmod mid-run, SIGINT
# to insmod), and check the module's real output. Correctness only: no
# timing is asserted. Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"

target=x86_64 kver= out="$top/out/selftest" scenario=quick
usage() { echo "usage: $0 [--target x86_64] [--kver SERIES] [--scenario quick] [--out DIR]"; }
parse_opts "--target=target --kver=kver --out=out --scenario=scenario" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
kver=${kver:-$(load_target "$target"; echo "${KVER_DEFAULT:-6.1}")}


if "$top/tools/run-guest.sh" --target "$target" --kver "$kver" --scenario "$scenario" \
	--action selftest --out "$out"; then
	ok "guest run: module loaded, results complete, console clean"
else
	ko "guest run" "tools/run-guest.sh failed (see $out/console.log)"
fi
res="$out/results.txt" st="$out/guest-status.txt"
[ -s "$res" ] && [ -s "$st" ] || { ko results "no results or status from the guest"; finish; }

# Guest-side checks (bad parameters, rmmod mid-run, SIGINT).
while read -r name verdict detail; do
	if [ "$verdict" = pass ]; then ok "guest ${name#test.}: $detail"; else ko "guest ${name#test.}" "$detail"; fi
done < <(grep '^test\.' "$st")
[ "$(grep -c '^test\.' "$st")" -ge 8 ] || ko "guest checks" "expected 8 guest checks, got $(grep -c '^test\.' "$st")"

awk_rec() { # awk_rec TYPE PROGRAM: run PROGRAM on TYPE records with c[] = column index
	awk -v t="$1" '$1 == "#" && $2 == t { for (i = 3; i <= NF; i++) c[$i] = i - 1; next }
		$1 == "meta" { m[$2] = $3; next } '"$2" "$res"
}

# Every requested cpu x context x available op has a read row with ops > 0.
missing=$(awk_rec read '
	$1 == "op" && $3 == "available" { ops[$2] = 1; next }
	$1 == "read" { if ($(c["ops"]) > 0) seen[$(c["cpu"]) " " $(c["context"]) " " $(c["op"])] = 1 }
	END {
		n = split(m["param.contexts"], ctx, ","); ncpu = 0
		# expand the cpulist a-b,c
		k = split(m["param.cpus"], r, ",")
		for (i = 1; i <= k; i++) { if (split(r[i], ab, "-") == 2) { for (x = ab[1]; x <= ab[2]; x++) cpu[ncpu++] = x } else cpu[ncpu++] = r[i] }
		nops = split(m["param.ops"], sel, ",")
		for (o = 1; o <= nops; o++) if (sel[o] in ops)
			for (i = 0; i < ncpu; i++) for (j = 1; j <= n; j++) {
				key = cpu[i] " " ctx[j] " " sel[o]; want++
				if (!(key in seen)) { printf "%s; ", key; bad++ }
			}
		if (!want) print "nothing requested?"
	}')
if [ -z "$missing" ]; then ok "a read row with ops > 0 for every cpu x context x op"; else ko "read rows" "missing: $missing"; fi

# this_cpu_inc never loses an update, whatever interrupts it.
r=$(awk_rec lost '$1 == "lost" && $(c["op"]) == "this_cpu_inc" { n++; if ($(c["lost"]) != 0) bad = bad " cpu" $(c["cpu"]) "=" $(c["lost"]) }
	END { print n + 0, bad }')
if [ "${r%% *}" -gt 0 ] && [ "${r#* }" = "" ]; then ok "this_cpu_inc: lost == 0 on all ${r%% *} CPU rows"
else ko "this_cpu_inc lost" "rows=${r%% *} nonzero:${r#* }"; fi

# The race amplifier loses updates when hardirq readers run with it.
r=$(awk_rec lost '$1 == "lost" && $(c["op"]) == "racy_inc" && $(c["context"]) ~ /hardirq/ { n++; s += $(c["lost"]) }
	END { print n + 0, s + 0 }')
if [ "${r%% *}" -gt 0 ] && [ "${r#* }" -gt 0 ]; then ok "racy_inc with hardirq readers: lost ${r#* } updates"
else ko "racy_inc lost" "rows=${r%% *} lost=${r#* } (expected > 0)"; fi

# Grace periods: sync and exp, loaded and idle, each with count > 0.
for kind in sync exp; do
	for load in loaded idle; do
		n=$(K=$kind L=$load awk_rec gp '$1 == "gp" && $(c["kind"]) == ENVIRON["K"] && $(c["load"]) == ENVIRON["L"] { s += $(c["count"]) }
			END { print s + 0 }')
		if [ "$n" -gt 0 ]; then ok "gp $kind $load: $n grace periods"; else ko "gp $kind $load" "no grace periods"; fi
	done
done

# Every SRCU reader flavour the kernel's headers offer is measured.
envf="$top/cache/$target-$kver/kernel.env"
if [ -f "$envf" ]; then
	kinc=$(. "$envf"; echo "$KDIR/../$(basename "$KDIR" | sed 's/-[^-]*$/-common/')/include/linux")
	[ -d "$kinc" ] || kinc=$(. "$envf"; ls -d "$ROOT"/usr/src/linux-headers-*-common/include/linux | head -n 1)
	for fl in nmisafe:srcu_read_lock_nmisafe lite:srcu_read_lock_lite fast:srcu_read_lock_fast \
		fast_updown:srcu_read_lock_fast_updown; do
		op=srcu_${fl%%:*} api=${fl#*:}
		if grep -qs "$api" "$kinc/srcu.h"; then
			if O=$op awk_rec read '$1 == "op" && $2 == ENVIRON["O"] && $3 == "available" {a = 1}
				$1 == "read" && $(c["op"]) == ENVIRON["O"] && $(c["ops"]) > 0 {r = 1} END {exit !(a && r)}'
			then ok "flavour $op: the kernel has $api, and it was measured"
			else ko "flavour $op" "the kernel has $api but there is no measurement of it"; fi
		elif grep -q "^op $op unavailable " "$res"; then
			ok "flavour $op: the kernel lacks $api, reported unavailable"
		else
			ko "flavour $op" "the kernel lacks $api but it is not reported unavailable"
		fi
	done
fi

if grep -q '^end complete ' "$res"; then ok "results end with 'end complete'"; else ko end "no 'end complete' record"; fi
if tr -d '\r' <"$out/console.log" | grep -qE "$SB_BAD_CONSOLE"; then
	ko console "$(tr -d '\r' <"$out/console.log" | grep -E "$SB_BAD_CONSOLE" | head -n 3)"
else
	ok "console free of oops/BUG/WARNING/lockup/stall"
fi
finish
