// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: grace-period writers.  One writer kthread times back-to-back
 * synchronize_srcu() or synchronize_srcu_expedited() calls on the shared
 * srcu_struct, with the readers running (loaded) or not (idle).
 *
 * Every grace period is classified by the kernel's own sequence test.
 * Tree SRCU's synchronize_srcu() expedites by itself when SRCU looks idle
 * (srcu_might_be_idle()) or with rcupdate.rcu_expedited, and
 * synchronize_srcu_expedited() runs a normal grace period when
 * rcu_gp_is_normal() (rcupdate.rcu_normal, or rcu_normal_after_boot as on
 * PREEMPT_RT).  Either way the request that srcu_gp_start_if_needed() files
 * for grace period s = rcu_seq_snap(&srcu_gp_seq) is expedited iff it raises
 * srcu_gp_seq_needed_exp to s: that is what makes srcu_get_delay() and
 * srcu_gp_end() treat grace period s as expedited.  This writer is the only
 * updater of sb_srcu, so the grace period it waits for is the snapshot taken
 * just before the call, and it was expedited iff some CPU's srcu_data has
 * srcu_gp_seq_needed_exp >= s afterwards (the srcu_struct's own copy is no
 * use after the fact: srcu_gp_end() drags it to the sequence just ended).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sched/task.h>
#include <linux/sort.h>
#include <linux/timekeeping.h>

#include "compat.h"
#include "srcu_bench.h"

enum sb_gp_cls { SB_CLS_NORMAL, SB_CLS_EXPEDITED, SB_CLS_UNKNOWN, SB_NR_CLS };

/* Subset kind names per writer kind and class (docs/results-format.md). */
static const char * const sb_cls_names[SB_NR_GP][SB_NR_CLS] = {
	[SB_GP_SYNC] = { "sync-normal", "sync-autoexp", "sync-unknown" },
	[SB_GP_EXP] = { "exp-normal", "exp-expedited", "exp-unknown" },
};

struct sb_gp_phase {
	enum sb_gp_kind kind;
	bool loaded;
	unsigned int gap_us;
	unsigned int max;
	unsigned int n;			/* samples kept */
	unsigned long dropped;		/* samples beyond max */
	u64 *ns;			/* latencies, ns */
	u8 *cls;			/* enum sb_gp_cls of each */
	unsigned long wrap_check;	/* srcutree.counter_wrap_check */
	unsigned long holdoff_ns;	/* srcutree.exp_holdoff */
	unsigned int mispredicted;	/* sync: holdoff rule != sequence test */
	const struct cpumask *housekeeping;	/* writer's CPUs, or NULL */
	struct task_struct *thread;
};

/* The writers' own meta records. */
void sb_gp_emit_meta(void)
{
#ifdef SB_HAVE_GP_CLASSIFY
	sb_out("meta gp_classify seq-needed-exp\n");
#else
	sb_out("meta gp_classify none\n");
#endif
}

static unsigned long sb_read_param_ul(const char *path, unsigned long dflt)
{
	char buf[32];
	struct file *f;
	loff_t pos = 0;
	unsigned long v;
	ssize_t n;

	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		return dflt;
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	if (n <= 0)
		return dflt;
	buf[n] = '\0';
	if (kstrtoul(strim(buf), 0, &v))
		return dflt;
	return v;
}

#ifdef SB_HAVE_GP_CLASSIFY
/* rcu_seq_snap() of Tree SRCU's sequence: the grace period a request now gets. */
static unsigned long sb_gp_snap(void)
{
	smp_mb(); /* As rcu_seq_snap(): the read follows earlier accesses. */
	return (sb_srcu_gp_seq(&sb_srcu) + 7) & ~3UL;
}

static bool sb_holdoff_elapsed(unsigned long holdoff_ns)
{
	unsigned long t = ktime_get_mono_fast_ns();
	unsigned long tlast = sb_srcu_last_gp_end(&sb_srcu);

	return holdoff_ns && !time_in_range_open(t, tlast, tlast + holdoff_ns);
}

static enum sb_gp_cls sb_gp_classify(unsigned long s, unsigned long wrap_check)
{
	unsigned int cpu;

