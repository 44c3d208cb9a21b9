// SPDX-License-Identifier: GPL-2.0
/*
 * srcubench-bpf: the BPF side of srcubench.
 *
 * - raw_tp/srcu_bench_sample: every sample of srcu_bench.ko's tracepoint goes
 *   to user space through a ring buffer, time-stamped, together with sb_srcu's
 *   per-CPU lock/unlock counters of the sampled CPU (read through CO-RE).
 * - fentry/fexit (or kprobe/kretprobe) on synchronize_srcu() and
 *   synchronize_srcu_expedited(), filtered on sb_srcu's address: exact count,
 *   min and max, and a latency histogram per kind, in per-CPU maps.
 *
 * No module BTF is needed: raw_tp takes the tracepoint's arguments untyped, and
 * the only CO-RE types (srcu_struct, srcu_data) are the kernel's own.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "srcubench.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by the loader before load. */
const volatile __u64 srcu_addr;		/* &sb_srcu, from /proc/kallsyms */
const volatile __u64 pcpu_offset_addr;	/* &__per_cpu_offset[0]; 0: no srcuctr */

/* Read by the loader. */
__u64 dropped_samples;
__u64 gp_unmatched;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

struct inflight {
	__u64 start_ns;
	__u32 kind;
	__u32 nested_exp;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct inflight);
} inflight SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SB_GP_NR_KINDS * SB_HIST_BUCKETS);
	__type(key, __u32);
	__type(value, __u64);
} gp_hist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SB_GP_NR_KINDS);
	__type(key, __u32);
	__type(value, struct sb_gp_stat);
} gp_stat SEC(".maps");

/*
 * sb_srcu's per-CPU reader counters under their three historical layouts.
 * libbpf matches a flavour only when the field types agree, so exactly one
 * of the bpf_core_field_exists() checks below is true on a given kernel.
 */
struct srcu_data___v61 {		/* up to 6.1: plain unsigned long */
	unsigned long srcu_lock_count[2];
	unsigned long srcu_unlock_count[2];
} __attribute__((preserve_access_index));

struct srcu_data___v62 {		/* 6.2 .. 6.14: atomic_long_t */
	atomic_long_t srcu_lock_count[2];
	atomic_long_t srcu_unlock_count[2];
} __attribute__((preserve_access_index));

struct srcu_ctr___v615 {
	atomic_long_t srcu_locks;
	atomic_long_t srcu_unlocks;
} __attribute__((preserve_access_index));

struct srcu_data___v615 {		/* 6.15 and later: srcu_ctrs[] */
	struct srcu_ctr___v615 srcu_ctrs[2];
} __attribute__((preserve_access_index));

static __always_inline void read_ctrs(struct sb_sample_event *e, __u32 cpu)
{
	struct srcu_struct *ssp = (void *)srcu_addr;
	__u64 l0 = 0, l1 = 0, u0 = 0, u1 = 0, off = 0;
	unsigned long sda;
	void *p;

	if (!pcpu_offset_addr || cpu >= SB_MAX_CPUS)
		return;
	sda = (unsigned long)BPF_CORE_READ(ssp, sda);
	if (!sda || bpf_probe_read_kernel(&off, sizeof(off),
					  (void *)(pcpu_offset_addr + cpu * 8ULL)))
		return;
	p = (void *)(sda + off);
	/*
	 * Unlocks before locks, as srcu_readers_active_idx_check() does: for
	 * readers pinned to @cpu, locks - unlocks is then never negative; it
	 * also counts the readers that ran between the two reads.  A reader
	 * that migrates (synchronize_srcu() holds a read lock inside
	 * srcu_gp_start_if_needed(), in the unpinned writer threads) moves a
	 * count from one CPU to another: only the sum over CPUs is the number
	 * of readers in flight.
	 */

	if (bpf_core_field_exists(struct srcu_data___v615, srcu_ctrs)) {
		struct srcu_data___v615 *d = p;

		bpf_core_read(&u0, sizeof(u0), &d->srcu_ctrs[0].srcu_unlocks);
		bpf_core_read(&u1, sizeof(u1), &d->srcu_ctrs[1].srcu_unlocks);
		bpf_core_read(&l0, sizeof(l0), &d->srcu_ctrs[0].srcu_locks);
		bpf_core_read(&l1, sizeof(l1), &d->srcu_ctrs[1].srcu_locks);
		e->has_ctr = 3;
	} else if (bpf_core_field_exists(struct srcu_data___v62, srcu_lock_count)) {
		struct srcu_data___v62 *d = p;

		bpf_core_read(&u0, sizeof(u0), &d->srcu_unlock_count[0]);
		bpf_core_read(&u1, sizeof(u1), &d->srcu_unlock_count[1]);
		bpf_core_read(&l0, sizeof(l0), &d->srcu_lock_count[0]);
		bpf_core_read(&l1, sizeof(l1), &d->srcu_lock_count[1]);
		e->has_ctr = 2;
	} else if (bpf_core_field_exists(struct srcu_data___v61, srcu_lock_count)) {
		struct srcu_data___v61 *d = p;

		bpf_core_read(&u0, sizeof(u0), &d->srcu_unlock_count[0]);
		bpf_core_read(&u1, sizeof(u1), &d->srcu_unlock_count[1]);
		bpf_core_read(&l0, sizeof(l0), &d->srcu_lock_count[0]);
		bpf_core_read(&l1, sizeof(l1), &d->srcu_lock_count[1]);
		e->has_ctr = 1;
	} else {
		return;
	}
	e->locks = l0 + l1;
	e->unlocks = u0 + u1;
}

