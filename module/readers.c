// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: the readers.  In one phase, every selected CPU runs the same
 * op in every selected context at once, all on that CPU's shared counter
 * and the shared srcu_struct:
 *   process: a kthread bound to the CPU; batches run with preemption
 *            disabled and interrupts enabled, as srcu_read_lock() did in
 *            2017, and it reports RCU-tasks quiescent states in between;
 *   softirq: a pinned soft hrtimer running one batch per firing;
 *   hardirq: a pinned hard hrtimer running one batch per firing;
 *   nmi:     an NMI handler running one batch per NMI (x86 NMI_UNKNOWN, the
 *            NMIs the harness injects; a PMU counter's overflow elsewhere).
 * The context table sb_ctxs[] (below, with how to add a context) holds what
 * differs between them; nothing outside this file names a context.
 * Batch sizes start at one op and double up to the configured size while a
 * batch takes under a quarter of its budget, and halve when one exceeds it,
 * so the work per interrupt (or per preemption-off section) stays bounded
 * whatever the op costs.  A timer re-arms at least 4x its last batch time
 * away, so each timer takes at most a quarter of its CPU.
 *
 * Clean windows: a batch's clock reads are taken with interrupts disabled
 * together with per-CPU snapshots, so that what ran inside the window is
 * known exactly (NMIs are not masked: a snapshot an nmi batch came into is
 * taken again).  Every interrupt reader adds its handler's whole duration,
 * net of the readers nested in it, to a per-CPU sum per context; a batch
 * subtracts the growth of the sums of the contexts after it in the table
 * over its window (process: softirq, hardirq and nmi; hardirq: nmi).
 * Other interrupts cannot be timed (Debian kernels lack
 * CONFIG_IRQ_TIME_ACCOUNTING), so a batch during which the CPU's scheduler
 * tick accounting, its count of softirqs other than HRTIMER_SOFTIRQ, or (on
 * x86, where the local timer is not among them) its count of device
 * interrupts moved is counted as hit and kept out of the minimum, the
 * percentiles and the histogram.
 *
 * The soft and hard timers of a CPU are decorrelated: each re-arms at
 * 3/4 of its period plus a pseudo-random part of up to half of it, the
 * hardirq timer starting half a period later, so every pair of contexts
 * races.  The nest counts say how often each context's batch ran inside
 * another's on the same CPU.
 *
 * CPU hotplug: a phase starts its readers under cpus_read_lock(), on the
 * CPUs that are online then; a CPU that goes offline during a phase stops
 * its readers from a cpuhp callback, on that CPU, and they stay stopped if
 * it comes back.  Either way its records are marked (enum sb_valid).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/kernel_stat.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>

#include <linux/perf_event.h>
#ifdef CONFIG_ARM64
#include <asm/cpufeature.h>
#endif
#ifdef CONFIG_X86
#include <asm/nmi.h>
#endif

#include "compat.h"
#include "srcu_bench.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

#define SB_PROC_BUDGET_NS	(1000 * NSEC_PER_USEC)

/*
 * The reader contexts: their indices in sb_ctxs[], in nesting order (a
 * context's batches can only be interrupted by those after it).  The rest
 * of the module knows only the indices and asks the table (srcu_bench.h).
 */
enum {
	SB_CTX_PROCESS,
	SB_CTX_SOFTIRQ,
	SB_CTX_HARDIRQ,
	SB_CTX_NMI,
	SB_NR_CTX
};
static_assert(SB_NR_CTX <= SB_MAX_CTX);

/* Where a batch really ran, from the preempt count (sb_exec_now()). */
enum sb_exec {
	SB_EXEC_HARDIRQ, SB_EXEC_SOFTIRQ, SB_EXEC_TASK, SB_EXEC_NMI, SB_NR_EXEC
};

struct sb_timer {
	struct hrtimer timer;	/* softirq and hardirq only */
	struct sb_stat *st;
	unsigned int cpu;
	unsigned int ctx;
	unsigned long batch;
	unsigned int ramp;	/* sb_ramp() state */
	u32 rnd;		/* xorshift32 state of the re-arm jitter */
};

struct sb_cpu {
	struct task_struct *thread;
	struct sb_stat stat[SB_NR_CTX];
	struct sb_timer timer[SB_NR_CTX];	/* a batch's state per context */
	unsigned long exec[SB_NR_CTX][SB_NR_EXEC];
	unsigned long misplaced;
	/*
	 * Written by this CPU's readers only, with interrupts disabled; an
	 * nmi batch can still come in between, so a window's snapshots are
	 * taken again when nmi_seq moved meanwhile.
	 */
	u64 irq_ns[SB_NR_CTX];		/* interrupt readers' handler time */
	unsigned long irq_ops[SB_NR_CTX];	/* their ops */
	unsigned long irq_lost[SB_NR_CTX];	/* updates lost in their batches */
	unsigned long nmi_seq;		/* nmi batches that ended */
	bool in_batch[SB_NR_CTX];
	unsigned long nest[SB_NR_CTX][SB_NR_CTX];	/* [outer][inner], phase */
	unsigned long nest_run[SB_NR_CTX][SB_NR_CTX];	/* summed over the run */
	unsigned long lost_events;
	unsigned long count0;	/* op->count() at the phase's start */
	bool timers_started;	/* by sb_timers_start(), this phase */
	bool in_phase;		/* a reader CPU of the phase in progress */
	bool gone;		/* went offline: its readers stop for the phase */
	enum sb_valid valid;
};

/* What a batch window saw, from snapshots taken with interrupts off. */
struct sb_win {
	u64 t;
	u64 sub;		/* nested reader ns */
	unsigned long ops;	/* nested reader ops */
	unsigned long lost;	/* updates lost in nested batches */
	unsigned long cnt;	/* the shared counter */
	u64 sig;		/* foreign-interrupt signature */
};

/*
 * A reader context: how it is started and stopped on a CPU, how a batch is
 * bounded, and how where it really ran is told.  Hooks are optional.
 *   prepare:  once per phase, from the run's thread, before any CPU starts
 *             (may fail: nothing of the phase runs yet);
 *   on_cpu:   on each reader CPU, by IPI, interrupts off (pinned timers);
 *   start:    for each reader CPU, from the run's thread, after on_cpu;
 *   offline:  on a reader CPU going offline mid-phase (cpuhp teardown);
 *   stop:     for each reader CPU at the end of the phase;
 *   finish:   once per phase, after every CPU stopped: no batch runs after;
 *   unavailable: NULL, or why this arch or environment lacks the context;
 *   source:  what drives it, for the exec records.
 * A batch is bounded by *target ops and *budget ns (sb_next_batch());
 * .exec is where its batches should run; sb_exec_now() tells where they did.
 * .sig: the batch's window is checked for foreign interrupts.
 * .needs_nmi_safe: runs only ops that are NMI-safe (struct sb_op .nmi_safe);
 * an op it keeps out is "not-allowed-by-op" in the op records.
 */
struct sb_ctx_desc {
	const char *name;
	int (*prepare)(const struct sb_config *cfg);
	void (*on_cpu)(struct sb_cpu *c, unsigned int ctx);
	void (*start)(struct sb_cpu *c, unsigned int cpu);
	void (*offline)(struct sb_cpu *c, unsigned int ctx);
	void (*stop)(struct sb_cpu *c, unsigned int ctx);
	void (*finish)(void);
	const char *(*unavailable)(void);
	const char *(*source)(void);
	const unsigned long *target;
	const u64 *budget;
	enum sb_exec exec;
	enum hrtimer_mode mode;		/* timer contexts */
	bool sig;
	bool needs_nmi_safe;
};

static const struct sb_ctx_desc sb_ctxs[SB_NR_CTX];
const unsigned int sb_nr_ctx = SB_NR_CTX;

static struct sb_cpu *sb_cpus;
static int sb_cpuhp_state = -1;
static u32 *sb_hists;
static unsigned long sb_exec_run[SB_NR_CTX][SB_NR_EXEC];

const char *sb_ctx_name(unsigned int ctx)
{
	return sb_ctxs[ctx].name;
}

const char *sb_ctx_unavailable(unsigned int ctx)
{
	return sb_ctxs[ctx].unavailable ? sb_ctxs[ctx].unavailable() : NULL;
}

/* The index of the context named @name; -1: there is none. */
int sb_ctx_lookup(const char *name)
{
	unsigned int ctx;

	for (ctx = 0; ctx < SB_NR_CTX; ctx++)
		if (!strcmp(sb_ctxs[ctx].name, name))
			return ctx;
	return -1;
}

/* Whether context @ctx may run @op: the op meets the context's needs. */
bool sb_ctx_allows(unsigned int ctx, const struct sb_op *op)
{
	return !sb_ctxs[ctx].needs_nmi_safe || op->nmi_safe;
}

/* Where a batch really runs: PREEMPT_RT, for one, runs softirqs in threads. */
static __always_inline enum sb_exec sb_exec_now(void)
{
	if (in_nmi())
		return SB_EXEC_NMI;
	if (in_hardirq())
		return SB_EXEC_HARDIRQ;
	if (in_serving_softirq())
		return SB_EXEC_SOFTIRQ;
	return SB_EXEC_TASK;
}

/* The first context, in table order, whose batches run where code now runs. */
unsigned int sb_ctx_now(void)
{
	enum sb_exec e = sb_exec_now();
	unsigned int ctx;

	for (ctx = 0; ctx < SB_NR_CTX; ctx++)
		if (sb_ctxs[ctx].exec == e)
			return ctx;
	return 0;
}

/*
 * Something that moves whenever an interrupt other than a reader's ran on
 * @cpu: the tick's time accounting (tick based without
 * CONFIG_IRQ_TIME_ACCOUNTING; with it, irq and softirq time move for the
 * readers too and are left out), the softirqs other than the readers' own
 * HRTIMER_SOFTIRQ, and on x86 the device interrupts.
 */
static __always_inline u64 sb_foreign_sig(unsigned int cpu)
{
	u64 *cs = kcpustat_cpu(cpu).cpustat;
	u64 sig = 0;
	unsigned int i;

	for (i = 0; i < NR_STATS; i++)
		if (!IS_ENABLED(CONFIG_IRQ_TIME_ACCOUNTING) ||
		    (i != CPUTIME_IRQ && i != CPUTIME_SOFTIRQ))
			sig += cs[i];
	for (i = 0; i < NR_SOFTIRQS; i++)
		if (i != HRTIMER_SOFTIRQ)
			sig += kstat_softirqs_cpu(i, cpu);
	if (IS_ENABLED(CONFIG_X86))
		sig += kstat_cpu_irqs_sum(cpu);
	return sig;
}

static __always_inline unsigned long sb_counter_read(void)
{
	return READ_ONCE(*raw_cpu_ptr(&sb_counter.ul));
}

/*
 * The sums of the contexts that can nest in @ctx, and the shared counter,
 * as one snapshot: interrupts are off, and an nmi batch in between (nmi_seq
 * moved) makes it start again.  An nmi batch cannot be interrupted.
 */
static __always_inline void sb_win_snap(struct sb_cpu *c, unsigned int ctx,
					struct sb_win *w, bool clock_last)
{
	unsigned long seq;
	unsigned int o;

	do {
		seq = READ_ONCE(c->nmi_seq);
		barrier();
		if (!clock_last)
			w->t = local_clock();
		w->sub = 0;
		w->ops = 0;
		w->lost = 0;
		for (o = ctx + 1; o < SB_NR_CTX; o++) {
			w->sub += READ_ONCE(c->irq_ns[o]);
			w->ops += READ_ONCE(c->irq_ops[o]);
			w->lost += READ_ONCE(c->irq_lost[o]);
		}
		w->cnt = sb_counter_read();
		if (clock_last)
			w->t = local_clock();
		barrier();
	} while (sb_ctxs[ctx].exec != SB_EXEC_NMI &&
		 READ_ONCE(c->nmi_seq) != seq);
}

/*
 * Open a batch window of context @ctx (interrupts disabled by the caller):
 * count the batches of outer contexts this one runs inside, snapshot what
 * nested readers may change, and read the clock last.
 */
static __always_inline void sb_win_open(struct sb_cpu *c, unsigned int cpu,
					unsigned int ctx, struct sb_win *w)
{
	unsigned int o;

	w->sig = sb_ctxs[ctx].sig ? sb_foreign_sig(cpu) : 0;
	for (o = 0; o < ctx; o++)
		if (c->in_batch[o])
			c->nest[o][ctx]++;
	c->in_batch[ctx] = true;
	sb_win_snap(c, ctx, w, true);
}

/*
 * Close it: @w becomes the window's growth (sig nonzero: a foreign interrupt
 * hit it).  Returns the updates lost in this window and not in a window
 * nested in it, for an op that counts; 0 otherwise.
 */
static __always_inline unsigned long sb_win_close(struct sb_cpu *c,
						  unsigned int cpu,
						  unsigned int ctx,
						  struct sb_win *w,
						  unsigned long n, bool counts)
{
	struct sb_win e;
	long deficit;

	sb_win_snap(c, ctx, &e, false);
	c->in_batch[ctx] = false;
	w->t = e.t - w->t;
	w->sub = e.sub - w->sub;
	w->ops = e.ops - w->ops;
	w->lost = e.lost - w->lost;
	w->cnt = e.cnt - w->cnt;
	w->sig = sb_ctxs[ctx].sig ? sb_foreign_sig(cpu) - w->sig : 0;
	if (!counts)
		return 0;
	deficit = (long)(n + w->ops - w->cnt - w->lost);
	if (deficit <= 0)
		return 0;
	/* Here, under irqs off: an outer window must see it with the deficit. */
	if (ctx != SB_CTX_PROCESS)
		WRITE_ONCE(c->irq_lost[ctx], c->irq_lost[ctx] + deficit);
	return deficit;
}

/* The phase in progress, read by the readers. */
static const struct sb_op *sb_cur_op;
static unsigned int sb_cur_ctx_mask;
static bool sb_stopping;
static unsigned long sb_target_batch, sb_target_irq_batch;
static u64 sb_period_ns, sb_irq_budget_ns, sb_proc_budget_ns = SB_PROC_BUDGET_NS;

static unsigned long sb_next_batch(unsigned long b, unsigned long target,
				   u64 ns, u64 budget)
{
	if (ns > budget && b > 1)
		return b / 2;
	if (ns < budget / 4 && b < target)
		return min(b * 2, target);
	return b;
}

/*
 * The warm-up ramp: a reader's first batch (one op, often slow: cold
 * caches, or qemu translating the code) and then every batch after which the
 * size doubles, until the first one after which it does not.  Returns
 * whether the batch of size @b, followed by @next, is a ramp batch; @ramp is
 * SB_RAMP_FIRST for a reader's first batch, then what this returned.
 */
#define SB_RAMP_FIRST	2

static unsigned int sb_ramp(unsigned int ramp, unsigned long b,
			    unsigned long next)
{
	return ramp == SB_RAMP_FIRST || (ramp && next > b);
}

/*
 * One batch of the current op in interrupt context @t->ctx on this CPU (a
 * timer or an NMI handler, interrupts off or not): timed, counted, and its
 * whole duration added to the context's handler time for the windows it ran
 * inside.  Returns the batch's time in ns.
 */
static u64 sb_irq_batch(struct sb_timer *t, const struct sb_op *op)
{
	const struct sb_ctx_desc *d = &sb_ctxs[t->ctx];
	struct sb_cpu *c = &sb_cpus[t->cpu];
	unsigned int ctx = t->ctx;
	unsigned long flags, lost, b = t->batch, next;
	struct sb_win w, h0, h1;
	u64 ns, start;

	c->exec[ctx][sb_exec_now()]++;
	local_irq_save(flags);
	sb_win_open(c, t->cpu, ctx, &w);
	start = w.t;
	h0 = w;
	local_irq_restore(flags);
	op->loop(b);
	local_irq_save(flags);
	lost = sb_win_close(c, t->cpu, ctx, &w, b, op->counts);
	local_irq_restore(flags);
	if (lost)
		c->lost_events++;
	next = sb_next_batch(b, *d->target, w.t, *d->budget);
	t->ramp = sb_ramp(t->ramp, b, next);
	ns = w.t - min(w.sub, w.t);
	sb_stat_add(t->st, ns, b, w.t - ns,
		    (t->ramp ? SB_BATCH_RAMP : 0) | (w.sig ? SB_BATCH_HIT : 0));
	t->batch = next;
	/* The whole handler, net of what nested in it. */
	local_irq_save(flags);
	sb_win_snap(c, ctx, &h1, true);
	WRITE_ONCE(c->irq_ns[ctx], c->irq_ns[ctx] + h1.t - start -
		   (h1.sub - h0.sub));
	WRITE_ONCE(c->irq_ops[ctx], c->irq_ops[ctx] + b);
	local_irq_restore(flags);
	return w.t;
}

/* process: a kthread per CPU, batches with preemption disabled. */
static int sb_process_fn(void *arg)
{
	struct sb_cpu *c = arg;
	struct sb_stat *st = &c->stat[SB_CTX_PROCESS];
	const struct sb_op *op = sb_cur_op;
	unsigned int cpu = c - sb_cpus;
	unsigned long b = 1, next;
	unsigned int ramp = SB_RAMP_FIRST;

	while (!kthread_should_stop()) {
		unsigned long flags, lost;
		struct sb_win w;
		u64 ns;

		if (READ_ONCE(c->gone)) {
			/* Offline in this phase: wait for kthread_stop(). */
			set_current_state(TASK_INTERRUPTIBLE);
			if (!kthread_should_stop())
				schedule();
			__set_current_state(TASK_RUNNING);
			continue;
		}
		preempt_disable();
		if (unlikely(smp_processor_id() != cpu)) {
			c->misplaced++;
			preempt_enable();
			schedule_timeout_interruptible(1);
			continue;
		}
		c->exec[SB_CTX_PROCESS][sb_exec_now()]++;
		local_irq_save(flags);
		sb_win_open(c, cpu, SB_CTX_PROCESS, &w);
		local_irq_restore(flags);
		op->loop(b);
		local_irq_save(flags);
		lost = sb_win_close(c, cpu, SB_CTX_PROCESS, &w, b, op->counts);
		local_irq_restore(flags);
		preempt_enable();
		if (lost)
			c->lost_events++;
		next = sb_next_batch(b, sb_target_batch, w.t, sb_proc_budget_ns);
		ramp = sb_ramp(ramp, b, next);
		ns = w.t - min(w.sub, w.t);
		sb_stat_add(st, ns, b, w.t - ns,
			    (ramp ? SB_BATCH_RAMP : 0) | (w.sig ? SB_BATCH_HIT : 0));
		b = next;
		cond_resched_tasks_rcu_qs();
	}
	return 0;
}

static void sb_process_stop(struct sb_cpu *c, unsigned int ctx)
{
	if (c->thread) {
		kthread_stop(c->thread);
		put_task_struct(c->thread);
		c->thread = NULL;
	}
}

static void sb_readers_stop(const struct sb_config *cfg);

/*
 * The threads first (kthread_create() fails with -EINTR on a fatal signal,
 * or -ENOMEM): nothing runs yet, so unwinding stops only the threads
 * created.
 */
static int sb_process_prepare(const struct sb_config *cfg)
{
	unsigned int cpu;

	for_each_cpu(cpu, cfg->cpus) {
		struct task_struct *t;

		t = kthread_create(sb_process_fn, &sb_cpus[cpu],
				   "sb_process/%u", cpu);
		if (IS_ERR(t)) {
			for_each_cpu(cpu, cfg->cpus)
				sb_process_stop(&sb_cpus[cpu], SB_CTX_PROCESS);
			return PTR_ERR(t);
		}
		get_task_struct(t);
		set_user_nice(t, cfg->reader_nice);
		sb_cpus[cpu].thread = t;
	}
	return 0;
}

static void sb_process_start(struct sb_cpu *c, unsigned int cpu)
{
	if (c->thread) {
		kthread_bind(c->thread, cpu);
		wake_up_process(c->thread);
	}
}

/* Pseudo-random re-arm delay: 3/4 of @period plus up to half of it. */
static u64 sb_jitter(struct sb_timer *t, u64 period)
{
	u32 x = t->rnd;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	t->rnd = x;
	return period - period / 4 + div_u64((u64)x * (period / 2), U32_MAX);
}

/* softirq and hardirq: a pinned hrtimer per CPU, one batch per firing. */
static enum hrtimer_restart sb_timer_fn(struct hrtimer *timer)
{
	struct sb_timer *t = container_of(timer, struct sb_timer, timer);
	const struct sb_op *op = READ_ONCE(sb_cur_op);
	struct sb_cpu *c = &sb_cpus[t->cpu];
	u64 ns;

	if (READ_ONCE(sb_stopping) || READ_ONCE(c->gone))
		return HRTIMER_NORESTART;
	if (unlikely(smp_processor_id() != t->cpu)) {
		/* Migrated by CPU hotplug: stop rather than count elsewhere. */
		c->misplaced++;
		return HRTIMER_NORESTART;
	}
	ns = sb_irq_batch(t, op);
	hrtimer_forward_now(timer, ns_to_ktime(max(sb_jitter(t, sb_period_ns),
						   4 * ns)));
	return HRTIMER_RESTART;
}

/* On the timer's CPU (IPI), so that PINNED pins it there. */
static void sb_timer_on_cpu(struct sb_cpu *c, unsigned int ctx)
{
	struct sb_timer *t = &c->timer[ctx];

	/* A fixed seed per CPU and context: icount runs repeat. */
	t->rnd = 0x9e3779b9U * (t->cpu + 1) + ctx;
	hrtimer_start(&t->timer,
		      ns_to_ktime(sb_jitter(t, sb_period_ns) +
				  (ctx == SB_CTX_HARDIRQ ? sb_period_ns / 2 : 0)),
		      sb_ctxs[ctx].mode);
}

static void sb_timer_stop(struct sb_cpu *c, unsigned int ctx)
{
	if (c->timers_started)
		hrtimer_cancel(&c->timer[ctx].timer);
}

/*
 * nmi: an NMI handler that runs one batch per NMI on a reader CPU of a
 * phase with nmi selected.  The NMIs come from the environment: on x86 an
 * NMI nobody else claims (NMI_UNKNOWN: qemu's monitor "nmi", which the
 * harness sends, tools/run-guest.sh --nmi-hz); where a PMU counter can be
 * created, its overflow interrupt, an NMI on x86 (NMI where the arch
 * delivers PMU interrupts as NMIs, else where it runs is what exec says).
 * Bounded like the hardirq readers: irq_batch ops, irq_max_us.
 */
static bool sb_nmi_on;

static void sb_nmi_batch(void)
{
	unsigned int cpu = smp_processor_id();
	struct sb_cpu *c = &sb_cpus[cpu];
	const struct sb_op *op = READ_ONCE(sb_cur_op);

	sb_irq_batch(&c->timer[SB_CTX_NMI], op);
	WRITE_ONCE(c->nmi_seq, c->nmi_seq + 1);
}

/* Whether an NMI on this CPU is one for a reader of the phase. */
static bool sb_nmi_mine(void)
{
	struct sb_cpu *c;

	if (!READ_ONCE(sb_nmi_on) || READ_ONCE(sb_stopping))
		return false;
	c = &sb_cpus[smp_processor_id()];
	return READ_ONCE(c->in_phase) && !READ_ONCE(c->gone);
}

#ifdef CONFIG_X86
static int sb_nmi_handler(unsigned int type, struct pt_regs *regs)
{
	if (!sb_nmi_mine())
		return NMI_DONE;
	sb_nmi_batch();
	return NMI_HANDLED;
}
#endif

/* The PMU source: a sampling cycle counter per reader CPU. */
static struct perf_event **sb_pmu_ev;
static unsigned int sb_pmu_made;
static long sb_pmu_err;
static char sb_nmi_source[96];
static char sb_nmi_why[96];

static void sb_pmu_overflow(struct perf_event *ev,
			    struct perf_sample_data *data, struct pt_regs *regs)
{
	if (sb_nmi_mine())
		sb_nmi_batch();
}

static struct perf_event *sb_pmu_create(unsigned int cpu, u64 freq)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_HARDWARE,
		.config = PERF_COUNT_HW_CPU_CYCLES,
		.size = sizeof(attr),
		.pinned = 1,
		.freq = 1,
		.sample_freq = freq,
	};

	return perf_event_create_kernel_counter(&attr, cpu, NULL,
						sb_pmu_overflow, NULL);
}

