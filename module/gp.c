// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: grace-period writers.  One writer kthread times back-to-back
 * synchronize_srcu() or synchronize_srcu_expedited() calls on the shared
 * srcu_struct, with the readers running (loaded) or not (idle).
 *
 * Tree SRCU's synchronize_srcu() expedites by itself when SRCU looks idle
 * (srcu_might_be_idle(): no callbacks queued here, no grace period in
 * flight, and more than srcutree.exp_holdoff ns since the last one ended).
 * This writer is the only updater of sb_srcu, so just before each
 * synchronize_srcu() it evaluates the same holdoff rule and files the grace
 * period as sync-autoexp or sync-normal.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sched/task.h>
#include <linux/sort.h>
#include <linux/timekeeping.h>

#include "compat.h"
#include "srcu_bench.h"

struct sb_gp_phase {
	enum sb_gp_kind kind;
	bool loaded;
	unsigned int gap_us;
	unsigned int max;
	unsigned int n;			/* samples kept */
	unsigned long dropped;		/* samples beyond max */
	u64 *ns;			/* latencies, ns */
	bool *autoexp;			/* predicted auto-expedited (sync) */
	unsigned long holdoff_ns;
	struct task_struct *thread;
};

const char *sb_gp_classify_method(void)
{
#ifdef SB_HAVE_GP_CLASSIFY
	return "holdoff-predict";
#else
	return "none";
#endif
}

static unsigned long sb_read_holdoff(void)
{
#ifdef SB_HAVE_GP_CLASSIFY
	char buf[32];
	struct file *f;
	loff_t pos = 0;
	unsigned long v;
	ssize_t n;

	f = filp_open("/sys/module/srcutree/parameters/exp_holdoff", O_RDONLY, 0);
	if (IS_ERR(f))
		return ULONG_MAX;
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	if (n <= 0)
		return ULONG_MAX;
	buf[n] = '\0';
	if (kstrtoul(strim(buf), 0, &v))
		return ULONG_MAX;
	return v;
#else
	return ULONG_MAX;
#endif
}

/* Would srcu_might_be_idle() find sb_srcu idle right now? */
static bool sb_predict_autoexp(unsigned long holdoff_ns)
{
#ifdef SB_HAVE_GP_CLASSIFY
	unsigned long t = ktime_get_mono_fast_ns();
	unsigned long tlast = sb_srcu_last_gp_end(&sb_srcu);

	if (holdoff_ns == 0 || holdoff_ns == ULONG_MAX)
		return false;
	return !time_in_range_open(t, tlast, tlast + holdoff_ns);
#else
	return false;
#endif
}

static int sb_gp_fn(void *arg)
{
	struct sb_gp_phase *gp = arg;

	while (!kthread_should_stop()) {
		bool autoexp = false;
		u64 t0, ns;

		if (gp->kind == SB_GP_SYNC)
			autoexp = sb_predict_autoexp(gp->holdoff_ns);
		t0 = ktime_get_ns();
		if (gp->kind == SB_GP_SYNC)
			synchronize_srcu(&sb_srcu);
		else
			synchronize_srcu_expedited(&sb_srcu);
		ns = ktime_get_ns() - t0;
		if (gp->n < gp->max) {
			gp->ns[gp->n] = ns;
			gp->autoexp[gp->n] = autoexp;
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
	gp->autoexp = kvmalloc_array(gp->max, sizeof(*gp->autoexp), GFP_KERNEL);
	gp->holdoff_ns = sb_read_holdoff();
	if (!gp->ns || !gp->autoexp) {
		sb_gp_phase_destroy(gp);
		return NULL;
	}
	return gp;
}

int sb_gp_phase_start(struct sb_gp_phase *gp)
{
	gp->thread = kthread_run(sb_gp_fn, gp, "sb_gp_%s", sb_gp_names[gp->kind]);
	if (IS_ERR(gp->thread)) {
		int ret = PTR_ERR(gp->thread);

		gp->thread = NULL;
		return ret;
	}
	get_task_struct(gp->thread);
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
}

void sb_gp_phase_emit(struct sb_gp_phase *gp, unsigned int run)
{
	const char *load = gp->loaded ? "loaded" : "idle";
	unsigned int i, na = 0, nn = 0;
	u64 *split;

	if (gp->dropped)
		pr_info("run %u %s %s: kept %u grace periods, %lu more not kept (gp_max_samples)\n",
			run, sb_gp_names[gp->kind], load, gp->n, gp->dropped);
#ifdef SB_HAVE_GP_CLASSIFY
	if (gp->kind == SB_GP_SYNC) {
		split = kvmalloc_array(max(gp->n, 1U), sizeof(*split), GFP_KERNEL);
		if (split) {
			/* Auto-expedited ones from the front, normal from the back. */
			for (i = 0; i < gp->n; i++) {
				if (gp->autoexp[i])
					split[na++] = gp->ns[i];
				else
					split[gp->n - ++nn] = gp->ns[i];
			}
			sb_gp_emit_one(run, "sync-autoexp", load, split, na);
			sb_gp_emit_one(run, "sync-normal", load, split + na, nn);
			kvfree(split);
		}
	}
#endif
	sb_gp_emit_one(run, sb_gp_names[gp->kind], load, gp->ns, gp->n);
}

void sb_gp_phase_destroy(struct sb_gp_phase *gp)
{
	if (!gp)
		return;
	sb_gp_phase_stop(gp);
	kvfree(gp->autoexp);
	kvfree(gp->ns);
	kfree(gp);
}
