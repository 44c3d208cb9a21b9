#!/usr/bin/env bash
# The static code of each op's inner loop, disassembled from the built
# module: one `codegen` record per op of the results format,
#   # codegen arch op insns code
# where insns counts the instructions of the loop (from the lowest target of
# a backward branch to that branch: the outermost loop) and code lists them, '|'-separated, white
# space as '_', calls named by their relocation. On arm64 the file holds the
# LL/SC form of atomics; LSE CPUs run the alternative patched in at load.
# usage: tools/codegen.sh [--objdump PROG] [--arch NAME] MODULE.ko
set -euo pipefail
objdump=objdump arch=$(uname -m)
case "${1:-}" in -h|--help) echo "usage: $0 [--objdump PROG] [--arch NAME] MODULE.ko"; exit 0 ;; esac
while [ $# -gt 1 ]; do
	case "$1" in
	--objdump) objdump=$2; shift 2 ;;
	--arch) arch=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# = 1 ] && [ -f "$1" ] || { echo "usage: $0 [--objdump PROG] [--arch NAME] MODULE.ko" >&2; exit 2; }
command -v "$objdump" >/dev/null || { echo "$0: $objdump not found" >&2; exit 1; }
# Fails (status 1, why on stderr) when objdump fails or finds no op loop
# (sb_loop_*): an objdump of another architecture, a stripped module.
dis=$(mktemp)
trap 'rm -f "$dis"' EXIT
"$objdump" -dr --no-show-raw-insn "$1" >"$dis" 2>"$dis.err" ||
	{ echo "$0: $objdump -dr $1 failed: $(head -n 2 "$dis.err" | tr '\n' ' ')" >&2; rm -f "$dis.err"; exit 1; }
if grep -q . "$dis.err"; then	# "can't disassemble for architecture UNKNOWN!" exits 0
	echo "$0: $objdump -dr $1: $(head -n 2 "$dis.err" | tr '\n' ' ')" >&2; rm -f "$dis.err"; exit 1
fi
rm -f "$dis.err"
grep -q '^[0-9a-f]* <sb_loop_[A-Za-z0-9_]*>:$' "$dis" ||
	{ echo "$0: no op loop (sb_loop_*) in $objdump's disassembly of $1 (an objdump for another architecture?)" >&2; exit 1; }
echo "# codegen arch op insns code"
awk -v arch="$arch" '
	function hex(s,   i, v) {	# mawk has no strtonum()
		v = 0
		for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	function flush(   i, t, n, code) {
		if (fn == "" || !nb) { fn = ""; return }
		t = lastb_target; n = 0; code = ""
		for (i = 1; i <= ni; i++)
			if (addr[i] >= t && addr[i] <= lastb_addr) {
				code = code (n ? "|" : "") ins[i]; n++
			}
		gsub(/[ \t]+/, "_", code)
		print "codegen", arch, fn, n, code
		fn = ""
	}
	# Local labels (.L*: riscv64 keeps them for linker relaxation) are
	# inside the function; any other symbol ends it.
	/^[0-9a-f]+ <\.L[^>]*>:$/ { next }
	/^[0-9a-f]+ <[^>]*>:$/ {
		flush()
		if ($2 ~ /^<sb_loop_[A-Za-z0-9_]+>:$/) {
			fn = $2; sub(/^<sb_loop_/, "", fn); sub(/>:$/, "", fn)
		}
		ni = 0; nb = 0; next
	}
	/^$/ { next }
	fn != "" && /^[ \t]+[0-9a-f]+:[ \t]+R_/ {	# relocation of the previous instruction
		sym = $NF; sub(/[-+]0x[0-9a-f]+$/, "", sym)
		# not: the ftrace call, local labels, linker-relaxation markers
		if (ni && sym !~ /^(__fentry__|_mcount|\.L.*|\*ABS\*)$/ && $2 !~ /^R_RISCV_RELAX/) {
			sub(/ <local>/, "", ins[ni]); ins[ni] = ins[ni] " <" sym ">"
		}
		next
	}
	fn != "" && /^[ \t]+[0-9a-f]+:\t/ {
		line = $0; sub(/^[ \t]+/, "", line)
		a = line; sub(/:.*/, "", a)
		text = line; sub(/^[0-9a-f]+:\t/, "", text); sub(/[ \t]+#.*$/, "", text)
		ni++; addr[ni] = hex(a); ins[ni] = text
		if (match(text, /[ \t,]([0-9a-f]+) <(sb_loop_|\.L)/)) {
			tgt = substr(text, RSTART + 1, RLENGTH - 1); sub(/ <(sb_loop_|\.L)$/, "", tgt)
			tv = hex(tgt)
			# the outermost loop: the backward branch to the lowest address
			if (tv < addr[ni] && tv >= addr[1] && (!nb || tv < lastb_target)) {
				nb = 1; lastb_target = tv; lastb_addr = addr[ni]
			}
		}
		if (match(ins[ni], /[ \t,][0-9a-f]+ <(sb_loop_|\.L)[^>]*>/)) {	# a target inside the function
			sub(/[ \t,][0-9a-f]+ <(sb_loop_|\.L)[^>]*>/, " <local>", ins[ni])
		}
	}
	END { flush() }' "$dis"
