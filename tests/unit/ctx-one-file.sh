#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# "Add a reader context" is one file: module/readers.c.  In a copy of the
# tree, a toy context "softirq2" (the softirq hooks reused, a second soft
# hrtimer per CPU) is added by editing readers.c only, as its table's doc
# comment says; the copy must build warning-free (x86_64, Debian 6.1
# headers from the cache), contexts= must know the name, and one short boot
# with contexts=process,softirq2 must give read and exec records for it.
# Also: no other file of module/ names a context by an enum.
# Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"

out="$top/out/ctx-one-file" cache="$top/cache" boot=1
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	--no-boot) boot=0; shift ;;
	-h|--help) echo "usage: $0 [--out DIR] [--cache DIR] [--no-boot]"; exit 0 ;;
	*) die "unknown option '$1'" ;;
	esac
done

pass=0 failed=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
finish() { echo "$pass passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }

# Only readers.c may name contexts by enum (SB_CTX_<NAME>).
others=$(grep -lE '\bSB_CTX_[A-Z0-9_]+\b' "$top"/module/*.[ch] | grep -v '/readers\.c$')
[ -z "$others" ] && ok "no file but readers.c names a context by enum" ||
	ko "enum outside readers.c" "$others"

rm -rf "$out"
tree="$out/tree"
mkdir -p "$tree"
cp -r "$top/tools" "$top/configs" "$top/module" "$tree/"
rm -rf "$tree/tools/report/build" 2>/dev/null

# The toy context, in readers.c only: an enum line and a table entry (a copy
# of softirq's, renamed).
r="$tree/module/readers.c"
sed -i 's/^\tSB_CTX_SOFTIRQ,$/&\n\tSB_CTX_SOFTIRQ2,/' "$r"
awk '/^\t\[SB_CTX_SOFTIRQ\] = \{$/ { grab = 1 }
	grab { blk = blk $0 "\n" }
	{ print }
	grab && /^\t\},$/ {
		grab = 0
		sub(/\[SB_CTX_SOFTIRQ\]/, "[SB_CTX_SOFTIRQ2]", blk)
		sub(/"softirq"/, "\"softirq2\"", blk)
		printf "%s", blk
	}' "$r" >"$r.new" && mv "$r.new" "$r"
changed=$(diff -rq "$top/module" "$tree/module" | awk '{ print $2 }')
if [ "$changed" = "$top/module/readers.c" ] && grep -q '"softirq2"' "$r" &&
	grep -qP '^\tSB_CTX_SOFTIRQ2,$' "$r"; then
	ok "toy context softirq2 added by editing module/readers.c only"
else
	ko "toy edit" "changed: ${changed:-nothing}"
	finish
fi

if ko_path=$("$tree/tools/build-module.sh" --target x86_64 --kver 6.1 --cache "$cache" \
	--out "$out/build" 2>"$out/build.err"); then
	ok "module with softirq2 builds warning-free (x86_64, 6.1)"
else
	ko build "$(tail -n 5 "$out/build.err")"
	finish
fi
if strings "$ko_path" | grep -x softirq2 >/dev/null; then
	ok "the built module's context table holds softirq2"
else
	ko "name table" "no string softirq2 in $ko_path"
fi

[ "$boot" = 1 ] || finish
if "$tree/tools/run-guest.sh" --target x86_64 --kver 6.1 --cache "$cache" --vcpus 1 \
	--params "contexts=process,softirq2 ops=empty,this_cpu_inc duration_ms=300 runs=1 gp=none" \
	--out "$out/guest" >"$out/guest.log" 2>&1; then
	ok "guest run with contexts=process,softirq2"
else
	ko "guest run" "tools/run-guest.sh failed (see $out/guest.log)"
	finish
fi
res="$out/guest/results.txt"
awk_rec() { # awk_rec PROGRAM: c[type, column] = field index, m[] = meta
	awk '$1 == "#" && NF > 2 { for (i = 3; i <= NF; i++) c[$2, $i] = i - 1; next }
		$1 == "meta" { m[$2] = $3; next } '"$1" "$res"
}
r=$(awk_rec 'END { print m["param.contexts"] }')
[ "$r" = process,softirq2 ] && ok "meta param.contexts $r" || ko "meta param.contexts" "'$r'"
for op in empty this_cpu_inc; do
	n=$(awk_rec '$1 == "read" && $(c["read","context"]) == "softirq2" &&
		$(c["read","op"]) == "'$op'" && $(c["read","ops"]) > 0 { n++ } END { print n + 0 }')
	[ "$n" -gt 0 ] && ok "read records: $op ran in softirq2 ($n rows)" ||
		ko "read $op softirq2" "no read record with ops > 0"
done
r=$(awk_rec '$1 == "exec" && $(c["exec","context"]) == "softirq2" {
	print $(c["exec","softirq"]), $(c["exec","hardirq"]) + $(c["exec","task"]) + $(c["exec","nmi"]) }')
if [ -n "$r" ] && [ "${r% *}" -gt 0 ] && [ "${r#* }" = 0 ]; then
	ok "exec softirq2: ${r% *} batches, all in softirq"
else
	ko "exec softirq2" "'$r'"
fi
r=$(awk_rec '$1 == "op" && $2 == "this_cpu_inc" { print $(c["op","contexts"]) }')
[ "$r" = process,softirq2 ] && ok "op record: this_cpu_inc runs in process,softirq2" ||
	ko "op this_cpu_inc" "contexts '$r'"
finish