/* Whether a PMU counter can be made here: once, the first time asked. */
static long sb_pmu_probe(void)
{
	static bool probed;
	struct perf_event *ev;

	if (probed)
		return sb_pmu_err;
	probed = true;
	cpus_read_lock();
	ev = sb_pmu_create(cpumask_first(cpu_online_mask), 100);
	cpus_read_unlock();
	if (IS_ERR(ev)) {
		sb_pmu_err = PTR_ERR(ev);
		return sb_pmu_err;
	}
	perf_event_release_kernel(ev);
	return 0;
}

static const char *sb_nmi_unavailable(void)
{
	long err;

	if (IS_ENABLED(CONFIG_X86))
		return NULL;	/* NMI_UNKNOWN: whatever NMIs the host sends */
#ifdef CONFIG_ARM64
	/* Without GIC priority masking the PMU interrupt is a plain IRQ. */
	if (!system_uses_irq_prio_masking())
		return "no-nmi-source(arm64-without-pseudo-NMI:PMU-interrupts-are-IRQs)";
#endif
	err = sb_pmu_probe();
	if (!err)
		return NULL;
	snprintf(sb_nmi_why, sizeof(sb_nmi_why),
		 "no-nmi-source(no-pmu-counter:error%ld,no-injected-nmi-on-this-arch)",
		 err);
	return sb_nmi_why;
}

