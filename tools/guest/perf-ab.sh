# shellcheck shell=sh
# Sourced by the guest init for ACTION=perf-ab: perf stat A/B comparison of
# two parameter sets, A B A B ... (AB_PAIRS pairs, so drift hits both), each
# side one `perf stat -a -x, -- insmod srcu_bench.ko PARAMS AB_x` run. perf
# is the host's (Debian's linux-perf), from the host's /usr shared read-only
# over virtio-9p; /lib and /lib64 in the initramfs point into it.

run_perf_ab() {
	while read -r ko; do
		insmod "/kmods/$ko" || { status perf.kmods "fail $ko"; return 1; }
	done </kmods/order
	mount -t 9p -o trans=virtio,version=9p2000.L,ro hostusr /usr ||
		{ status perf.mount fail; return 1; }
	perf=$(ls /usr/bin/perf_* /usr/bin/perf 2>/dev/null | head -n 1)
	[ -x "$perf" ] || { status perf.binary "missing: no perf in the host's /usr"; return 1; }
	status perf.binary "$perf"
	i=1
	while [ "$i" -le "${AB_PAIRS:-3}" ]; do
		for side in A B; do
			eval "extra=\$AB_$side"
			# shellcheck disable=SC2086
			"$perf" stat -a -x, -e "$AB_EVENTS" -o /tmp/perf.csv -- \
				insmod /srcu_bench.ko $PARAMS $extra env=$ENV
			status "perf.$side.$i" "$?"
			begin "perf-$side-$i"; cat /tmp/perf.csv; end "perf-$side-$i"
			begin "results-$side-$i"; cat /sys/kernel/debug/srcu_bench/results; end "results-$side-$i"
			rmmod srcu_bench
		done
		i=$((i + 1))
	done
	status insmod 0
}
