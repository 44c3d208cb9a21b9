# shellcheck shell=sh
# Sourced by the guest init for ACTION=abort (tests/guest/abort.sh): aborted
# loads, teardown and CPU hotplug. Uses init's status/check/loaded/begin/end.
#   - a signal (INT, TERM, KILL) at 0..800 ms into a blocking insmod: the
#     module must stay loaded with state 'aborted' and 'end aborted N', and
#     rmmod must work; the console must stay clean (checked per case here,
#     and for the whole boot by the host);
#   - debugfs results and run held open across an aborted insmod, read after
#     a refused rmmod, closed, then rmmod;
#   - "start" refused during a load, and failing with EINVAL on a bad
#     parameter without leaving the state at 'running';
#   - a run with onoff_interval_ms (CPU hotplug) for all contexts: results in
#     section 'onoff', checked by the host, and read during the run (whole
#     lines only); rmmod in the middle of another; a bad onoff_interval_ms;
#   - last, the scenario itself (the results the harness checks).
# Times are measured from the moment /sys/module/srcu_bench/initstate exists
# (the kernel creates it just before it calls the module's init), with busybox
# usleep, so "N ms" is N ms into the load at the earliest.

ABORT_BAD='Oops|BUG:|WARNING:|general protection|Call Trace|soft lockup|stall'

# dmesg lines since the last mark
dmesg_mark() { dmesg_n=$(dmesg | wc -l); }
dmesg_new() { dmesg | tail -n +$((dmesg_n + 1)); }

# abort_insmod SIG MS PARAMS...: insmod PARAMS in the foreground (a
# background job of a script ignores SIGINT), SIG sent MS ms after the module
# appears, by a background job using shell builtins only (no fork between
# seeing the module and the kill); sets rc (insmod's exit status) and
# initstate (the module's state just before the signal: coming = in its init)
abort_insmod() {
	sig=$1 ms=$2
	shift 2
	rm -f /tmp/insmod.pid /tmp/initstate
	(
		while [ ! -e /sys/module/srcu_bench/initstate ]; do :; done
		[ "$ms" = 0 ] || usleep $((ms * 1000))
		read -r s </sys/module/srcu_bench/initstate
		read -r p </tmp/insmod.pid
		kill -s "$sig" "$p"
		echo "$s" >/tmp/initstate
	) &
	killer=$!
	# shellcheck disable=SC2016
	sh -c 'echo $$ >/tmp/insmod.pid; exec insmod "$@"' insmod $MOD "$@"
	rc=$?
	wait $killer
	initstate=$(cat /tmp/initstate 2>/dev/null)
}

abort_signals() {
	for spec in INT:0 TERM:10 KILL:30 INT:60 TERM:100 KILL:200 INT:400 TERM:800; do
		sig=${spec%:*} ms=${spec#*:}
		dmesg_mark
		# shellcheck disable=SC2086
		abort_insmod "$sig" "$ms" $PARAMS env=$ENV
		isloaded=0; loaded && isloaded=1
		st=$(cat $D/run 2>/dev/null)
		last=$(tail -n 1 $D/results 2>/dev/null)
		said=0; dmesg_new | grep -q 'run interrupted' && said=1
		rmmod srcu_bench 2>/dev/null
		rm_rc=$?
		gone=1; loaded && gone=0
		bad=$(dmesg_new | grep -E "$ABORT_BAD" | head -n 1)
		check "sig_${sig}_${ms}ms" \
			"insmod rc=$rc (killed: >128) at initstate=$initstate, loaded=$isloaded state=$st last='$last' dmesg-says-interrupted=$said rmmod rc=$rm_rc unloaded=$gone console='$bad'" \
			[ $rc -gt 128 -a "$initstate" = coming -a $isloaded = 1 -a "$st" = aborted \
			  -a "${last% *}" = "end aborted" -a $said = 1 -a $rm_rc = 0 -a $gone = 1 -a -z "$bad" ]
		# a module stuck in its init would make every later case meaningless
		[ $gone = 1 ] || { status abort.stuck "module still loaded after $spec: stopping"; return 1; }
	done
}

# Files held open across an aborted load: the module must not go away under
# them (rmmod refused while they are open), and they must read and close.
abort_held_open() {
	dmesg_mark
	# shellcheck disable=SC2086
	insmod $MOD $PARAMS env=$ENV &
	pid=$!
	while [ ! -e $D/results ] && kill -0 $pid 2>/dev/null; do :; done
	exec 3<$D/results 4<$D/run
	usleep 100000
	kill -s TERM $pid 2>/dev/null
	wait $pid
	rc=$?
	rmmod srcu_bench 2>/dev/null
	busy_rc=$?
	isloaded=0; loaded && isloaded=1
	body=$(cat <&3 2>&1)
	st=$(cat <&4 2>&1)
	exec 3<&- 4<&-
	last=$(echo "$body" | tail -n 1)
	rmmod srcu_bench 2>/dev/null
	rm_rc=$?
	gone=1; loaded && gone=0
	bad=$(dmesg_new | grep -E "$ABORT_BAD" | head -n 1)
	check held_open \
		"insmod rc=$rc; rmmod with files open rc=$busy_rc loaded=$isloaded; run read '$st', results $(echo "$body" | wc -l) lines ending '$last'; after close rmmod rc=$rm_rc unloaded=$gone console='$bad'" \
		[ $rc -gt 128 -a $busy_rc != 0 -a $isloaded = 1 -a "$st" = aborted \
		  -a "${last% *}" = "end aborted" -a $rm_rc = 0 -a $gone = 1 -a -z "$bad" ]
}

# While an autostart run goes on, "start" is refused (one run at a time),
# and a bad parameter written through sysfs fails the next "start" with
# EINVAL without leaving the state at 'running'.
abort_busy() {
	dmesg_mark
	# shellcheck disable=SC2086
	insmod $MOD $PARAMS env=$ENV &
	pid=$!
	while [ ! -e $D/run ] && kill -0 $pid 2>/dev/null; do :; done
	out=$(echo start 2>&1 >$D/run)
	case "$out" in *busy*) busy=1 ;; *) busy=0 ;; esac
	wait $pid
	rc=$?
	st1=$(cat $D/run)
	echo bogus >/sys/module/srcu_bench/parameters/ops
	out2=$(echo start 2>&1 >$D/run)
	case "$out2" in *"Invalid argument"*) einval=1 ;; *) einval=0 ;; esac
	st2=$(cat $D/run)
	rmmod srcu_bench
	rm_rc=$?
	bad=$(dmesg_new | grep -E "$ABORT_BAD" | head -n 1)
	check busy "start during the load: '$out' busy=$busy; insmod rc=$rc state=$st1; start with ops=bogus: '$out2' state=$st2; rmmod rc=$rm_rc console='$bad'" \
		[ $busy = 1 -a $rc = 0 -a "$st1" = done -a $einval = 1 -a "$st2" = done -a $rm_rc = 0 -a -z "$bad" ]
}