static void sb_nmi_finish(void);

/*
 * Both sources where they exist: on x86 the NMI_UNKNOWN handler; on every
 * reader CPU a PMU counter if one can be made.  The counters sample at the
 * timers' rate (1/irq_period_us).
 */
static int sb_nmi_prepare(const struct sb_config *cfg)
{
	u64 freq = max_t(u64, 1, USEC_PER_SEC / max(cfg->irq_period_us, 1U));
	unsigned int cpu;
	int ret;

	sb_pmu_made = 0;
	sb_pmu_err = 0;
	sb_pmu_ev = kcalloc(nr_cpu_ids, sizeof(*sb_pmu_ev), GFP_KERNEL);
	if (!sb_pmu_ev)
		return -ENOMEM;
#ifdef CONFIG_X86
	ret = register_nmi_handler(NMI_UNKNOWN, sb_nmi_handler, 0, "srcu_bench");
	if (ret) {
		kfree(sb_pmu_ev);
		sb_pmu_ev = NULL;
		return ret;
	}
#endif
	cpus_read_lock();
	for_each_cpu(cpu, cfg->cpus) {
		struct perf_event *ev;

		if (!cpu_online(cpu))
			continue;
		ev = sb_pmu_create(cpu, freq);
		if (IS_ERR(ev)) {
			sb_pmu_err = PTR_ERR(ev);
			continue;
		}
		sb_pmu_ev[cpu] = ev;
		sb_pmu_made++;
	}
	cpus_read_unlock();
	snprintf(sb_nmi_source, sizeof(sb_nmi_source), "%spmu-cycles:%u/%u-cpus%s",
		 IS_ENABLED(CONFIG_X86) ? "nmi-unknown+" : "", sb_pmu_made,
		 cpumask_weight(cfg->cpus), sb_pmu_made ? "" : "(no-pmu-counter)");
	if (!IS_ENABLED(CONFIG_X86) && !sb_pmu_made) {
		ret = sb_pmu_err ?: -ENODEV;
		sb_nmi_finish();
		return ret;
	}
	/* Published by sb_readers_start()'s smp_mb() with the phase. */
	WRITE_ONCE(sb_nmi_on, true);
	return 0;
}

