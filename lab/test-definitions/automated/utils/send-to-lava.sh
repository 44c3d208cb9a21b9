#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# send-to-lava.sh RESULT_FILE: each line "<test-case> pass|fail|skip
# [<measurement> [<units>]]" becomes a lava-test-case under LAVA (when
# lava-test-case is on PATH); elsewhere the lines are printed as they are.
set -u
if [ $# != 1 ] || [ ! -f "$1" ]; then
	echo "usage: $0 RESULT_FILE" >&2
	exit 2
fi
if ! command -v lava-test-case >/dev/null 2>&1; then
	cat "$1"
	exit 0
fi
rc=0
while read -r name result measurement units rest; do
	case "$name" in ''|'#'*) continue ;; esac
	case "$result" in pass|fail|skip|unknown) ;; *)
		echo "send-to-lava.sh: '$name': result '$result' is not pass, fail, skip or unknown" >&2
		rc=1; continue ;;
	esac
	if [ -n "${measurement:-}" ]; then
		lava-test-case "$name" --result "$result" --measurement "$measurement" --units "${units:-none}"
	else
		lava-test-case "$name" --result "$result"
	fi
done <"$1"
exit $rc
