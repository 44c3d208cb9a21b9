#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# lava-fetch.sh [-i IDENTITY] [--no-wait] --out DIR JOB_ID...: download
# finished srcubench LAVA jobs with lavacli, one directory each:
#   DIR/<id>/job.log      the job log (lavacli jobs logs --raw)
#   DIR/<id>/results.txt  srcubench's results file, from the log
#   DIR/<id>/result.txt   the test cases LAVA recorded (result.txt lines)
# then: build/report --group-by machine DIR  (or host, cpu_model, kernel...)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ident='' wait=1 out=''
while [ $# -gt 0 ]; do
	case "$1" in
	-i|--identity) ident=$2; shift 2 ;;
	--no-wait) wait=0; shift ;;
	--out) out=$2; shift 2 ;;
	-h|--help) sed -n '3,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "$0: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
done
if [ -z "$out" ] || [ $# = 0 ]; then
	echo "usage: $0 [-i IDENTITY] [--no-wait] --out DIR JOB_ID..." >&2
	exit 2
fi
command -v lavacli >/dev/null || { echo "$0: no lavacli (apt-get install lavacli)" >&2; exit 1; }
lava() { if [ -n "$ident" ]; then lavacli -i "$ident" "$@"; else lavacli "$@"; fi; }
rc=0
for id in "$@"; do
	d="$out/$id"
	mkdir -p "$d"
	[ $wait = 0 ] || lava jobs wait "$id"
	lava jobs logs --raw --no-follow "$id" >"$d/job.log"
	if /usr/bin/python3 "$here/lava-log.py" "$d/job.log" --results "$d/results.txt" --cases "$d/result.txt"; then
		echo "lava-fetch: job $id -> $d"
	else
		# No results between the markers (a failed job): keep what there is.
		[ -s "$d/results.txt" ] || rm -f "$d/results.txt"
		[ -s "$d/result.txt" ] || rm -f "$d/result.txt"
		echo "lava-fetch: job $id: no srcubench results in its log ($d/job.log)" >&2
		rc=1
	fi
done
exit $rc