/* unregister_nmi_handler() waits for the handlers in flight. */
static void sb_nmi_finish(void)
{
	unsigned int cpu;

	WRITE_ONCE(sb_nmi_on, false);
#ifdef CONFIG_X86
	unregister_nmi_handler(NMI_UNKNOWN, "srcu_bench");
#endif
	if (!sb_pmu_ev)
		return;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (sb_pmu_ev[cpu])
			perf_event_release_kernel(sb_pmu_ev[cpu]);
	kfree(sb_pmu_ev);
	sb_pmu_ev = NULL;
}

static const char *sb_nmi_source_now(void)
{
	return sb_nmi_source[0] ? sb_nmi_source : "-";
}

static const char *sb_source_kthread(void)
{
	return "kthread";
}

static const char *sb_source_soft(void)
{
	return "hrtimer-soft";
}

static const char *sb_source_hard(void)
{
	return "hrtimer-hard";
}

/*
 * The context table: the one place a reader context is named.  To add a
 * context, edit only this file:
 *   1. add its SB_CTX_<NAME> line to the enum at the top of this file, at
 *      its place in the nesting order (before the contexts that can
 *      interrupt its batches);
 *   2. add its entry here, [SB_CTX_<NAME>] = { .name = "<name>", ... }, with
 *      its hooks (written above, or existing ones reused: a timer context
 *      needs only .on_cpu/.offline/.stop = sb_timer_on_cpu/sb_timer_stop
 *      and its hrtimer .mode), .target, .budget, .exec and .source;
 *      .needs_nmi_safe if only NMI-safe ops may run in it.
 * The name is then accepted by contexts=, listed in the meta, op, read,
 * exec, nest and lost records, and the phase engine runs every op whose
 * properties meet the entry's needs in it.  Its test: a guest test that
 * loads the module with contexts=<name> (tests/guest/nmi.sh is one);
 * tests/unit/ctx-one-file.sh checks that this file is all it takes.
 */
