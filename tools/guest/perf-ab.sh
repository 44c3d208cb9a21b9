# shellcheck shell=sh
# Sourced by the guest init for ACTION=perf-ab: perf stat A/B comparison of
# two parameter sets, A B A B ... (AB_PAIRS pairs, so drift hits both), each
# side one `perf stat -a -x, -- insmod srcu_bench.ko PARAMS AB_x` run. perf
# is the host's (Debian's linux-perf), from the host's /usr shared read-only
# over virtio-9p; /lib and /lib64 in the initramfs point into it. The 9p
# modules (/kmods) were loaded by the init.
# A side that fails (insmod or perf not 0, or results without 'end
# complete') stops the A/B at once with
#   @@SRCUBENCH STATUS perf.fail <side> <pair> <why>
# and its stderr and kernel log tail in section perf-<side>-<pair>-err.

run_perf_ab() {
	mount -t 9p -o trans=virtio,version=9p2000.L,ro hostusr /usr ||
		{ status perf.mount fail; return 1; }
	perf=$(ls /usr/bin/perf_* /usr/bin/perf 2>/dev/null | head -n 1)
	[ -x "$perf" ] || { status perf.binary "missing: no perf in the host's /usr"; return 1; }
	status perf.binary "$perf"
	i=1
	while [ "$i" -le "${AB_PAIRS:-3}" ]; do
		for side in A B; do
			eval "extra=\$AB_$side"
			n0=$(dmesg | wc -l)
			# shellcheck disable=SC2086
			"$perf" stat -a -x, -e "$AB_EVENTS" -o /tmp/perf.csv -- \
				insmod /srcu_bench.ko $PARAMS $extra env=$ENV 2>/tmp/perf.err
			rc=$?
			status "perf.$side.$i" "$rc"
			begin "perf-$side-$i"; cat /tmp/perf.csv; end "perf-$side-$i"
			begin "results-$side-$i"; cat /sys/kernel/debug/srcu_bench/results 2>/dev/null; end "results-$side-$i"
			why=
			if [ "$rc" != 0 ]; then
				why="perf stat -- insmod exited $rc: $(head -n 2 /tmp/perf.err | tr '\n' ' ')"
			elif ! loaded; then
				why="srcu_bench is not loaded after insmod: $(head -n 2 /tmp/perf.err | tr '\n' ' ')"
			elif ! grep -q '^end complete ' /sys/kernel/debug/srcu_bench/results; then
				why="results incomplete: $(grep '^end ' /sys/kernel/debug/srcu_bench/results || echo no end record)"
			fi
			if [ -n "$why" ]; then
				begin "perf-$side-$i-err"
				cat /tmp/perf.err
				echo "--- kernel log of this side:"
				dmesg | tail -n +$((n0 + 1)) | tail -n 20
				end "perf-$side-$i-err"
				status perf.fail "$side" "$i" "$why (params: $PARAMS $extra)"
				loaded && rmmod srcu_bench
				return 1
			fi
			rmmod srcu_bench
		done
		i=$((i + 1))
	done
	status insmod 0
}