	/* srcu_gp_end() resets lagging srcu_data copies when this is 0. */
	if (!(s & wrap_check))
		return SB_CLS_UNKNOWN;
	for_each_possible_cpu(cpu)
		if (ULONG_CMP_GE(sb_srcu_needed_exp(&sb_srcu, cpu), s))
			return SB_CLS_EXPEDITED;
	return SB_CLS_NORMAL;
}
#endif

static int sb_gp_fn(void *arg)
{
	struct sb_gp_phase *gp = arg;

	while (!kthread_should_stop()) {
		enum sb_gp_cls cls = SB_CLS_UNKNOWN;
		bool predicted = false;
		unsigned long s = 0;
		u64 t0, ns;

#ifdef SB_HAVE_GP_CLASSIFY
		/*
		 * The former classifier, kept to say how often it was wrong:
		 * srcu_might_be_idle()'s holdoff rule evaluated before the call.
		 */
		if (gp->kind == SB_GP_SYNC)
			predicted = sb_holdoff_elapsed(gp->holdoff_ns);
		s = sb_gp_snap();
#endif
		t0 = ktime_get_ns();
		if (gp->kind == SB_GP_SYNC)
			synchronize_srcu(&sb_srcu);
		else
			synchronize_srcu_expedited(&sb_srcu);
		ns = ktime_get_ns() - t0;
#ifdef SB_HAVE_GP_CLASSIFY
		cls = sb_gp_classify(s, gp->wrap_check);
		if (gp->kind == SB_GP_SYNC && cls != SB_CLS_UNKNOWN &&
		    predicted != (cls == SB_CLS_EXPEDITED))
			gp->mispredicted++;
#endif
		if (gp->n < gp->max) {
			gp->ns[gp->n] = ns;
			gp->cls[gp->n] = cls;
			gp->n++;
		} else {
			gp->dropped++;
		}
		if (gp->gap_us)
			usleep_range(gp->gap_us, gp->gap_us + gp->gap_us / 8 + 1);
		cond_resched();
	}
	return 0;
}

struct sb_gp_phase *sb_gp_phase_create(const struct sb_config *cfg,
				       enum sb_gp_kind kind, bool loaded)
{
	struct sb_gp_phase *gp = kzalloc(sizeof(*gp), GFP_KERNEL);

	if (!gp)
		return NULL;
	gp->kind = kind;
	gp->loaded = loaded;
	gp->gap_us = cfg->gp_gap_us;
	gp->max = cfg->gp_max_samples;
	gp->ns = kvmalloc_array(gp->max, sizeof(*gp->ns), GFP_KERNEL);
	gp->cls = kvmalloc_array(gp->max, sizeof(*gp->cls), GFP_KERNEL);
	gp->wrap_check = sb_read_param_ul("/sys/module/srcutree/parameters/counter_wrap_check",
					  ULONG_MAX >> 2);
	gp->holdoff_ns = sb_read_param_ul("/sys/module/srcutree/parameters/exp_holdoff",
					  0);
	if (!cpumask_empty(cfg->housekeeping))
		gp->housekeeping = cfg->housekeeping;
	if (!gp->ns || !gp->cls) {
		sb_gp_phase_destroy(gp);
		return NULL;
	}
	return gp;
}

int sb_gp_phase_start(struct sb_gp_phase *gp)
{
	gp->thread = kthread_create(sb_gp_fn, gp, "sb_gp_%s", sb_gp_names[gp->kind]);
	if (IS_ERR(gp->thread)) {
		int ret = PTR_ERR(gp->thread);

		gp->thread = NULL;
		return ret;
	}
	get_task_struct(gp->thread);
	/* housekeeping=: the writer runs there, away from the readers. */
	if (gp->housekeeping)
		set_cpus_allowed_ptr(gp->thread, gp->housekeeping);
	wake_up_process(gp->thread);
	return 0;
}

/* Waits for the grace period in flight, if any. */
void sb_gp_phase_stop(struct sb_gp_phase *gp)
{
	if (!gp->thread)
		return;
	kthread_stop(gp->thread);
	put_task_struct(gp->thread);
	gp->thread = NULL;
}

