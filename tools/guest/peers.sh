# shellcheck shell=sh
# Sourced by the guest init for ACTION=peers: srcubench, then the kernel's
# own refscale and rcuscale (scale_type=srcu) at matching settings, in the
# same boot. Each peer's kernel log goes out as its own framed section.
# PEER_READERS, PEER_LOOPS, PEER_RUNS come from the scenario.

peer_wait() { # peer_wait PATTERN: until the kernel log shows PATTERN (<= 300 s)
	i=0
	while ! dmesg | grep -q "$1"; do
		sleep 1
		i=$((i + 1))
		[ $i -ge 300 ] && { status peer.timeout "$1"; return 1; }
	done
}

peer_section() { # peer_section NAME: the kernel log since the last one
	begin "peer-$1"
	dmesg -c | grep -v -e 'torture: ' -e 'rcu_scale_\(reader\|writer\) task' -e 'Dumping ftrace' -e 'ftrace buffer empty'
	end "peer-$1"
}

# no_shutdown KO: the parameter that keeps the test from powering the guest
# off when it ends. Built out of tree, the test's IS_MODULE(CONFIG_...)
# default is the built-in one: 6.1's 'shutdown' is off for any module, but
# 7.x's 'shutdown_secs' defaults to 300 and powered the guest off.
no_shutdown() {
	if grep -q 'parmtype=shutdown_secs:' "$1"; then echo shutdown_secs=0; else echo shutdown=0; fi
}

run_peers() {
	run_scenario
	readers=${PEER_READERS:-$(grep -c ^processor /proc/cpuinfo)}
	insmod /peers/torture.ko || { status peer.torture fail; return 1; }
	dmesg -c >/dev/null
	# refscale: nruns experiments of loops srcu_read_lock/unlock pairs per reader.
	insmod /peers/refscale.ko scale_type=srcu nreaders="$readers" \
		loops="${PEER_LOOPS:-10000}" nruns="${PEER_RUNS:-10}" holdoff=0 \
		"$(no_shutdown /peers/refscale.ko)"
	status peer.refscale "$?"
	peer_wait 'Time(ns)' && sleep 1
	rmmod refscale
	peer_section refscale
	# rcuscale: writer durations of synchronize_srcu(), normal then expedited;
	# it prints them at rmmod.
	for exp in 0 1; do
		insmod /peers/rcuscale.ko scale_type=srcu nreaders="$readers" nwriters=1 \
			holdoff=1 gp_exp=$exp "$(no_shutdown /peers/rcuscale.ko)"
		status peer.rcuscale.gp_exp=$exp "$?"
		peer_wait 'Test complete'
		rmmod rcuscale
		peer_section "rcuscale-gp_exp=$exp"
	done
	rmmod torture
}