SEC("raw_tp/srcu_bench_sample")
int BPF_PROG(on_sample, unsigned int run, unsigned int cpu, const char *context,
	     const char *op, __u64 ops, __u64 ns)
{
	struct sb_sample_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dropped_samples, 1);
		return 0;
	}
	e->t_ns = bpf_ktime_get_ns();
	e->run = run;
	e->cpu = cpu;
	e->ops = ops;
	e->ns = ns;
	e->locks = 0;
	e->unlocks = 0;
	e->has_ctr = 0;
	e->pad = 0;
	bpf_probe_read_kernel_str(e->context, sizeof(e->context), context);
	bpf_probe_read_kernel_str(e->op, sizeof(e->op), op);
	read_ctrs(e, cpu);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

static __always_inline __u32 msb64(__u64 v)
{
	__u32 r = 0;

	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1) r += 1;
	return r;
}

static __always_inline __u32 hist_bucket(__u64 v)
{
	__u32 k;

	if (v < SB_HIST_SUB)
		return v;
	k = msb64(v);
	return SB_HIST_SUB + (k - SB_HIST_SUB_BITS) * SB_HIST_SUB +
	       ((v >> (k - SB_HIST_SUB_BITS)) & (SB_HIST_SUB - 1));
}

static __always_inline void gp_record(__u32 kind, __u64 ns)
{
	__u32 key = kind * SB_HIST_BUCKETS + hist_bucket(ns);
	struct sb_gp_stat *st;
	__u64 *cnt;

	cnt = bpf_map_lookup_elem(&gp_hist, &key);
	if (cnt)
		*cnt += 1;
	st = bpf_map_lookup_elem(&gp_stat, &kind);
	if (!st)
		return;
	st->count++;
	st->sum_ns += ns;
	if (!st->min_ns || ns < st->min_ns)
		st->min_ns = ns ? ns : 1;
	if (ns > st->max_ns)
		st->max_ns = ns;
}

static __always_inline int gp_enter(struct srcu_struct *ssp, __u32 kind)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight *f, n = {};

	if ((__u64)ssp != srcu_addr)
		return 0;
	f = bpf_map_lookup_elem(&inflight, &tid);
	if (f) {	/* nested: synchronize_srcu() auto-expediting */
		if (kind == SB_GP_EXP && f->kind == SB_GP_SYNC)
			f->nested_exp = 1;
		return 0;
	}
	n.kind = kind;
	n.start_ns = bpf_ktime_get_ns();
	bpf_map_update_elem(&inflight, &tid, &n, BPF_NOEXIST);
	return 0;
}

static __always_inline int gp_exit(__u32 kind)
{
	__u64 now = bpf_ktime_get_ns();
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight *f;
	__u32 sub;
	__u64 ns;

	f = bpf_map_lookup_elem(&inflight, &tid);
	if (!f) {
		__sync_fetch_and_add(&gp_unmatched, 1);
		return 0;
	}
	if (f->kind != kind)	/* the nested expedited call returning */
		return 0;
	ns = now - f->start_ns;
	sub = f->nested_exp ? SB_GP_SYNC_AUTOEXP : SB_GP_SYNC_NORMAL;
	bpf_map_delete_elem(&inflight, &tid);
	gp_record(kind, ns);
	if (kind == SB_GP_SYNC)
		gp_record(sub, ns);
	return 0;
}

SEC("fentry/synchronize_srcu")
int BPF_PROG(fentry_sync, struct srcu_struct *ssp)
{
	return gp_enter(ssp, SB_GP_SYNC);
}

SEC("fexit/synchronize_srcu")
int BPF_PROG(fexit_sync, struct srcu_struct *ssp)
{
	if ((__u64)ssp != srcu_addr)
		return 0;
	return gp_exit(SB_GP_SYNC);
}

SEC("fentry/synchronize_srcu_expedited")
int BPF_PROG(fentry_exp, struct srcu_struct *ssp)
{
	return gp_enter(ssp, SB_GP_EXP);
}

SEC("fexit/synchronize_srcu_expedited")
int BPF_PROG(fexit_exp, struct srcu_struct *ssp)
{
	if ((__u64)ssp != srcu_addr)
		return 0;
	return gp_exit(SB_GP_EXP);
}

/* Fallback where the kernel has no BPF trampolines. */
SEC("kprobe/synchronize_srcu")
int BPF_KPROBE(kprobe_sync, struct srcu_struct *ssp)
{
	return gp_enter(ssp, SB_GP_SYNC);
}

SEC("kretprobe/synchronize_srcu")
int BPF_KRETPROBE(kretprobe_sync)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	/* only threads that entered with sb_srcu have an inflight entry */
	if (!bpf_map_lookup_elem(&inflight, &tid))
		return 0;
	return gp_exit(SB_GP_SYNC);
}

SEC("kprobe/synchronize_srcu_expedited")
int BPF_KPROBE(kprobe_exp, struct srcu_struct *ssp)
{
	return gp_enter(ssp, SB_GP_EXP);
}

SEC("kretprobe/synchronize_srcu_expedited")
int BPF_KRETPROBE(kretprobe_exp)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	if (!bpf_map_lookup_elem(&inflight, &tid))
		return 0;
	return gp_exit(SB_GP_EXP);
}