cpus_online() { cat /sys/devices/system/cpu/online; }

# A run with CPU hotplug in it, every context: section 'onoff' for the host.
abort_onoff() {
	before=$(cpus_online)
	dmesg_mark
	# a reader of results during the run sees whole lines only
	rm -f /tmp/snap.stop /tmp/snap.check
	(
		n=0 bad=0
		while [ ! -f /tmp/snap.stop ]; do
			if cat $D/results >/tmp/snap 2>/dev/null && [ -s /tmp/snap ]; then
				n=$((n + 1))
				[ -z "$(tail -c 1 /tmp/snap)" ] || bad=$((bad + 1))
				# every record has the field count its '# type cols' header
				# names (any record type: no list to keep up to date)
				awk '$1 == "#" && NF > 2 { n[$2] = NF - 2; next } /^#/ { next }
					$1 == "meta" { if (NF < 3) exit 1; next }
					!($1 in n) || NF - 1 != n[$1] { exit 1 }' /tmp/snap || bad=$((bad + 1))
			fi
			usleep 20000
		done
		echo "$n $bad" >/tmp/snap.check
	) &
	snapper=$!
	# shellcheck disable=SC2086
	insmod $MOD $ONOFF_PARAMS env=$ENV
	rc=$?
	touch /tmp/snap.stop
	wait $snapper
	read -r snaps snapbad </tmp/snap.check
	check results_midrun "$snaps reads of results during the run, $snapbad with a partial or foreign line" \
		[ "$snaps" -gt 0 -a "$snapbad" = 0 ]
	begin onoff; cat $D/results; end onoff
	onoff=$(dmesg_new | grep 'onoff:' | tail -n 1)
	rmmod srcu_bench
	rm_rc=$?
	after=$(cpus_online)
	bad=$(dmesg_new | grep -E "$ABORT_BAD" | head -n 1)
	check onoff_run "insmod rc=$rc rmmod rc=$rm_rc online before=$before after=$after; $onoff; console='$bad'" \
		[ $rc = 0 -a $rm_rc = 0 -a "$before" = "$after" -a -n "$onoff" -a -z "$bad" ]

	# rmmod while a debugfs-started run takes CPUs offline and online
	dmesg_mark
	# shellcheck disable=SC2086
	insmod $MOD $ONOFF_PARAMS env=$ENV autostart=0 duration_ms=5000
	echo start >$D/run
	sleep 2
	st=$(cat $D/run)
	rmmod srcu_bench
	rm_rc=$?
	gone=1; loaded && gone=0
	after=$(cpus_online)
	bad=$(dmesg_new | grep -E "$ABORT_BAD" | head -n 1)
	check onoff_rmmod "state=$st rmmod rc=$rm_rc unloaded=$gone online before=$before after=$after console='$bad'" \
		[ "$st" = running -a $rm_rc = 0 -a $gone = 1 -a "$before" = "$after" -a -z "$bad" ]

	# not on CPU 0 or the last CPU, and a bad value fails the load
	out=$(insmod $MOD onoff_interval_ms=5 2>&1)
	case "$out" in *"Invalid argument"*) einval=1 ;; *) einval=0 ;; esac
	isloaded=0; loaded && isloaded=1
	[ $isloaded = 0 ] || rmmod srcu_bench
	check onoff_bad_param "onoff_interval_ms=5 -> $out" [ $einval = 1 -a $isloaded = 0 ]
}

abort_tests() {
	mkdir -p /tmp
	# phases shorter than the CPU's time offline: some phases start with CPU 1
	# offline (no readers there), others see it go offline or come back
	ONOFF_PARAMS=${ONOFF_PARAMS:-"contexts=process,softirq,hardirq ops=empty,this_cpu_inc,srcu,racy_inc duration_ms=100 runs=2 gp=sync gp_ms=150 onoff_interval_ms=250"}
	abort_signals || return 1
	abort_busy
	abort_onoff
	abort_held_open
	# a normal load after all that: the scenario's results for the harness
	run_scenario
	check load_after "scenario insmod rc=$rc" [ "$rc" = 0 ]
}
