# shellcheck shell=bash
# Shared helpers of the srcubench harness scripts.
SB_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SB_T0=${SB_T0:-$(date +%s)}
export SB_T0

# SB_LOG_TAG (make run ARCHES=...): a prefix naming the target.
log() { printf '[%4ss] %s%s\n' "$(( $(date +%s) - SB_T0 ))" "${SB_LOG_TAG:+$SB_LOG_TAG: }" "$*" >&2; }
die() { printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }
# usage_error MSG: a bad command line: usage and MSG on stderr, exit status 2
usage_error() { usage >&2; printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2; exit 2; }

# parse_opts SPEC "$@": the one option loop of the scripts.  SPEC is a
# space-separated list of
#   --name=var       an option with a value: var=VALUE (--name VALUE)
#   --name=var:WORD  a flag: var=WORD
#   --name=var+      an option with a value that repeats: appended to array var
# "--" ends the options: the arguments after it go to SB_ARGS as they are.
# -h/--help runs the script's usage and exits 0; an unknown option or a
# missing value runs usage >&2 and exits 2 (usage_error); other arguments
# are left in the array SB_ARGS.
parse_opts() {
	local spec=$1 s opt var found
	shift
	SB_ARGS=()
	while [ $# -gt 0 ]; do
		case "$1" in
		-h|--help) usage; exit 0 ;;
		--) shift; SB_ARGS+=("$@"); return ;;
		esac
		found=0
		for s in $spec; do
			opt=${s%%=*} var=${s#*=}
			[ "$1" = "$opt" ] || continue
			found=1
			case "$var" in
			*:*) printf -v "${var%%:*}" '%s' "${var#*:}"; shift ;;
			*+) [ $# -ge 2 ] || usage_error "$opt needs a value"
			    eval "${var%+}+=(\"\$2\")"; shift 2 ;;
			*) [ $# -ge 2 ] || usage_error "$opt needs a value"
			   printf -v "$var" '%s' "$2"; shift 2 ;;
			esac
			break
		done
		[ "$found" = 1 ] && continue
		case "$1" in -?*) usage_error "unknown option '$1'" ;; esac
		SB_ARGS+=("$1")
		shift
	done
}

# fields TYPE COL... <FILE: the named columns of FILE's TYPE records, one
# record a line, space-separated. Columns are found by the record type's
# "# TYPE col..." header line, never by position; a column the header lacks
# is an error (status 2). The one helper for scripts that need records the
# reporter's JSON does not carry (samples, srcuctr, per-record sums).
fields() {
	local t=$1; shift
	awk -v t="$t" -v want="$*" '
		$1 == "#" && $2 == t {
			delete c; for (i = 3; i <= NF; i++) c[$i] = i - 1
			n = split(want, w, " ")
			for (j = 1; j <= n; j++) if (!(w[j] in c)) { print "fields: no column " w[j] " in the " t " header" > "/dev/stderr"; bad = 1; exit 2 }
			next }
		$1 == t && n { s = $(c[w[1]]); for (j = 2; j <= n; j++) s = s " " $(c[w[j]]); print s }
		END { if (bad) exit 2 }'
}

# load_target NAME|PATH: source configs/targets/NAME (or a target file
# given by a path with a /, for tests)
load_target() {
	local f="$SB_TOP/configs/targets/$1"
	[[ "$1" != */* ]] || f=$1
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

# extract_section NAME FILE: the guest's output file NAME. The guest writes
# each to SB_GUEST_DIR/NAME.txt over virtio-9p when it could mount the share
# (tools/guest/init; SB_GUEST_DIR is OUT/guest, exported by run-guest.sh), so
# that no console line (an EMERG printk, a watchdog dump) can land inside it;
# otherwise (an image without the 9p modules) it printed it on the console
# FILE between its BEGIN/END markers.
extract_section() {
	if [ -n "${SB_GUEST_DIR:-}" ] && [ -f "$SB_GUEST_DIR/$1.txt" ]; then
		cat "$SB_GUEST_DIR/$1.txt"
		return
	fi
	tr -d '\r' <"$2" | awk -v n="$1" '$0 == "@@SRCUBENCH END " n {f=0} f {print} $0 == "@@SRCUBENCH BEGIN " n {f=1}'
}

# bpf_target_ok TARGET (target file loaded or not): whether bpf/ can build a
# loader for TARGET here. srcubench-bpf is built with this machine's compiler
# and libbpf and its kprobes with this machine's __TARGET_ARCH (bpf/Makefile):
# no cross build, so only a target of the host's own architecture. Prints
# why not on stdout when it cannot.
bpf_target_ok() {
	local host karch
	host=$(uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/' -e 's/ppc64le/powerpc/' \
		-e 's/riscv64/riscv/' -e 's/s390x/s390/')
	local f="$SB_TOP/configs/targets/$1"
	[[ "$1" != */* ]] || f=$1
	# shellcheck disable=SC1090
	karch=$(KBUILD_ARCH=; . "$f"; echo "$KBUILD_ARCH")
	[ "$karch" = "$host" ] && return 0
	echo "the BPF sampler (bpf/) is built with this machine's compiler and libbpf ($(uname -m)) and its kprobes with __TARGET_ARCH_$host: a loader for $1 ($karch) would be an $(uname -m) binary with $host kprobe macros, and bpf/ has no cross build; run $1 without BPF=1 (--bpf), or with BPF=1 on a machine of that architecture"
	return 1
}

# host_meta: the harness.host* meta records of the machine that ran qemu
host_meta() {
	local model
	model=$(awk -F': *' '$1 ~ /^(model name|cpu model|Model|uarch)[ \t]*$/ {print $2; exit}' /proc/cpuinfo)
	[ -n "$model" ] || model=$(uname -m)
	model=$(printf '%s' "$model" | tr -s ' \t' '__')
	printf 'meta harness.host %s\nmeta harness.host_cpus %s\nmeta harness.host_cpu_model %s\n' \
		"$(hostname 2>/dev/null || uname -n)" "$(nproc)" "$model"
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
