#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/lib.sh parse_opts: values, flags, positional arguments, --help,
# unknown options and a missing value.  Ends "N passed, M failed".
top=$(cd "$(dirname "$0")/../.." && pwd)
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1"; fi; }
t() { # t ARGS...: run parse_opts in a subshell, print the variables
	bash -c '. "$0/tools/lib.sh"; usage() { echo usage; }
		out=d flag=0 arr=()
		parse_opts "--out=out --flag=flag:1 --bpf=arr:--bpf" "$@"
		echo "out=$out flag=$flag arr=${arr[*]} args=${SB_ARGS[*]}"' "$top" "$@" 2>&1
}
r=$(t --out x --flag a b); check "value, flag, positional" '[ "$r" = "out=x flag=1 arr= args=a b" ]'
r=$(t); check "defaults stay" '[ "$r" = "out=d flag=0 arr= args=" ]'
r=$(t --bpf); check "flag into an array" '[ "$r" = "out=d flag=0 arr=--bpf args=" ]'
r=$(t --out "a b"); check "value with a space" '[ "$r" = "out=a b flag=0 arr= args=" ]'
r=$(t --help); check "--help: usage, exit 0" '[ "$r" = usage ]'
r=$(t --nope); check "unknown option dies" '[[ "$r" == *"unknown option '"'"'--nope'"'"'"* ]]'
r=$(t --out); check "missing value dies" '[[ "$r" == *"--out needs a value"* ]]'
r=$(t - x); check "'-' is an argument" '[ "$r" = "out=d flag=0 arr= args=- x" ]'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
