// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: the use-after-grace-period checker, and the cover letter's
 * bug and fixes measured on the same readers and writers.
 *
 * A writer publishes generation-stamped objects one after the other: it
 * replaces the current object, waits for a grace period of the flavour under
 * test, and marks the old object retired.  A reader, inside its read
 * section, takes the current object, holds the section for hold_ns, and
 * checks whether its object was retired before it unlocks: each case is one
 * grace period that ended under a live reader (premature).  Nothing is freed
 * early: an object is recycled only after a real RCU grace period
 * (poll_state_synchronize_rcu()), and every reader runs with preemption or
 * interrupts disabled, so the module never touches freed memory whatever
 * the flavour's grace period does.
 *
 * The reader is an op run by the phase engine in process, softirq and
 * hardirq context at once (readers.c).  Each row of sb_chk_rows[] is one
 * reader flavour with the writers it is measured with; each (row, writer)
 * is one phase.  Every row first gets a phase without a writer and with
 * hold_ns 0: its reader cost per context, and the latency-probe baseline.
 *
 * Disturbance, per reader CPU and phase: the expedited-RCU IPIs taken (a
 * kprobe on rcu_exp_handler, the function synchronize_rcu_expedited() has
 * every CPU run), on x86 also the function-call interrupts (the CAL line of
 * /proc/interrupts), and the lateness of a pinned hard hrtimer firing every
 * probe_us (cyclictest's wakeup latency, at 1 us resolution).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/hardirq.h>
#include <linux/hrtimer.h>
#include <linux/irqflags.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched/clock.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/srcu.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "checker.h"
#include "compat.h"
#include "model.h"
#include "srcu_bench.h"

static unsigned int check_ms;
module_param(check_ms, uint, 0644);
MODULE_PARM_DESC(check_ms, "Checker and cover-letter phases: ms per phase (0 = none, default; 1..600000)");

static unsigned int check_hold_ns = 2000;
module_param(check_hold_ns, uint, 0644);
MODULE_PARM_DESC(check_hold_ns, "Checker: ns each reader holds its section (0..min(irq_max_us*1000, 1000000), default 2000)");

static unsigned int check_wait_ms = 200;
module_param(check_wait_ms, uint, 0644);
MODULE_PARM_DESC(check_wait_ms, "Model SRCU: bound on each drain wait, ms; one that times out is counted stalled (1..10000, default 200)");

static unsigned int probe_us = 1000;
module_param(probe_us, uint, 0644);
MODULE_PARM_DESC(probe_us, "Latency probe: period of the pinned hard hrtimer on each reader CPU, us (50..1000000, default 1000)");

static char *check_rows = "all";
module_param(check_rows, charp, 0644);
MODULE_PARM_DESC(check_rows, "Checker rows: all, or a comma list of bug,fix1,fix2,fix3,srcu_fast,model_fix,broken");

static char *check_bug_inc = "racy_inc";
module_param(check_bug_inc, charp, 0644);
MODULE_PARM_DESC(check_bug_inc, "Model increment of the bug and fix1 rows: __this_cpu_inc, racy_inc (default; plain TCG never splits a short RMW) or another model.c entry");

enum sb_chk_reader {
	SB_RD_MODEL,		/* model SRCU, the row's increment */
	SB_RD_MODEL_IRQOFF,	/* fix 1: irqs off around process, softirq */
	SB_RD_SCHED,		/* fix 2: rcu_read_lock_sched() */
	SB_RD_SRCU,		/* fix 3: srcu_read_lock() */
	SB_RD_SRCU_FAST,	/* srcu_read_lock_fast() */
};

enum sb_chk_writer {
	SB_WR_NONE,
	SB_WR_MODEL,		/* the model's grace period */
	SB_WR_BROKEN,		/* a grace period that returns at once */
	SB_WR_SYNC,		/* the flavour's normal grace period */
	SB_WR_EXP,		/* the flavour's expedited grace period */
	SB_NR_WR
};

static const char * const sb_wr_names[SB_NR_WR] = {
	[SB_WR_NONE] = "none", [SB_WR_MODEL] = "model",
	[SB_WR_BROKEN] = "broken", [SB_WR_SYNC] = "sync", [SB_WR_EXP] = "exp",
};

struct sb_chk_row {
	const char *name;
	enum sb_chk_reader reader;
	const char *inc;	/* model increment; NULL: check_bug_inc */
	unsigned int writers;	/* BIT(enum sb_chk_writer), none implied */
	const char *unavailable;
};

#ifdef SB_HAVE_SRCU_FAST
#define SB_CHK_FAST_WHY		NULL
#else
#define SB_CHK_FAST_WHY		"kernel-lacks-srcu_read_lock_fast(v6.15+)"
#endif

static const struct sb_chk_row sb_chk_rows[] = {
	{ .name = "bug", .reader = SB_RD_MODEL, .writers = BIT(SB_WR_MODEL) },
	{ .name = "fix1", .reader = SB_RD_MODEL_IRQOFF,
	  .writers = BIT(SB_WR_MODEL) },
	{ .name = "fix2", .reader = SB_RD_SCHED,
	  .writers = BIT(SB_WR_SYNC) | BIT(SB_WR_EXP) },
	{ .name = "fix3", .reader = SB_RD_SRCU,
	  .writers = BIT(SB_WR_SYNC) | BIT(SB_WR_EXP) },
	{ .name = "srcu_fast", .reader = SB_RD_SRCU_FAST,
	  .writers = BIT(SB_WR_SYNC) | BIT(SB_WR_EXP),
	  .unavailable = SB_CHK_FAST_WHY },
	{ .name = "model_fix", .reader = SB_RD_MODEL, .inc = "this_cpu_inc",
	  .writers = BIT(SB_WR_MODEL) },
	{ .name = "broken", .reader = SB_RD_MODEL, .inc = "this_cpu_inc",
	  .writers = BIT(SB_WR_BROKEN) },
};

static_assert(ARRAY_SIZE(sb_chk_rows) <= 32);

struct sb_chk_obj {
	unsigned long gen;
	int retired;
	unsigned long cookie;	/* get_state_synchronize_rcu() at retirement */
};

/* Per CPU, written by that CPU's readers: one slot per context. */
struct sb_chk_cpu {
	unsigned long sections[SB_MAX_CTX];
	unsigned long premature[SB_MAX_CTX];
	unsigned long exp_ipis;		/* rcu_exp_handler() runs */
};

#define SB_PROBE_BUCKETS	4096	/* 1 us each; the last one: beyond */

struct sb_probe {
	struct hrtimer timer;
	unsigned int cpu;
	bool started;
	unsigned long n;
	u64 max_ns;
	u32 *hist;
};

static DEFINE_PER_CPU(struct sb_chk_cpu, sb_chk_pcpu);
static struct sb_probe *sb_probes;
static u32 *sb_probe_hists;
static u64 sb_probe_period_ns;
static bool sb_probe_stop;

static struct sb_model sb_chk_model;
static bool sb_chk_model_ready;
DEFINE_STATIC_SRCU(sb_chk_srcu);
#ifdef SB_HAVE_SRCU_FAST
#ifdef SB_HAVE_DEFINE_SRCU_FAST
DEFINE_STATIC_SRCU_FAST(sb_chk_srcu_fast);
#else
DEFINE_STATIC_SRCU(sb_chk_srcu_fast);
#endif
#endif

/* The phase in progress. */
static const struct sb_chk_row *sb_chk_row;
static unsigned int sb_chk_hold;
static struct sb_chk_obj *sb_chk_cur;

/* The expedited-RCU IPI counter (per CPU, in the IPI handler). */
static int sb_kp_pre(struct kprobe *p, struct pt_regs *regs)
{
	this_cpu_inc(sb_chk_pcpu.exp_ipis);
	return 0;
}

static struct kprobe sb_kp = {
	.symbol_name = "rcu_exp_handler",
	.pre_handler = sb_kp_pre,
};

static bool sb_kp_registered;

static unsigned long sb_cal_count(unsigned int cpu)
{
#ifdef CONFIG_X86
	return sb_x86_call_ipis(cpu);
#else
	return 0;
#endif
}

/* Inside a section: take the object, hold, check it was not retired. */
static __always_inline void sb_chk_inside(unsigned int ctx)
{
	/* Pairs with the writer's release: the object is initialised. */
	struct sb_chk_obj *obj = smp_load_acquire(&sb_chk_cur);
	unsigned int hold = READ_ONCE(sb_chk_hold);

	if (hold) {
		u64 t0 = local_clock();

		while (local_clock() - t0 < hold)
			cpu_relax();
	}
	if (READ_ONCE(obj->retired))
		this_cpu_inc(sb_chk_pcpu.premature[ctx]);
	this_cpu_inc(sb_chk_pcpu.sections[ctx]);
}

static noinline void sb_chk_loop(unsigned long n)
{
	const struct sb_chk_row *row = READ_ONCE(sb_chk_row);
	unsigned int ctx = sb_ctx_now();
	bool hard = in_hardirq();
	unsigned long i, flags;
	int idx;

	for (i = 0; i < n; i++) {
		switch (row->reader) {
		case SB_RD_MODEL:
			idx = sb_model_read_lock(&sb_chk_model);
			sb_chk_inside(ctx);
			sb_model_read_unlock(&sb_chk_model, idx);
			break;
		case SB_RD_MODEL_IRQOFF:
			/* Fix 1: only a hardirq reader needs no irqs-off. */
			if (!hard)
				local_irq_save(flags);
			idx = sb_model_read_lock(&sb_chk_model);
			sb_chk_inside(ctx);
			sb_model_read_unlock(&sb_chk_model, idx);
			if (!hard)
				local_irq_restore(flags);
			break;
		case SB_RD_SCHED:
			rcu_read_lock_sched();
			sb_chk_inside(ctx);
			rcu_read_unlock_sched();
			break;
		case SB_RD_SRCU:
			idx = srcu_read_lock(&sb_chk_srcu);
			sb_chk_inside(ctx);
			srcu_read_unlock(&sb_chk_srcu, idx);
			break;
		case SB_RD_SRCU_FAST:
#ifdef SB_HAVE_SRCU_FAST
			{
				struct srcu_ctr __percpu *scp;

				scp = srcu_read_lock_fast(&sb_chk_srcu_fast);
				sb_chk_inside(ctx);
				srcu_read_unlock_fast(&sb_chk_srcu_fast, scp);
			}
#endif
			break;
		}
		barrier();
	}
}

static const struct sb_op sb_chk_op = {
	.name = "check",
	.loop = sb_chk_loop,
	.counts = false,
	.nmi_safe = false,
};

/* One grace period of the row's flavour; false: it did not complete. */
static bool sb_chk_gp(const struct sb_chk_row *row, enum sb_chk_writer w)
{
	if (w == SB_WR_MODEL)
		return sb_model_synchronize(&sb_chk_model);
	if (w == SB_WR_BROKEN)
		return true;
	switch (row->reader) {
	case SB_RD_SCHED:
		if (w == SB_WR_EXP)
			synchronize_rcu_expedited();
		else
			synchronize_rcu();
		break;
	case SB_RD_SRCU:
		if (w == SB_WR_EXP)
			synchronize_srcu_expedited(&sb_chk_srcu);
		else
			synchronize_srcu(&sb_chk_srcu);
		break;
	case SB_RD_SRCU_FAST:
#ifdef SB_HAVE_SRCU_FAST
		if (w == SB_WR_EXP)
			synchronize_srcu_expedited(&sb_chk_srcu_fast);
		else
			synchronize_srcu(&sb_chk_srcu_fast);
#endif
		break;
	default:
		break;
	}
	return true;
}

/*
 * The object pool: retired objects wait in a ring for a real RCU grace
 * period from their retirement before they are reused.
 */
#define SB_POOL		16384

struct sb_chk_writer_state {
	const struct sb_chk_row *row;
	enum sb_chk_writer w;
	struct task_struct *thread;
	struct sb_chk_obj *ring[SB_POOL];
	unsigned int head, tail, count;	/* ring: retired, oldest at tail */
	unsigned long gen;
	unsigned long gps;		/* grace periods that completed */
	unsigned long failed;		/* that did not (model: stalled) */
	unsigned int max, n;
	u64 *ns;
};

static struct sb_chk_obj *sb_chk_get(struct sb_chk_writer_state *ws)
{
	struct sb_chk_obj *obj;

	if (ws->count && (ws->count == SB_POOL ||
			  poll_state_synchronize_rcu(ws->ring[ws->tail]->cookie))) {
		obj = ws->ring[ws->tail];
		cond_synchronize_rcu(obj->cookie);
		ws->tail = (ws->tail + 1) % SB_POOL;
		ws->count--;
	} else {
		obj = kmalloc(sizeof(*obj), GFP_KERNEL);
		if (!obj)
			return NULL;
	}
	obj->gen = ++ws->gen;
	obj->retired = 0;
	return obj;
}

static void sb_chk_put(struct sb_chk_writer_state *ws, struct sb_chk_obj *obj)
{
	obj->cookie = get_state_synchronize_rcu();
	ws->ring[ws->head] = obj;
	ws->head = (ws->head + 1) % SB_POOL;
	ws->count++;
}

static int sb_chk_writer_fn(void *arg)
{
	struct sb_chk_writer_state *ws = arg;

	while (!kthread_should_stop()) {
		struct sb_chk_obj *old = sb_chk_cur, *obj = sb_chk_get(ws);
		bool done;
		u64 t0;

		if (!obj) {
			schedule_timeout_interruptible(1);
			continue;
		}
		/* Publish: readers see gen and retired = 0 first. */
		smp_store_release(&sb_chk_cur, obj);
		t0 = ktime_get_ns();
		done = sb_chk_gp(ws->row, ws->w);
		if (done) {
			if (ws->n < ws->max)
				ws->ns[ws->n++] = ktime_get_ns() - t0;
			ws->gps++;
			/* Every reader that can have old ended: retire it. */
			WRITE_ONCE(old->retired, 1);
		} else {
			ws->failed++;
		}
		sb_chk_put(ws, old);
		/*
		 * A grace period that returns at once would fill the pool in
		 * a burst and then wait for a real one: paced, its
		 * retirements are continuous, as a fast wrong GP's would be.
		 */
		if (ws->w == SB_WR_BROKEN)
			udelay(20);	/* a sleep is ms long under TCG */
		cond_resched();
	}
	return 0;
}

static void sb_chk_pool_free(struct sb_chk_writer_state *ws)
{
	synchronize_rcu();	/* Every reader has ended: free them all. */
	while (ws->count) {
		kfree(ws->ring[ws->tail]);
		ws->tail = (ws->tail + 1) % SB_POOL;
		ws->count--;
	}
}

/* The latency probe: a pinned hard hrtimer per reader CPU. */
static enum hrtimer_restart sb_probe_fn(struct hrtimer *timer)
{
	struct sb_probe *p = container_of(timer, struct sb_probe, timer);
	ktime_t now = ktime_get();
	s64 late = ktime_to_ns(ktime_sub(now, hrtimer_get_expires(timer)));
	u64 us;

	if (READ_ONCE(sb_probe_stop) || smp_processor_id() != p->cpu)
		return HRTIMER_NORESTART;
	if (late < 0)
		late = 0;
	us = div_u64(late, NSEC_PER_USEC);
	p->hist[min_t(u64, us, SB_PROBE_BUCKETS - 1)]++;
	p->n++;
	p->max_ns = max_t(u64, p->max_ns, late);
	hrtimer_forward(timer, now, ns_to_ktime(sb_probe_period_ns));
	return HRTIMER_RESTART;
}

static void sb_probe_start_one(void *arg)
{
	struct sb_probe *p = arg;

	hrtimer_start(&p->timer, ns_to_ktime(sb_probe_period_ns),
		      HRTIMER_MODE_REL_PINNED_HARD);
	p->started = true;
}

static void sb_probes_start(const struct sb_config *cfg)
{
	unsigned int cpu;

	WRITE_ONCE(sb_probe_stop, false);
	cpus_read_lock();
	for_each_cpu(cpu, cfg->cpus) {
		struct sb_probe *p = &sb_probes[cpu];

		p->n = 0;
		p->max_ns = 0;
		p->started = false;
		memset(p->hist, 0, SB_PROBE_BUCKETS * sizeof(*p->hist));
		if (cpu_online(cpu))
			smp_call_function_single(cpu, sb_probe_start_one, p, 1);
	}
	cpus_read_unlock();
}

static void sb_probes_stop(const struct sb_config *cfg)
{
	unsigned int cpu;

	WRITE_ONCE(sb_probe_stop, true);
	for_each_cpu(cpu, cfg->cpus)
		if (sb_probes[cpu].started)
			hrtimer_cancel(&sb_probes[cpu].timer);
}

/* The @permille rank of probe @p's lateness, ns (bucket upper bound). */
static u64 sb_probe_rank_ns(const struct sb_probe *p, unsigned int permille)
{
	u64 want = DIV_ROUND_UP_ULL((u64)p->n * permille, 1000), seen = 0;
	unsigned int b;

	for (b = 0; b < SB_PROBE_BUCKETS - 1; b++) {
		seen += p->hist[b];
		if (seen >= want)
			return min_t(u64, (u64)(b + 1) * NSEC_PER_USEC, p->max_ns);
	}
	return p->max_ns;
}

static u64 sb_chk_rank(const u64 *v, unsigned int n, unsigned int permille)
{
	u64 r = DIV_ROUND_UP_ULL((u64)n * permille, 1000);

	return v[clamp_t(u64, r, 1, n) - 1];
}

static void sb_chk_emit(const struct sb_config *cfg, unsigned int run,
			const struct sb_chk_row *row, enum sb_chk_writer w,
			struct sb_chk_writer_state *ws, const char *inc,
			const unsigned long *ipi0, const unsigned long *cal0)
{
	char p50[24];
	unsigned int cpu, ctx;
	unsigned long gps = ws ? ws->gps : 0;

	for_each_cpu(cpu, cfg->cpus) {
		struct sb_chk_cpu *c = per_cpu_ptr(&sb_chk_pcpu, cpu);
		const struct sb_probe *p = &sb_probes[cpu];

		for (ctx = 0; ctx < sb_nr_ctx; ctx++) {
			const struct sb_stat *st = sb_readers_stat(cpu, ctx);

			if (!(cfg->ctx_mask & BIT(ctx)) ||
			    !sb_ctx_allows(ctx, &sb_chk_op))
				continue;
			if (st->hist_n)
				sb_fmt_ps(p50, sizeof(p50),
					  sb_stat_percentile_ps(st, 500));
			else
				strscpy(p50, "-", sizeof(p50));
			sb_out("check %u %u %s %s %s %lu %lu %s\n", run, cpu,
			       sb_ctx_name(ctx), row->name, sb_wr_names[w],
			       c->sections[ctx], c->premature[ctx], p50);
		}
		sb_out("disturb %u %u %s %s %lu ", run, cpu, row->name,
		       sb_wr_names[w], gps);
		if (sb_kp_registered)
			sb_out("%lu ", c->exp_ipis - ipi0[cpu]);
		else
			sb_out("- ");
		if (IS_ENABLED(CONFIG_X86))
			sb_out("%lu ", sb_cal_count(cpu) - cal0[cpu]);
		else
			sb_out("- ");
		if (p->n)
			sb_out("%lu %llu %llu\n", p->n, sb_probe_rank_ns(p, 990),
			       p->max_ns);
		else
			sb_out("0 - -\n");
	}
	if (!ws)
		return;
	if (ws->n) {
		sort(ws->ns, ws->n, sizeof(*ws->ns), sb_u64_cmp, NULL);
		sb_out("chkgp %u %s %s %u %llu %llu %llu\n", run, row->name,
		       sb_wr_names[w], ws->n, sb_chk_rank(ws->ns, ws->n, 500),
		       sb_chk_rank(ws->ns, ws->n, 990), ws->ns[ws->n - 1]);
	} else {
		sb_out("chkgp %u %s %s 0 - - -\n", run, row->name, sb_wr_names[w]);
	}
	if (inc)
		sb_out("model %u %s %s %s %ld %lu %lu\n", run, row->name,
		       sb_wr_names[w], inc, sb_model_imbalance(&sb_chk_model),
		       sb_chk_model.stalled, sb_chk_model.gps);
}

static int sb_chk_phase(const struct sb_config *cfg,
			const struct sb_runctl *rc, unsigned int run,
			const struct sb_chk_row *row, enum sb_chk_writer w,
			unsigned long *ipi0, unsigned long *cal0)
{
	const struct sb_check_cfg *cc = &cfg->check;
	struct sb_chk_writer_state *ws = NULL;
	struct sb_chk_obj *first;
	const char *inc = NULL;
	unsigned int cpu;
	int ret;

	if (row->reader == SB_RD_MODEL || row->reader == SB_RD_MODEL_IRQOFF) {
		const struct sb_model_inc *mi = row->inc ?
			sb_model_inc_lookup(row->inc) : cc->bug_inc;

		sb_model_reset(&sb_chk_model);
		sb_chk_model.inc = mi;
		sb_chk_model.wait_ns = (u64)cc->wait_ms * NSEC_PER_MSEC;
		inc = mi->name;
	}
	first = kzalloc(sizeof(*first), GFP_KERNEL);
	if (!first)
		return -ENOMEM;
	if (w != SB_WR_NONE) {
		ws = vzalloc(sizeof(*ws));
		if (!ws) {
			kfree(first);
			return -ENOMEM;
		}
		ws->max = cfg->gp_max_samples;
		ws->ns = kvmalloc_array(ws->max, sizeof(*ws->ns), GFP_KERNEL);
		if (!ws->ns) {
			vfree(ws);
			kfree(first);
			return -ENOMEM;
		}
		ws->row = row;
		ws->w = w;
	}
	for_each_possible_cpu(cpu) {
		struct sb_chk_cpu *c = per_cpu_ptr(&sb_chk_pcpu, cpu);

		memset(c->sections, 0, sizeof(c->sections));
		memset(c->premature, 0, sizeof(c->premature));
		ipi0[cpu] = READ_ONCE(c->exp_ipis);
		cal0[cpu] = sb_cal_count(cpu);
	}
	sb_chk_row = row;
	sb_chk_hold = w == SB_WR_NONE ? 0 : cc->hold_ns;
	first->gen = 0;
	/* Publish before any reader of the phase starts. */
	smp_store_release(&sb_chk_cur, first);
	sb_probes_start(cfg);
	ret = 0;
	if (ws) {
		ws->thread = kthread_run(sb_chk_writer_fn, ws, "sb_chk_%s",
					 sb_wr_names[w]);
		if (IS_ERR(ws->thread)) {
			ret = PTR_ERR(ws->thread);
			ws->thread = NULL;
		} else {
			get_task_struct(ws->thread);
			if (!cpumask_empty(cfg->housekeeping))
				set_cpus_allowed_ptr(ws->thread, cfg->housekeeping);
		}
	}
	if (!ret)
		ret = sb_phase_run(cfg, rc, run, &sb_chk_op, cc->ms, NULL,
					   false);
	if (ws && ws->thread) {
		kthread_stop(ws->thread);
		put_task_struct(ws->thread);
	}
	sb_probes_stop(cfg);
	if (!ret)
		sb_chk_emit(cfg, run, row, w, ws, inc, ipi0, cal0);
	/* The readers are stopped: sb_chk_cur is free after a real GP. */
	synchronize_rcu();
	kfree(sb_chk_cur);
	sb_chk_cur = NULL;
	if (ws) {
		sb_chk_pool_free(ws);
		kvfree(ws->ns);
		vfree(ws);
	}
	return ret;
}

int sb_check_run(const struct sb_config *cfg, const struct sb_runctl *rc,
		 unsigned int run)
{
	unsigned long *ipi0, *cal0;
	unsigned int r, w;
	int ret = 0;

	if (!cfg->check.ms)
		return 0;
	ipi0 = kcalloc(nr_cpu_ids, sizeof(*ipi0), GFP_KERNEL);
	cal0 = kcalloc(nr_cpu_ids, sizeof(*cal0), GFP_KERNEL);
	if (!ipi0 || !cal0) {
		ret = -ENOMEM;
		goto out;
	}
	sb_probe_period_ns = (u64)cfg->check.probe_us * NSEC_PER_USEC;
	for (r = 0; r < ARRAY_SIZE(sb_chk_rows) && !ret; r++) {
		const struct sb_chk_row *row = &sb_chk_rows[r];

		if (!(cfg->check.rows & BIT(r)) || row->unavailable)
			continue;
		for (w = 0; w < SB_NR_WR && !ret; w++)
			if (w == SB_WR_NONE || (row->writers & BIT(w)))
				ret = sb_chk_phase(cfg, rc, run, row, w,
							   ipi0, cal0);
	}
out:
	kfree(cal0);
	kfree(ipi0);
	return ret;
}

int sb_check_config_get(struct sb_check_cfg *cc, unsigned int hold_max_ns)
{
	char *s, *buf, *tok;
	unsigned int r;

	if (check_ms > 600000) {
		pr_err("check_ms: %u out of range 0..600000\n", check_ms);
		return -EINVAL;
	}
	if (check_hold_ns > hold_max_ns) {
		pr_err("check_hold_ns: %u out of range 0..%u\n", check_hold_ns,
		       hold_max_ns);
		return -EINVAL;
	}
	if (check_wait_ms < 1 || check_wait_ms > 10000) {
		pr_err("check_wait_ms: %u out of range 1..10000\n", check_wait_ms);
		return -EINVAL;
	}
	if (probe_us < 50 || probe_us > 1000000) {
		pr_err("probe_us: %u out of range 50..1000000\n", probe_us);
		return -EINVAL;
	}
	cc->bug_inc = sb_model_inc_lookup(check_bug_inc ?: "");
	if (!cc->bug_inc || cc->bug_inc->unavailable) {
		pr_err("check_bug_inc: unknown or unavailable model increment '%s'\n",
		       check_bug_inc ?: "");
		return -EINVAL;
	}
	cc->rows = 0;
	buf = kstrdup(check_rows ?: "", GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	s = strim(buf);
	if (!strcmp(s, "all")) {
		cc->rows = GENMASK(ARRAY_SIZE(sb_chk_rows) - 1, 0);
	} else {
		while ((tok = strsep(&s, ",")) != NULL) {
			for (r = 0; r < ARRAY_SIZE(sb_chk_rows); r++)
				if (!strcmp(sb_chk_rows[r].name, tok))
					break;
			if (r == ARRAY_SIZE(sb_chk_rows)) {
				pr_err("check_rows: unknown row '%s'\n", tok);
				kfree(buf);
				return -EINVAL;
			}
			cc->rows |= BIT(r);
		}
	}
	kfree(buf);
	cc->ms = check_ms;
	cc->hold_ns = check_hold_ns;
	cc->wait_ms = check_wait_ms;
	cc->probe_us = probe_us;
	return 0;
}

void sb_check_config_emit(const struct sb_check_cfg *cc)
{
	unsigned int r;
	char sep = ' ';

	sb_out("meta param.check_ms %u\n", cc->ms);
	sb_out("meta param.check_hold_ns %u\n", cc->hold_ns);
	sb_out("meta param.check_wait_ms %u\n", cc->wait_ms);
	sb_out("meta param.probe_us %u\n", cc->probe_us);
	sb_out("meta param.check_bug_inc %s\n", cc->bug_inc->name);
	sb_out("meta param.check_rows");
	for (r = 0; r < ARRAY_SIZE(sb_chk_rows); r++) {
		if (cc->rows & BIT(r)) {
			sb_out("%c%s", sep, sb_chk_rows[r].name);
			sep = ',';
		}
	}
	sb_out("%s\n", cc->rows ? "" : " -");
	sb_out("meta check.ipi_source %s\n", sb_kp_registered ?
	       "kprobe:rcu_exp_handler" : "none");
	for (r = 0; r < ARRAY_SIZE(sb_chk_rows); r++)
		if ((cc->rows & BIT(r)) && sb_chk_rows[r].unavailable)
			sb_out("meta check.unavailable.%s %s\n",
			       sb_chk_rows[r].name, sb_chk_rows[r].unavailable);
}

void sb_check_headers(void)
{
	sb_out("# check run cpu context flavour writer sections premature p50_ns\n");
	sb_out("# chkgp run flavour writer gps p50_ns p99_ns max_ns\n");
	sb_out("# model run flavour writer inc imbalance stalled gps\n");
	sb_out("# disturb run cpu flavour writer gps exp_ipis cal_ipis probes probe_p99_ns probe_max_ns\n");
}

int sb_check_alloc(void)
{
	unsigned int cpu;
	int ret;

	sb_probes = vzalloc(nr_cpu_ids * sizeof(*sb_probes));
	sb_probe_hists = vzalloc((size_t)nr_cpu_ids * SB_PROBE_BUCKETS *
				 sizeof(*sb_probe_hists));
	if (!sb_probes || !sb_probe_hists) {
		sb_check_free();
		return -ENOMEM;
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct sb_probe *p = &sb_probes[cpu];

		p->cpu = cpu;
		p->hist = sb_probe_hists + (size_t)cpu * SB_PROBE_BUCKETS;
		sb_hrtimer_setup(&p->timer, sb_probe_fn,
				 HRTIMER_MODE_REL_PINNED_HARD);
	}
	ret = sb_model_init(&sb_chk_model, &sb_model_incs[1], NSEC_PER_MSEC);
	if (ret) {
		sb_check_free();
		return ret;
	}
	sb_chk_model_ready = true;
	/* No kprobe (CONFIG_KPROBES off, symbol gone): ipis read "-". */
	ret = register_kprobe(&sb_kp);
	if (ret)
		pr_info("kprobe on rcu_exp_handler: error %d; exp_ipis will read '-'\n",
			ret);
	sb_kp_registered = !ret;
	return 0;
}

void sb_check_free(void)
{
	if (sb_kp_registered)
		unregister_kprobe(&sb_kp);
	sb_kp_registered = false;
	if (sb_chk_model_ready)
		sb_model_cleanup(&sb_chk_model);
	sb_chk_model_ready = false;
	vfree(sb_probe_hists);
	vfree(sb_probes);
	sb_probe_hists = NULL;
	sb_probes = NULL;
}