static const struct sb_ctx_desc sb_ctxs[SB_NR_CTX] = {
	[SB_CTX_PROCESS] = {
		.name = "process",
		.prepare = sb_process_prepare,
		.start = sb_process_start,
		.stop = sb_process_stop,
		.source = sb_source_kthread,
		.target = &sb_target_batch,
		.budget = &sb_proc_budget_ns,
		.exec = SB_EXEC_TASK,
		.sig = true,
	},
	[SB_CTX_SOFTIRQ] = {
		.name = "softirq",
		.on_cpu = sb_timer_on_cpu,
		.offline = sb_timer_stop,
		.stop = sb_timer_stop,
		.target = &sb_target_irq_batch,
		.budget = &sb_irq_budget_ns,
		.exec = SB_EXEC_SOFTIRQ,
		.mode = HRTIMER_MODE_REL_PINNED_SOFT,
		.source = sb_source_soft,
		.sig = true,
	},
	[SB_CTX_HARDIRQ] = {
		.name = "hardirq",
		.on_cpu = sb_timer_on_cpu,
		.offline = sb_timer_stop,
		.stop = sb_timer_stop,
		.target = &sb_target_irq_batch,
		.budget = &sb_irq_budget_ns,
		.exec = SB_EXEC_HARDIRQ,
		.mode = HRTIMER_MODE_REL_PINNED_HARD,
		.source = sb_source_hard,
	},
	[SB_CTX_NMI] = {
		.name = "nmi",
		.prepare = sb_nmi_prepare,
		.finish = sb_nmi_finish,
		.unavailable = sb_nmi_unavailable,
		.source = sb_nmi_source_now,
		.target = &sb_target_irq_batch,
		.budget = &sb_irq_budget_ns,
		.exec = SB_EXEC_NMI,
		.needs_nmi_safe = true,
	},
};

