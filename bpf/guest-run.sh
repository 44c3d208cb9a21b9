#!/bin/busybox sh
# srcubench-bpf in the guest (busybox sh). Source it from the guest init and
# call bpf_run_scenario, or run it directly:
#
#   guest-run.sh [-m MODULE.ko] [-b LOADER] [-o FILE] [-a 'LOADER ARGS'] [PARAMS...]
#
# Loads the module idle (autostart=0: the loader needs sb_srcu and the
# tracepoint to exist before it can attach), starts the loader in the
# background writing to FILE, waits for its 'meta bpf.attach' line, starts the
# run through debugfs, waits for it to end, stops the loader with SIGINT and
# prints framed sections on the console, like tools/guest/init:
#   @@SRCUBENCH BEGIN results ... END results   the module's results
#   @@SRCUBENCH BEGIN bpf ... END bpf           the loader's records
#   @@SRCUBENCH STATUS bpf.<key> <value>        insmod, attach, run, exit codes
# or, under the init with the host's 9p share mounted (SB_OUT), the sections
# as files SB_OUT/results.txt, SB_OUT/bpf.txt, ... (see tools/guest/init).
# bpf_perturb N PARAMS runs the same scenario N times without (A) and with (B)
# the loader, alternating A B A B, in sections results-A-<i>/results-B-<i>.

BPF_MOD=${BPF_MOD:-/srcu_bench.ko}
BPF_LOADER=${BPF_LOADER:-/srcubench-bpf}
BPF_OUT=${BPF_OUT:-/tmp/srcubench-bpf.txt}
BPF_ARGS=${BPF_ARGS:-}
BPF_D=/sys/kernel/debug/srcu_bench

# SB_OUT (set by tools/guest/init when the host's virtio-9p share is mounted):
# sections are files SB_OUT/NAME.txt, status lines also go to SB_OUT/status.txt.
SB_OUT=${SB_OUT:-}
sb_status() {
	if [ -n "$SB_OUT" ]; then
		echo "@@SRCUBENCH STATUS $*" >/dev/console
		echo "$*" >>"$SB_OUT/status.txt"
	else
		echo "@@SRCUBENCH STATUS $*"
	fi
}
bpf_status() { sb_status "bpf.$*"; }
bpf_begin() {
	if [ -n "$SB_OUT" ]; then exec 3>&1 >"$SB_OUT/$1.txt"; else dmesg -n 1; echo "@@SRCUBENCH BEGIN $1"; fi
}
bpf_end() {
	if [ -n "$SB_OUT" ]; then exec >&3 3>&-; else echo "@@SRCUBENCH END $1"; dmesg -n 5; fi
}
bpf_loaded() { grep -q '^srcu_bench ' /proc/modules; }

# bpf_wait_run: wait for the debugfs-started run to leave 'running'
bpf_wait_run() {
	while :; do
		st=$(cat $BPF_D/run 2>/dev/null)
		case "$st" in running|idle) sleep 1 ;; *) break ;; esac
	done
	echo "$st"
}

# bpf_one WITH_BPF(0|1) RESULTS_SECTION BPF_SECTION PARAMS...: one module run
bpf_one() {
	with=$1 rsec=$2 bsec=$3
	shift 3
	mkdir -p /tmp
	# shellcheck disable=SC2068
	insmod $BPF_MOD $@ autostart=0
	rc=$?
	bpf_status insmod "$rc"
	[ "$rsec" != results ] || sb_status insmod "$rc"
	[ $rc = 0 ] || return 1
	pid=
	if [ "$with" = 1 ]; then
		rm -f "$BPF_OUT" "$BPF_OUT.err"
		# shellcheck disable=SC2086
		"$BPF_LOADER" -o "$BPF_OUT" $BPF_ARGS 2>"$BPF_OUT.err" &
		pid=$!
		n=0
		until grep -q '^meta bpf.attach ' "$BPF_OUT" 2>/dev/null; do
			if ! kill -0 "$pid" 2>/dev/null || [ $n -ge 600 ]; then
				break
			fi
			sleep 0.1
			n=$((n + 1))
		done
		if grep -q '^meta bpf.attach ' "$BPF_OUT" 2>/dev/null; then
			bpf_status attach 0 "$(grep '^meta bpf.gp_prog ' "$BPF_OUT" | cut -d' ' -f3) after $((n / 10)).$((n % 10))s"
		else
			bpf_status attach 1 "$(tr '\n' ' ' <"$BPF_OUT.err")"
		fi
	fi
	echo start >$BPF_D/run
	st=$(bpf_wait_run)
	bpf_status run "$st"
	if [ -n "$pid" ]; then
		kill -INT "$pid" 2>/dev/null
		wait "$pid"
		rc=$?
		bpf_status exit "$rc"
	fi
	bpf_begin "$rsec"; cat $BPF_D/results 2>/dev/null; bpf_end "$rsec"
	if [ -n "$pid" ]; then
		bpf_begin "$bsec"; cat "$BPF_OUT" 2>/dev/null; bpf_end "$bsec"
		bpf_begin "$bsec-stderr"; cat "$BPF_OUT.err" 2>/dev/null; bpf_end "$bsec-stderr"
	fi
	rmmod srcu_bench
	rc=$?
	bpf_status rmmod "$rc"
	[ "$rsec" != results ] || sb_status rmmod "$rc"
}

# bpf_run_scenario PARAMS...: the module run with the loader attached
bpf_run_scenario() {
	bpf_one 1 results bpf "$@"
}

# bpf_perturb N PARAMS...: N pairs of runs without (A) and with (B) the loader
bpf_perturb() {
	pairs=$1
	shift
	i=1
	while [ $i -le "$pairs" ]; do
		bpf_one 0 "results-A-$i" "bpf-A-$i" "$@"
		bpf_one 1 "results-B-$i" "bpf-B-$i" "$@"
		i=$((i + 1))
	done
}

# bpf_bad_options: the loader must refuse bad options with a message
bpf_bad_options() {
	for o in "-i 0" "-i abc" "-d -1" "--bogus" "extra-arg"; do
		# shellcheck disable=SC2086
		msg=$("$BPF_LOADER" $o 2>&1 >/dev/null)
		rc=$?
		bpf_status badopt "$rc" "$o -> $(echo "$msg" | head -n 1)"
	done
}

case "$0" in
*guest-run.sh)
	while [ $# -gt 0 ]; do
		case "$1" in
		-m) BPF_MOD=$2; shift 2 ;;
		-b) BPF_LOADER=$2; shift 2 ;;
		-o) BPF_OUT=$2; shift 2 ;;
		-a) BPF_ARGS=$2; shift 2 ;;
		-h|--help) sed -n '2,20p' "$0"; exit 0 ;;
		-*) echo "guest-run.sh: unknown option '$1'" >&2; exit 2 ;;
		*) break ;;
		esac
	done
	bpf_run_scenario "$@"
	;;
esac
