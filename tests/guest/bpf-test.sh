#!/usr/bin/env bash
# Guest test of the BPF side (bpf/): builds srcubench-bpf and srcu_bench.ko,
# boots the target's Debian kernel in qemu (tools/run-guest.sh --action bpf-test)
# and checks: bad loader options fail with a message, the loader attaches,
# sample records arrive for every CPU x context x op the module measured, the
# BPF grace-period counts equal the module's gp counts, the loader exits
# cleanly. Correctness only. Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"

kver=6.1 out="$top/out/bpf-test" bpf_args=
params="contexts=process,softirq,hardirq ops=empty,srcu,this_cpu_inc duration_ms=500 runs=2 gp=sync,exp gp_ms=500"
usage() { echo "usage: $0 [--kver 6.1] [--out DIR] [--params 'MODULE PARAMS'] [--bpf-args '-k']"; }
parse_opts "--kver=kver --out=out --params=params --bpf-args=bpf_args" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"


if "$top/tools/run-guest.sh" --kver "$kver" --action bpf-test --params "$params" \
	--bpf-args "$bpf_args" --out "$out"; then
	ok "guest run: built, booted, console clean"
else
	ko "guest run" "tools/run-guest.sh failed (see $out/console.log)"
fi
st="$out/guest-status.txt" res="$out/results.txt" bpf="$out/bpf.txt"
[ -s "$st" ] && [ -s "$res" ] && [ -s "$bpf" ] || { ko output "no status, results or bpf output from the guest"; finish; }

