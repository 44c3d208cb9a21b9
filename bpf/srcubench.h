/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srcubench-bpf: structures shared by srcubench.bpf.c and the loader.
 */
#ifndef SRCUBENCH_BPF_H
#define SRCUBENCH_BPF_H

#define SB_NAME_LEN	24	/* context and op names (module: <= 20 chars) */
#define SB_MAX_CPUS	1024	/* __per_cpu_offset lookups are bounded by this */

/*
 * Grace-period kinds. sync-autoexp/sync-normal split SB_GP_SYNC by whether a
 * nested synchronize_srcu_expedited() call was seen inside it (srcutree's
 * synchronize_srcu() calls it when SRCU looks idle); when the compiler inlined
 * that call nothing nests and every sync call counts as sync-normal.
 */
enum sb_gp_kind {
	SB_GP_SYNC,
	SB_GP_EXP,
	SB_GP_SYNC_AUTOEXP,
	SB_GP_SYNC_NORMAL,
	SB_GP_NR_KINDS,
};

/*
 * Latency histogram: values below 2^SB_HIST_SUB_BITS ns get a bucket each;
 * above, every power of two is split in 2^SB_HIST_SUB_BITS linear buckets,
 * so a bucket is at most 1/64 (1.6%) of its lower bound wide.
 */
#define SB_HIST_SUB_BITS	6
#define SB_HIST_SUB		(1 << SB_HIST_SUB_BITS)
#define SB_HIST_BUCKETS		(SB_HIST_SUB + (64 - SB_HIST_SUB_BITS) * SB_HIST_SUB)

struct sb_gp_stat {		/* per CPU and kind; the loader sums CPUs */
	unsigned long long count;
	unsigned long long sum_ns;
	unsigned long long min_ns;	/* 0: none yet */
	unsigned long long max_ns;
};

/* One srcu_bench_sample tracepoint event, through the ring buffer. */
struct sb_sample_event {
	unsigned long long t_ns;	/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	unsigned long long ops;
	unsigned long long ns;
	unsigned int run;
	unsigned int cpu;
	char context[SB_NAME_LEN];
	char op[SB_NAME_LEN];
	/* sb_srcu's per-CPU reader counters of @cpu at t_ns, both indexes */
	unsigned long long locks;
	unsigned long long unlocks;
	unsigned int has_ctr;	/* 0: counters not readable on this kernel */
	unsigned int pad;
};

#endif /* SRCUBENCH_BPF_H */
