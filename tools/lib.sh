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

# kbuild_modules KVER CACHE DIR LOG: kbuild "modules" of the sources in DIR
# against the fetched kernel's headers (kernel.env and the target loaded:
# KDIR, KBUILD_ARCH, CROSS_COMPILE), output in LOG; dies on failure.
kbuild_modules() {
	local kver=$1 cache=$2 dir=$3 blog=$4 want_cc tcvar cc
	# No module BTF here: bookworm's pahole is too old for 6.12's flags, and the
	# BPF side generates module BTF itself (pahole -J --btf_base).
	local build_cmd=(make -C "$KDIR" M="$dir" ARCH="$KBUILD_ARCH" CROSS_COMPILE="$CROSS_COMPILE"
		CONFIG_DEBUG_INFO_BTF_MODULES= modules)
	# The compiler the headers ask for (.kernelvariables: CC = ...gcc-N); when
	# the host lacks it, build in a chroot of the newer suite that has it.
	want_cc=$(grep -o 'gcc-[0-9]*' "$KDIR/.kernelvariables" 2>/dev/null | head -n 1 || true)
	tcvar="TOOLCHAIN_${kver//[.-]/_}"
	if [ -n "$want_cc" ] && ! command -v "${CROSS_COMPILE}$want_cc" >/dev/null && [ -n "${!tcvar:-}" ]; then
		log "build: ${CROSS_COMPILE}$want_cc is not on this machine: building in a ${!tcvar} chroot"
		"$SB_TOP/tools/toolchain.sh" --suite "${!tcvar}" --cc "${CROSS_COMPILE}$want_cc" --cache "$cache" \
			--run "$cache" --run "$dir" -- "${build_cmd[@]}" >"$blog" 2>&1 ||
			{ tail -n 30 "$blog" >&2; die "build failed, see $blog"; }
		return
	fi
	if [ -n "$want_cc" ] && ! command -v "${CROSS_COMPILE}$want_cc" >/dev/null; then
		# No chroot for this series (e.g. trixie's riscv64 headers ask for
		# gcc-14, whose cross build needs a newer glibc): the newest
		# ${CROSS_COMPILE}gcc-N here.
		cc=$(compgen -c "${CROSS_COMPILE}gcc-" | grep -E "^${CROSS_COMPILE}gcc-[0-9]+\$" | sort -V | tail -n 1)
		[ -n "$cc" ] || die "neither ${CROSS_COMPILE}$want_cc nor another ${CROSS_COMPILE}gcc-N is installed (tools/deps.sh run)"
		log "build: ${CROSS_COMPILE}$want_cc is not on this machine: building with $cc"
		build_cmd+=(CC="$cc")
	fi
	"${build_cmd[@]}" >"$blog" 2>&1 || { tail -n 30 "$blog" >&2; die "build failed, see $blog"; }
}
