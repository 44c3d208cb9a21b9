#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/lib.sh parse_opts: values, flags, positional arguments, --help,
# unknown options and a missing value; every tools/*.sh answers --help
# (exit 0) and refuses --no-such-option (exit 2), and so does every test
# script that parses its options with parse_opts.  Ends "N passed, M failed".
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
check() { if eval "$2"; then ok "$1"; else ko "$1"; fi; }
t() { # t ARGS...: run parse_opts in a subshell, print the variables
	bash -c '. "$0/tools/lib.sh"; usage() { echo usage; }
		out=d flag=0 arr= list=()
		parse_opts "--out=out --flag=flag:1 --bpf=arr:--bpf --run=list+" "$@"
		echo "out=$out flag=$flag arr=${arr[*]} args=${SB_ARGS[*]}${list[*]:+ list=${#list[@]}:${list[*]}}"' "$top" "$@" 2>&1
}
r=$(t --out x --flag a b); check "value, flag, positional" '[ "$r" = "out=x flag=1 arr= args=a b" ]'
r=$(t); check "defaults stay" '[ "$r" = "out=d flag=0 arr= args=" ]'
r=$(t --bpf); check "flag into an array" '[ "$r" = "out=d flag=0 arr=--bpf args=" ]'
r=$(t --out "a b"); check "value with a space" '[ "$r" = "out=a b flag=0 arr= args=" ]'
r=$(t --help); check "--help: usage, exit 0" '[ "$r" = usage ]'
r=$(t --nope); check "unknown option dies" '[[ "$r" == *"unknown option '"'"'--nope'"'"'"* ]]'
r=$(t --out); check "missing value dies" '[[ "$r" == *"--out needs a value"* ]]'
r=$(t - x); check "'-' is an argument" '[ "$r" = "out=d flag=0 arr= args=- x" ]'
r=$(t --run a --run "b c"); check "repeated option into an array" '[ "$r" = "out=d flag=0 arr= args= list=2:a b c" ]'
r=$(t --flag -- --out x); check "'--' ends the options" '[ "$r" = "out=d flag=1 arr= args=--out x" ]'
r=$(t --out >/dev/null 2>&1; echo $?); check "missing value: exit status 2" '[ "$r" = 2 ]'
r=$(t --nope >/dev/null 2>&1; echo $?); check "unknown option: exit status 2" '[ "$r" = 2 ]'
# fields: columns by the header's names, in the order asked, per header
recs=$'# gp kind load count\ngp sync none 3\nread x\ngp exp none 4\n# gp count kind\ngp 5 sync'
r=$(bash -c '. "$0/tools/lib.sh"; fields gp count kind' "$top" <<<"$recs" | tr '\n' '|')
check "fields: named columns, a later header remaps them" '[ "$r" = "3 sync|4 exp|5 sync|" ]'
r=$(bash -c '. "$0/tools/lib.sh"; fields gp nope' "$top" <<<"$recs" 2>&1; echo "rc=$?")
check "fields: a column the header lacks is an error" '[[ "$r" == *"no column nope"*"rc=2" ]]'
# Every tool: --help exits 0, a bad option exits 2 with a message on stderr.
# So does every test script that takes its options with parse_opts.
for f in "$top"/tools/*.sh $(grep -l '^parse_opts ' "$top"/tests/*.sh "$top"/tests/*/*.sh "$top"/lab/*.sh); do
	case "$f" in */lib.sh) continue ;; esac
	n=${f#"$top"/}
	timeout 20 bash "$f" --help >/dev/null 2>&1; r=$?
	check "$n --help: exit 0" '[ "$r" = 0 ]'
	e=$(timeout 20 bash "$f" --no-such-option 2>&1 >/dev/null); r=$?
	check "$n --no-such-option: exit 2 with a message" '[ "$r" = 2 ] && [ -n "$e" ]'
done
finish
