#!/usr/bin/env bash
# Every per-arch variant (module/variants.c) builds warning-free on the five
# arches and its loop holds its instructions: builds srcu_bench.ko per
# target (tools/build-module.sh fails on any warning; 6.1, riscv64 6.12),
# disassembles it (tools/codegen.sh) and checks each variant's loop against
# the table's insn (tools/variants-check.sh); then checks that the checker
# fails on a loop whose instruction was swapped (stadd for ldadd).
# Nothing is booted. Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"
out="$top/out/variants-codegen" targets="x86_64 arm64 ppc64el s390x riscv64"
cache=$(cd "$top/cache" && pwd -P)
usage() { echo "usage: $0 [--out DIR] [--targets 'x86_64 arm64 ...']"; }
parse_opts "--out=out --targets=targets" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
mkdir -p "$out"
# the variant records the module emits, from the table they come from
awk -F'"' '/\.arch = "/ { print "variant", $4, $2, $8, 1, $6 }' "$top/module/variants.c" >"$out/variants.txt"
n=$(wc -l <"$out/variants.txt")
[ "$n" = 19 ] && ok "19 variants in module/variants.c's table" || ko "variant table" "$n rows"
for t in $targets; do
	k=6.1
	[ "$t" != riscv64 ] || k=6.12
	od=$(. "$top/configs/targets/$t" && echo "${CROSS_COMPILE}objdump")
	if ! "$top/tools/build-module.sh" --target "$t" --kver "$k" --cache "$cache" \
		--out "$out/$t/build" >"$out/$t.log" 2>&1; then
		ko "$t $k build" "warning or error, see $out/$t.log"
		continue
	fi
	ok "$t $k: built warning-free"
	if ! "$top/tools/codegen.sh" --objdump "$od" --arch "$t" "$out/$t/build/srcu_bench.ko" >"$out/$t.codegen"; then
		ko "$t codegen" "tools/codegen.sh failed"
		continue
	fi
	if r=$("$top/tools/variants-check.sh" --target "$t" "$out/variants.txt" "$out/$t.codegen"); then
		ok "$t: every variant's loop holds its instructions ($(echo "$r" | tail -n 1))"
		echo "$r" | grep '^PASS' | sed 's/^PASS/  /'
	else
		ko "$t variants" "$(echo "$r" | grep '^FAIL' | head -n 3 | tr '\n' ' ')"
	fi
	if [ "$t" = arm64 ]; then
		sed '/^codegen arm64 ldadd /s/ldadd_x/stadd_x/' "$out/$t.codegen" >"$out/$t.swapped"
		r=$("$top/tools/variants-check.sh" --target arm64 "$out/variants.txt" "$out/$t.swapped")
		if echo "$r" | grep -q '^FAIL arm64: ldadd: no ldadd'; then
			ok "the checker fails a ldadd loop that holds stadd"
		else
			ko "checker" "a ldadd loop holding stadd passed"
		fi
	fi
done
finish