static u64 sb_rank(const u64 *v, unsigned int n, unsigned int per100k)
{
	u64 r = DIV_ROUND_UP_ULL((u64)n * per100k, 100000);

	return v[clamp_t(u64, r, 1, n) - 1];
}

/*
 * Log-bucketed latency histogram of sorted @v: values below 32 ns exactly,
 * above that 32 buckets per power of two (each under 3.2% wide), one gphist
 * record [lo_ns, hi_ns) per non-empty bucket.
 */
#define SB_GPH_SUB_BITS	5

static void sb_gp_emit_hist(unsigned int run, const char *kind,
			    const char *load, const u64 *v, unsigned int n)
{
	unsigned int i = 0;

	while (i < n) {
		unsigned int shift = 0, cnt = 0;
		u64 lo, hi;

		if (fls64(v[i]) > SB_GPH_SUB_BITS + 1)
			shift = fls64(v[i]) - SB_GPH_SUB_BITS - 1;
		lo = (v[i] >> shift) << shift;
		hi = lo + BIT_ULL(shift);
		while (i < n && v[i] < hi) {
			cnt++;
			i++;
		}
		sb_out("gphist %u %s %s %llu %llu %u\n", run, kind, load, lo, hi,
		       cnt);
	}
}

static void sb_gp_emit_one(unsigned int run, const char *kind,
			   const char *load, u64 *v, unsigned int n)
{
	u64 sum = 0;
	unsigned int i;

	if (!n) {
		sb_out("gp %u %s %s 0 - - - - - - -\n", run, kind, load);
		return;
	}
	sort(v, n, sizeof(*v), sb_u64_cmp, NULL);
	for (i = 0; i < n; i++)
		sum += v[i];
	sb_out("gp %u %s %s %u %llu %llu %llu %llu %llu %llu %llu\n",
	       run, kind, load, n, v[0], sb_rank(v, n, 50000),
	       sb_rank(v, n, 90000), sb_rank(v, n, 99000),
	       sb_rank(v, n, 99900), v[n - 1], div_u64(sum, n));
	sb_gp_emit_hist(run, kind, load, v, n);
}

#ifdef SB_HAVE_GP_CLASSIFY
/* One gp record (and its gphist) per class: the subsets of the writer's kind. */
static void sb_gp_emit_classes(struct sb_gp_phase *gp, unsigned int run,
			       const char *load)
{
	unsigned int i, c, k;
	u64 *split;

	split = kvmalloc_array(max(gp->n, 1U), sizeof(*split), GFP_KERNEL);
	if (!split)
		return;
	for (c = 0; c < SB_NR_CLS; c++) {
		for (i = 0, k = 0; i < gp->n; i++)
			if (gp->cls[i] == c)
				split[k++] = gp->ns[i];
		/* The unknown class only when the wrap check hit it. */
		if (c != SB_CLS_UNKNOWN || k)
			sb_gp_emit_one(run, sb_cls_names[gp->kind][c], load, split, k);
		if (c == SB_CLS_UNKNOWN && k)
			pr_warn("run %u %s %s: %u grace periods unclassified (srcutree.counter_wrap_check)\n",
				run, sb_gp_names[gp->kind], load, k);
	}
	kvfree(split);
}
#endif

void sb_gp_phase_emit(struct sb_gp_phase *gp, unsigned int run)
{
	const char *load = gp->loaded ? "loaded" : "idle";

	if (gp->dropped)
		pr_info("run %u %s %s: kept %u grace periods, %lu more not kept (gp_max_samples)\n",
			run, sb_gp_names[gp->kind], load, gp->n, gp->dropped);
#ifdef SB_HAVE_GP_CLASSIFY
	sb_gp_emit_classes(gp, run, load);
	if (gp->kind == SB_GP_SYNC)
		pr_info("run %u sync %s: the exp_holdoff prediction disagreed with the sequence test for %u of %u grace periods\n",
			run, load, gp->mispredicted, gp->n);
#endif
	sb_gp_emit_one(run, sb_gp_names[gp->kind], load, gp->ns, gp->n);
}

void sb_gp_phase_destroy(struct sb_gp_phase *gp)
{
	if (!gp)
		return;
	sb_gp_phase_stop(gp);
	kvfree(gp->cls);
	kvfree(gp->ns);
	kfree(gp);
}