static int sb_cpu_offline(unsigned int cpu);

/* Everything a phase needs, set up once: every timer is initialised here. */
int sb_readers_alloc(void)
{
	unsigned int cpu, ctx;
	size_t n = (size_t)nr_cpu_ids * SB_NR_CTX;
	int ret;

	sb_cpus = vzalloc(nr_cpu_ids * sizeof(*sb_cpus));
	sb_hists = vzalloc(n * SB_HIST_BUCKETS * sizeof(*sb_hists));
	if (!sb_cpus || !sb_hists) {
		sb_readers_free();
		return -ENOMEM;
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct sb_cpu *c = &sb_cpus[cpu];

		for (ctx = 0; ctx < SB_NR_CTX; ctx++) {
			c->stat[ctx].hist =
				sb_hists + (cpu * SB_NR_CTX + ctx) * SB_HIST_BUCKETS;
			c->timer[ctx].st = &c->stat[ctx];
			c->timer[ctx].cpu = cpu;
			c->timer[ctx].ctx = ctx;
			if (sb_ctxs[ctx].on_cpu)
				sb_hrtimer_setup(&c->timer[ctx].timer, sb_timer_fn,
						 sb_ctxs[ctx].mode);
		}
	}
	/* No startup callback: a CPU back mid-phase does not restart readers. */
	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "srcu_bench:online",
					NULL, sb_cpu_offline);
	if (ret < 0) {
		pr_err("cpuhp_setup_state_nocalls: error %d\n", ret);
		sb_readers_free();
		return ret;
	}
	sb_cpuhp_state = ret;
	return 0;
}

void sb_readers_free(void)
{
	if (sb_cpuhp_state >= 0)
		cpuhp_remove_state_nocalls(sb_cpuhp_state);
	sb_cpuhp_state = -1;
	vfree(sb_hists);
	vfree(sb_cpus);
	sb_hists = NULL;
	sb_cpus = NULL;
}

/* Whether @ctx is a context of the phase in progress. */
static bool sb_phase_ctx(unsigned int ctx)
{
	return sb_cur_ctx_mask & BIT(ctx);
}

/* Runs on the CPU (IPI): the contexts that start there. */
static void sb_timers_start(void *arg)
{
	struct sb_cpu *c = arg;
	unsigned int ctx;

	for (ctx = 0; ctx < SB_NR_CTX; ctx++)
		if (sb_phase_ctx(ctx) && sb_ctxs[ctx].on_cpu)
			sb_ctxs[ctx].on_cpu(c, ctx);
	c->timers_started = true;
}

/*
 * cpuhp teardown, on @cpu as it goes offline (the hotplug lock is held for
 * writing, so no phase starts or ends meanwhile): a reader CPU of the phase
 * in progress is marked, and its readers stop for the rest of the phase.
 */
static int sb_cpu_offline(unsigned int cpu)
{
	struct sb_cpu *c = &sb_cpus[cpu];
	unsigned int ctx;

	if (!c->in_phase)
		return 0;
	WRITE_ONCE(c->gone, true);
	c->valid = SB_VALID_OFFLINE;
	for (ctx = 0; ctx < SB_NR_CTX; ctx++)
		if (sb_phase_ctx(ctx) && sb_ctxs[ctx].offline)
			sb_ctxs[ctx].offline(c, ctx);
	return 0;
}

/* Stop exactly what sb_readers_start() started. */
static void sb_readers_stop(const struct sb_config *cfg)
{
	unsigned int cpu, ctx;

	WRITE_ONCE(sb_stopping, true);
	for_each_cpu(cpu, cfg->cpus)
		for (ctx = 0; ctx < SB_NR_CTX; ctx++)
			if (sb_phase_ctx(ctx) && sb_ctxs[ctx].stop)
				sb_ctxs[ctx].stop(&sb_cpus[cpu], ctx);
	for (ctx = 0; ctx < SB_NR_CTX; ctx++)
		if (sb_phase_ctx(ctx) && sb_ctxs[ctx].finish)
			sb_ctxs[ctx].finish();
	cpus_read_lock();
	for_each_cpu(cpu, cfg->cpus) {
		sb_cpus[cpu].in_phase = false;
		sb_cpus[cpu].timers_started = false;
	}
	cpus_read_unlock();
}

