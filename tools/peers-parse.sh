#!/usr/bin/env bash
# Turn the peer sections of a guest console log (refscale and rcuscale
# kernel logs) into `peer` records of the results format:
#   # peer tool variant metric index value
#   peer refscale srcu ns_per_loop 1 39.678        (refscale's per-run average)
#   peer rcuscale srcu gp_ns 0 1613758             (one synchronize_srcu())
#   peer rcuscale srcu-exp gp_ns 0 64933           (gp_exp=1)
# usage: tools/peers-parse.sh CONSOLE.LOG
set -euo pipefail
case "${1:-}" in -h|--help) echo "usage: $0 CONSOLE.LOG"; exit 0 ;; esac
. "$(dirname "$0")/lib.sh"
[ $# = 1 ] && [ -f "$1" ] || { echo "usage: $0 CONSOLE.LOG" >&2; exit 2; }
echo "# peer tool variant metric index value"
for s in refscale rcuscale-gp_exp=0 rcuscale-gp_exp=1; do
	extract_section "peer-$s" "$1" | sed -E 's/^\[ *[0-9.]+\] //' |
	awk -v s="$s" '
		s == "refscale" && /^Runs[ \t]+Time\(ns\)/ { t = 1; next }
		s == "refscale" && t && /^[0-9]+[ \t]+[0-9.]+$/ { print "peer refscale srcu ns_per_loop", $1, $2; next }
		s ~ /^rcuscale/ && /writer-duration:/ {
			v = (s ~ /=1$/) ? "srcu-exp" : "srcu"
			# index: a count per variant, not the per-writer index of rcuscale,
			# so that several writers give no duplicate (tool, variant, metric, index)
			print "peer rcuscale", v, "gp_ns", n[v]++, $NF
		}'
done
