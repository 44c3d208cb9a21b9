# shellcheck shell=bash
# Shared helpers of the srcubench harness scripts.
SB_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SB_T0=${SB_T0:-$(date +%s)}
export SB_T0

# SB_LOG_TAG (make run ARCHES=...): a prefix naming the target.
log() { printf '[%4ss] %s%s\n' "$(( $(date +%s) - SB_T0 ))" "${SB_LOG_TAG:+$SB_LOG_TAG: }" "$*" >&2; }
die() { printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# load_target NAME: source configs/targets/NAME
load_target() {
	local f="$SB_TOP/configs/targets/$1"
	[ -f "$f" ] || die "unknown target '$1' (have: $(ls "$SB_TOP/configs/targets" | tr '\n' ' '))"
	# shellcheck disable=SC1090
	. "$f"
}

# scenario_file NAME|PATH
scenario_file() {
	if [ -f "$1" ]; then echo "$1"
	elif [ -f "$SB_TOP/configs/scenarios/$1" ]; then echo "$SB_TOP/configs/scenarios/$1"
	else die "unknown scenario '$1' (have: $(ls "$SB_TOP/configs/scenarios" | tr '\n' ' '))"
	fi
}

# extract_section NAME FILE: the lines between the guest's BEGIN/END markers
extract_section() {
	tr -d '\r' <"$2" | awk -v n="$1" '$0 == "@@SRCUBENCH END " n {f=0} f {print} $0 == "@@SRCUBENCH BEGIN " n {f=1}'
}

# Console lines that mean the kernel is unhappy.
SB_BAD_CONSOLE='Oops|BUG:|WARNING:|soft lockup|hard LOCKUP|self-detected stall|rcu: INFO:|detected stalls|Kernel panic|Call Trace'

# perf_records SIDE PAIR: perf stat -x, CSV on stdin -> "perf SIDE PAIR event value unit"
# records; <not supported>/<not counted> values become "-" with that as the unit.
perf_records() {
	awk -F, -v s="$1" -v i="$2" '
		/^#/ || NF < 3 || $3 == "" { next }
		{ v = $1; u = ($2 == "" ? "-" : $2)
		  if (v ~ /^</) { u = (v ~ /supported/) ? "not-supported" : "not-counted"; v = "-" }
		  print "perf", s, i, $3, v, u }'
}
