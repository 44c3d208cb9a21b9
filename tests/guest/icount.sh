#!/usr/bin/env bash
# Deterministic mode test: boot twice with MODE=icount (guest ns = guest
# instructions) and check that (1) every op's per-batch minimum is the same
# in both runs and (2) x86's this_cpu_inc costs exactly one instruction more
# than the empty loop. Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/out/icount" target=x86_64 kver=6.1
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift 2 ;;
	--target) target=$2; shift 2 ;;
	--kver) kver=$2; shift 2 ;;
	-h|--help) echo "usage: $0 [--target x86_64] [--kver 6.1] [--out DIR]"; exit 0 ;;
	*) echo "$0: unknown option '$1'" >&2; exit 2 ;;
	esac
done
pass=0 failed=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

for i in 1 2; do
	if "$top/tools/run-guest.sh" --target "$target" --kver "$kver" --mode icount \
		--scenario icount --out "$out/run$i"; then
		ok "icount boot $i"
	else
		ko "icount boot $i" "see $out/run$i/console.log"
	fi
done
# min per-batch instructions per op, by header-mapped columns
mins() {
	awk '$1 == "#" && $2 == "read" { for (i = 3; i <= NF; i++) c[$i] = i - 1; next }
		$1 == "read" && $(c["context"]) == "process" { print $(c["op"]), $(c["min_ns"]) }' "$1" | sort
}
a=$(mins "$out/run1/results.txt" 2>/dev/null) b=$(mins "$out/run2/results.txt" 2>/dev/null)
if [ -n "$a" ] && [ "$a" = "$b" ]; then
	ok "identical per-op instruction counts in both runs ($(echo "$a" | wc -l) ops)"
else
	ko "determinism" "$(diff <(echo "$a") <(echo "$b") | head -n 6 | tr '\n' ' ')"
fi
if [ "$target" = x86_64 ]; then
	d=$(echo "$a" | awk '$1 == "empty" {e = $2} $1 == "this_cpu_inc" {t = $2}
		END { if (e == "" || t == "") print "missing"; else printf "%.3f\n", t - e }')
	case "$d" in
	0.99*|1.00*) ok "x86 this_cpu_inc = empty loop + $d instructions (one incq %gs:)" ;;
	*) ko "x86 this_cpu_inc" "expected 1 instruction over the empty loop, got $d" ;;
	esac
fi
echo "$pass passed, $failed failed"
[ "$failed" = 0 ]