static int sb_readers_start(const struct sb_config *cfg,
			    const struct sb_op *op)
{
	unsigned int cpu, ctx;
	int ret;

	sb_cur_op = op;
	sb_cur_ctx_mask = cfg->ctx_mask;
	for (ctx = 0; ctx < SB_NR_CTX; ctx++)
		if (sb_ctx_unavailable(ctx) || !sb_ctx_allows(ctx, op))
			sb_cur_ctx_mask &= ~BIT(ctx);
	sb_target_batch = cfg->batch;
	sb_target_irq_batch = cfg->irq_batch;
	sb_period_ns = (u64)cfg->irq_period_us * NSEC_PER_USEC;
	sb_irq_budget_ns = (u64)cfg->irq_max_us * NSEC_PER_USEC;
	WRITE_ONCE(sb_stopping, false);

	for_each_cpu(cpu, cfg->cpus) {
		struct sb_cpu *c = &sb_cpus[cpu];

		c->misplaced = 0;
		c->valid = SB_VALID_OK;
		c->gone = false;
		memset(c->exec, 0, sizeof(c->exec));
		memset(c->irq_ns, 0, sizeof(c->irq_ns));
		memset(c->irq_ops, 0, sizeof(c->irq_ops));
		memset(c->irq_lost, 0, sizeof(c->irq_lost));
		memset(c->in_batch, 0, sizeof(c->in_batch));
		memset(c->nest, 0, sizeof(c->nest));
		c->nmi_seq = 0;
		c->lost_events = 0;
		per_cpu(sb_counter, cpu).ul = 0;
		c->count0 = op->count ? op->count(cpu) : 0;
		for (ctx = 0; ctx < SB_NR_CTX; ctx++) {
			sb_stat_reset(&c->stat[ctx]);
			c->timer[ctx].batch = 1;
			c->timer[ctx].ramp = SB_RAMP_FIRST;
		}
	}
	for (ctx = 0; ctx < SB_NR_CTX; ctx++) {
		if (sb_phase_ctx(ctx) && sb_ctxs[ctx].prepare) {
			ret = sb_ctxs[ctx].prepare(cfg);
			if (ret) {
				/* Undo the contexts prepared before this one. */
				sb_cur_ctx_mask &= BIT(ctx) - 1;
				sb_readers_stop(cfg);
				return ret;
			}
		}
	}
	/* Publish the phase before any reader can see it. */
	smp_mb();
	cpus_read_lock();
	for_each_cpu(cpu, cfg->cpus) {
		struct sb_cpu *c = &sb_cpus[cpu];

		WRITE_ONCE(c->in_phase, true);
		if (!cpu_online(cpu)) {
			c->valid = SB_VALID_OFFLINE;
			c->gone = true;
			continue;
		}
		ret = smp_call_function_single(cpu, sb_timers_start, c, 1);
		if (ret) {	/* -ENXIO: offline after all */
			c->valid = SB_VALID_OFFLINE;
			c->gone = true;
			continue;
		}
		for (ctx = 0; ctx < SB_NR_CTX; ctx++)
			if (sb_phase_ctx(ctx) && sb_ctxs[ctx].start)
				sb_ctxs[ctx].start(c, cpu);
	}
	cpus_read_unlock();
	return 0;
}

static const char * const sb_valid_names[SB_NR_VALID] = {
	[SB_VALID_OK] = "ok",
	[SB_VALID_OFFLINE] = "offline",
	[SB_VALID_MOVED] = "moved",
	[SB_VALID_EMPTY] = "empty",
};

/*
 * Picoseconds as "%llu.%03u" ns, or "-" when @have is false: a cell without
 * batches, or a percentile with no batch to take it from.
 */
static const char *sb_fmt_opt(char *buf, size_t len, u64 ps, bool have)
{
	if (!have)
		return "-";
	sb_fmt_ps(buf, len, ps);
	return buf;
}

static void sb_emit_reads(const struct sb_config *cfg, unsigned int run,
			  const struct sb_op *op)
{
	char mean[24], p50[24], p95[24], p99[24], lo[24], hi[24];
	unsigned int cpu, ctx, o;

	for_each_cpu(cpu, cfg->cpus) {
		struct sb_cpu *c = &sb_cpus[cpu];
		enum sb_valid valid = c->valid;
		u64 expected = 0;

		for (o = 0; o < SB_NR_CTX; o++)
			for (ctx = 0; ctx < SB_NR_CTX; ctx++)
				c->nest_run[o][ctx] += c->nest[o][ctx];
		if (valid == SB_VALID_OK && c->misplaced)
			valid = SB_VALID_MOVED;
		for (ctx = 0; ctx < SB_NR_CTX; ctx++) {
			struct sb_stat *st = &c->stat[ctx];
			bool h = st->hist_n, m = st->batches > st->hit;
			enum sb_valid v = valid;
			unsigned int e;

			if (!(sb_cur_ctx_mask & BIT(ctx)))
				continue;
			if (v == SB_VALID_OK && !st->batches)
				v = SB_VALID_EMPTY;
			for (e = 0; e < SB_NR_EXEC; e++)
				sb_exec_run[ctx][e] += c->exec[ctx][e];
			expected += st->ops;
			sb_out("read %u %u %s %s %llu %llu %llu %s %s %s %s %s %s %s %llu %llu %llu\n",
			       run, cpu, sb_ctx_name(ctx), op->name, st->ops,
			       st->ns, st->batches,
			       sb_fmt_opt(mean, sizeof(mean),
					  st->ops ? div64_u64(st->ns * 1000, st->ops) : 0,
					  st->batches),
			       sb_fmt_opt(p50, sizeof(p50), sb_stat_percentile_ps(st, 500), h),
			       sb_fmt_opt(p95, sizeof(p95), sb_stat_percentile_ps(st, 950), h),
			       sb_fmt_opt(p99, sizeof(p99), sb_stat_percentile_ps(st, 990), h),
			       sb_fmt_opt(lo, sizeof(lo), sb_stat_min_ps(st), m),
			       sb_fmt_opt(hi, sizeof(hi), st->max_ps, h),
			       sb_valid_names[v], st->sub_ns, st->ramp, st->hit);
		}
		if (c->misplaced)
			pr_info("run %u op %s: CPU %u: %lu batches found off their CPU (CPU hotplug) and skipped\n",
				run, op->name, cpu, c->misplaced);
		if (op->counts || op->count) {
			unsigned long observed = op->counts ?
				per_cpu(sb_counter, cpu).ul :
				op->count(cpu) - c->count0;
			char ctxs[32] = "";

			for (ctx = 0; ctx < SB_NR_CTX; ctx++)
				if (sb_cur_ctx_mask & BIT(ctx))
					snprintf(ctxs + strlen(ctxs),
						 sizeof(ctxs) - strlen(ctxs), "%s%s",
						 *ctxs ? "+" : "", sb_ctx_name(ctx));
			sb_out("lost %u %u %s %s %llu %lu %lld %s %lu\n", run, cpu, ctxs,
			       op->name, expected, observed,
			       (long long)(expected - observed),
			       sb_valid_names[valid], c->lost_events);
		}
	}
}

