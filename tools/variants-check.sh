#!/usr/bin/env bash
# Check that every per-arch variant's loop holds its instructions: reads
# `variant` records (op arch form irqsafe insn; module/variants.c) and
# `codegen` records (tools/codegen.sh: arch op insns code) from FILE(s), and
# for the target TARGET checks
#  - each variant of TARGET's arch has a codegen record whose code holds
#    every '|'-separated piece of its insn (in order, '_' for white space);
#  - the same for its SRCU reader shape (rd_<name>);
#  - no variant of another arch has a loop in the module.
# Prints one PASS/FAIL line per check and "N passed, M failed"; exit 1 on a
# failure.
# usage: tools/variants-check.sh --target TARGET FILE...
set -uo pipefail
target=
case "${1:-}" in -h|--help) echo "usage: $0 --target TARGET FILE..."; exit 0 ;; esac
while [ $# -gt 0 ]; do
	case "$1" in
	--target) target=$2; shift 2 ;;
	*) break ;;
	esac
done
[ -n "$target" ] && [ $# -ge 1 ] || { echo "usage: $0 --target TARGET FILE..." >&2; exit 2; }
case "$target" in
ppc64el) varch=ppc64le ;;
*) varch=$target ;;
esac
cat "$@" | awk -v varch="$varch" -v target="$target" '
	$1 == "variant" && NF >= 6 { n++; name[n] = $2; arch[n] = $3; insn[n] = $6; next }
	$1 == "codegen" && NF >= 5 { code[$3] = $5; next }
	END {
		pass = fail = 0
		if (!n) { print "FAIL no variant records"; fail++ }
		for (i = 1; i <= n * 2; i++) {
			b = i > n ? i - n : i
			v = (i > n ? "rd_" : "") name[b]
			if (arch[b] != varch) {
				if (v in code) { print "FAIL " target ": " v " (" arch[b] ") has a loop in this module"; fail++ }
				else pass++
				continue
			}
			if (!(v in code)) { print "FAIL " target ": " v ": no codegen record"; fail++; continue }
			k = split(insn[b], piece, "|"); rest = code[v]; bad = ""
			for (j = 1; j <= k; j++) {
				p = index(rest, piece[j])
				if (!p) { bad = piece[j]; break }
				rest = substr(rest, p + length(piece[j]))
			}
			if (bad != "") { print "FAIL " target ": " v ": no " bad " in its loop: " code[v]; fail++ }
			else { print "PASS " target ": " v " loop holds " insn[b] ": " code[v]; pass++ }
		}
		print pass " passed, " fail " failed"
		exit fail > 0
	}'