# Bad options: non-zero exit and a message naming the problem.
n=0
while read -r _ rc detail; do
	n=$((n + 1))
	msg=${detail#* -> }
	if [ "$rc" != 0 ] && [ -n "$msg" ] && [ "$msg" != "$detail" ]; then ok "bad option: $detail (rc $rc)"
	else ko "bad option" "rc=$rc $detail"; fi
done < <(grep '^bpf.badopt ' "$st")
[ $n -ge 5 ] || ko "bad options" "expected 5 bad-option checks, got $n"
read -r _ rc msg < <(grep '^bpf.nomodule ' "$st") || rc=
if [ -n "$rc" ] && [ "$rc" != 0 ] && [ -n "$msg" ]; then ok "without the module: rc $rc, $msg"
else ko "without the module" "rc='$rc' msg='$msg'"; fi

for k in insmod attach exit rmmod; do
	line=$(grep "^bpf.$k " "$st" | head -n 1)
	set -- $line
	if [ "${2:-}" = 0 ]; then ok "$k: ${line#* }"; else ko "$k" "${line:-missing}"; fi
done
grep -q '^bpf.run done$' "$st" && ok "run: done" || ko run "$(grep '^bpf.run ' "$st")"
grep -q '^end complete ' "$res" && ok "module results complete" || ko results "no 'end complete' in $res"
grep -q '^meta bpf.detach ' "$bpf" && ok "loader wrote its final records" || ko "loader output" "no 'meta bpf.detach' in $bpf"
cat "$out/bpf-stderr.txt" 2>/dev/null | sed 's/^/  loader stderr: /'

# A sample record for every (cpu, context, op) the module has a read row for;
# running totals never decrease within a phase segment (seg); some segment
# (the read phase; srcu also runs in the loaded-GP phases) ends <= the read
# row's totals; timestamps never decrease per reader.
bad=$(awk '
	FNR == 1 { f++ }
	$1 == "#" { for (i = 3; i <= NF; i++) c[f, $2, $i] = i - 1; next }
	f == 1 && $1 == "read" { k = $(c[1, "read", "run"]) " " $(c[1, "read", "cpu"]) " " $(c[1, "read", "context"]) " " $(c[1, "read", "op"])
		want[k] = $(c[1, "read", "ops"]); next }
	f == 2 && $1 == "sample" {
		k = $(c[2, "sample", "run"]) " " $(c[2, "sample", "cpu"]) " " $(c[2, "sample", "context"]) " " $(c[2, "sample", "op"])
		r = $(c[2, "sample", "cpu"]) " " $(c[2, "sample", "context"])
		ks = k " " $(c[2, "sample", "seg"])
		o = $(c[2, "sample", "ops"]) + 0; t = $(c[2, "sample", "t_ns"]) + 0
		if ((ks in last) && o < last[ks]) { printf "ops decreasing in %s; ", ks; nbad++ }
		if ((r in lastt) && t < lastt[r]) { printf "t_ns decreasing for %s; ", r; nbad++ }
		last[ks] = o; lastt[r] = t; n[k]++; segk[ks] = k }
	END {
		for (ks in last) { k = segk[ks]; if ((k in want) && last[ks] <= want[k]) fits[k] = 1 }
		for (k in want) { nw++
			if (!(k in n)) { printf "no sample for %s; ", k; nbad++ }
			else if (!(k in fits)) { printf "%s: no segment ends <= read ops %d; ", k, want[k]; nbad++ } }
		if (!nw) printf "no read records"
		print "" }' "$res" "$bpf")
nread=$(grep -c '^read ' "$res")
nsample=$(grep -c '^sample ' "$bpf")
nseg=$(fields sample seg <"$bpf" | sort -u | wc -l)
if [ -z "${bad// /}" ]; then ok "samples: $nsample in $nseg phase segments for all $nread run x cpu x context x op, monotonic, <= read totals"
else ko samples "$bad"; fi

# BPF grace-period counts == the module's (sum over runs and load states).
for kind in sync exp; do
	mod=$(fields gp kind count <"$res" | awk -v k=$kind '$1 == k { s += $2 } END { print s + 0 }')
	b=$(fields bpfgp kind count <"$bpf" | awk -v k=$kind '$1 == k { print $2 }')
	if [ -n "$b" ] && [ "$mod" -gt 0 ] && [ "$b" = "$mod" ]; then ok "bpfgp $kind count $b == module gp $kind count $mod"
	else ko "bpfgp $kind" "bpf count '$b', module count $mod"; fi
done
for k in dropped_samples gp_unmatched; do
	v=$(awk -v k="bpf.$k" '$1 == "meta" && $2 == k { print $3 }' "$bpf")
	[ "$v" = 0 ] && ok "$k 0" || ko "$k" "'$v'"
done

# srcuctr (where the kernel's srcu_data layout is known): sb_srcu's per-CPU
# counters, one record per CPU and sampling round (a round starts again at
# a CPU number not above the last). A CPU's lock - unlock can go negative:
# synchronize_srcu() holds a read lock on the srcu_struct in
# srcu_gp_start_if_needed(), and the sb_gp writer threads are not pinned, so
# such a reader may lock on one CPU and unlock on another (7.2 showed CPU 1
# at -1/-2 for a while). Summed over a round's CPUs it is the readers in
# flight: never below minus the writer threads (each may move one count
# between two CPUs read at different times).
if grep -q '^meta bpf.srcuctr yes' "$bpf"; then
	writers=$(awk '$1 == "meta" && $2 == "param.gp" { print $3 }' "$res" | tr ',' '\n' | grep -cv '^none$')
	r=$(fields srcuctr cpu locks balance <"$bpf" | awk -v w="$writers" '{
			n++; if ($2 > 0) nz++; if ($3 < 0) neg++
			if (n > 1 && $1 <= last) { rounds++; if (sum < -w) bad++; if (sum < min) min = sum; sum = 0 }
			sum += $3; last = $1 }
		END { if (n) { rounds++; if (sum < -w) bad++; if (sum < min) min = sum }
			printf "%d %d %d %d %d %d", n, nz, rounds, bad, min, neg }')
	set -- $r
	if [ "$1" -gt 0 ] && [ "$2" -gt 0 ] && [ "$4" = 0 ]; then
		ok "srcuctr: $1 records in $3 rounds, $2 with locks > 0; per round, lock - unlock summed over CPUs >= $5 (bound: -$writers writers); $6 per-CPU records below 0"
	else ko srcuctr "records=$1 nonzero=$2 rounds=$3, $4 rounds below -$writers (min $5)"; fi
fi
finish