/* Fire srcu_bench_sample for every reader's running totals. */
static void sb_sample(const struct sb_config *cfg, unsigned int run,
		      const struct sb_op *op)
{
	unsigned int cpu, ctx;

	for_each_cpu(cpu, cfg->cpus) {
		for (ctx = 0; ctx < SB_NR_CTX; ctx++) {
			struct sb_stat *st = &sb_cpus[cpu].stat[ctx];

			if (sb_cur_ctx_mask & BIT(ctx))
				trace_srcu_bench_sample(run, cpu, sb_ctx_name(ctx),
							op->name, READ_ONCE(st->ops),
							READ_ONCE(st->ns));
		}
	}
}

/* Wait out a read phase, sampling every sample_ms while it is traced. */
static int sb_phase_wait(const struct sb_config *cfg,
			 const struct sb_runctl *rc, unsigned int run,
			 const struct sb_op *op, unsigned int ms)
{
	unsigned int step;
	int ret = 0;

	if (!op || !cfg->sample_ms)
		return rc->wait(ms);
	for (; ms && !ret; ms -= step) {
		step = min(ms, cfg->sample_ms);
		ret = rc->wait(step);
		if (!ret && trace_srcu_bench_sample_enabled())
			sb_sample(cfg, run, op);
	}
	return ret;
}

/*
 * Where each context's batches really ran during run @run: one exec record
 * per selected context, then the counts start again for the next run.
 */
void sb_readers_emit_exec(const struct sb_config *cfg, unsigned int run)
{
	unsigned int ctx, o, cpu;

	for (ctx = 0; ctx < SB_NR_CTX; ctx++) {
		unsigned long *e = sb_exec_run[ctx];

		const char *na = sb_ctx_unavailable(ctx);

		if (cfg->ctx_mask & BIT(ctx))
			sb_out("exec %u %s %lu %lu %lu %lu %s%s\n", run,
			       sb_ctx_name(ctx), e[SB_EXEC_HARDIRQ],
			       e[SB_EXEC_SOFTIRQ], e[SB_EXEC_TASK],
			       e[SB_EXEC_NMI], na ? "unavailable:" : "",
			       na ?: sb_ctxs[ctx].source());
	}
	memset(sb_exec_run, 0, sizeof(sb_exec_run));
	/* The interruption matrix of the run's read phases, per CPU. */
	for_each_cpu(cpu, cfg->cpus) {
		struct sb_cpu *c = &sb_cpus[cpu];

		for (o = 0; o < SB_NR_CTX; o++)
			for (ctx = o + 1; ctx < SB_NR_CTX; ctx++)
				if ((cfg->ctx_mask & BIT(o)) &&
				    (cfg->ctx_mask & BIT(ctx)))
					sb_out("nest %u %u %s %s %lu\n", run, cpu,
					       sb_ctx_name(o), sb_ctx_name(ctx),
					       c->nest_run[o][ctx]);
		memset(c->nest_run, 0, sizeof(c->nest_run));
	}
}

/*
 * One phase: @op in every selected context on every selected CPU for @ms,
 * with @gp's writer timing grace periods meanwhile if @gp is set.  @op NULL
 * runs no readers (grace periods with readers idle).  Read and lost records
 * are emitted for phases without a writer; @rc->wait waits the phase out.
 * Returns 0, or -EINTR when the run was aborted (a signal or rmmod) and nothing was emitted.
 */
int sb_phase(const struct sb_config *cfg, const struct sb_runctl *rc,
	     unsigned int run, const struct sb_op *op, unsigned int ms,
	     struct sb_gp_phase *gp)
{
	return sb_phase_run(cfg, rc, run, op, ms, gp, op && !gp);
}

/* The last phase's figures of one reader, for a caller that emits its own. */
const struct sb_stat *sb_readers_stat(unsigned int cpu, unsigned int ctx)
{
	return &sb_cpus[cpu].stat[ctx];
}

/* sb_phase(), emitting the read and lost records or not (@emit). */
int sb_phase_run(const struct sb_config *cfg, const struct sb_runctl *rc,
		 unsigned int run, const struct sb_op *op, unsigned int ms,
		 struct sb_gp_phase *gp, bool emit)
{
	int ret = 0, wait;

	if (op && op->init) {
		ret = op->init();
		if (ret)
			return ret;
	}
	if (op) {
		ret = sb_readers_start(cfg, op);
		if (ret)
			goto cleanup;
	}
	if (gp)
		ret = sb_gp_phase_start(gp);
	wait = ret ?: sb_phase_wait(cfg, rc, run, op, ms);
	if (gp && !ret)
		sb_gp_phase_stop(gp);
	if (op)
		sb_readers_stop(cfg);
	if (!wait && op && emit)
		sb_emit_reads(cfg, run, op);
	ret = wait;
cleanup:
	if (op && op->cleanup)
		op->cleanup();
	return ret;
}
