// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: the readers.  In one phase, every selected CPU runs the same
 * op in every selected context at once, all on that CPU's shared counter
 * and the shared srcu_struct:
 *   process: a kthread bound to the CPU; batches run with preemption
 *            disabled and interrupts enabled, as srcu_read_lock() did in
 *            2017, and it reports RCU-tasks quiescent states in between;
 *   softirq: a pinned soft hrtimer running one batch per firing;
 *   hardirq: a pinned hard hrtimer running one batch per firing.
 * Batch sizes start at one op and double up to the configured size while a
 * batch takes under a quarter of its budget, and halve when one exceeds it,
 * so the work per interrupt (or per preemption-off section) stays bounded
 * whatever the op costs.  A timer re-arms at least 4x its last batch time
 * away, so each timer takes at most a quarter of its CPU.
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

#include "compat.h"
#include "srcu_bench.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

#define SB_PROC_BUDGET_NS	(1000 * NSEC_PER_USEC)

enum sb_exec { SB_EXEC_HARDIRQ, SB_EXEC_SOFTIRQ, SB_EXEC_TASK, SB_NR_EXEC };

struct sb_timer {
	struct hrtimer timer;
	struct sb_stat *st;
	unsigned int cpu;
	unsigned int ctx;
	unsigned long batch;
};

struct sb_cpu {
	struct task_struct *thread;
	struct sb_stat stat[SB_NR_CTX];
	struct sb_timer timer[SB_NR_CTX];	/* softirq and hardirq only */
	unsigned long exec[SB_NR_CTX][SB_NR_EXEC];
	unsigned long misplaced;
	bool timers_started;	/* by sb_timers_start(), this phase */
	bool in_phase;		/* a reader CPU of the phase in progress */
	bool gone;		/* went offline: its readers stop for the phase */
	enum sb_valid valid;
};

static struct sb_cpu *sb_cpus;
static int sb_cpuhp_state = -1;
static u32 *sb_hists;
static unsigned long sb_exec_run[SB_NR_CTX][SB_NR_EXEC];

/* Where a batch really runs: PREEMPT_RT, for one, runs softirqs in threads. */
static __always_inline enum sb_exec sb_exec_now(void)
{
	if (in_hardirq())
		return SB_EXEC_HARDIRQ;
	if (in_serving_softirq())
		return SB_EXEC_SOFTIRQ;
	return SB_EXEC_TASK;
}

/* The phase in progress, read by the readers. */
static const struct sb_op *sb_cur_op;
static unsigned int sb_cur_ctx_mask;
static bool sb_stopping;
static unsigned long sb_target_batch, sb_target_irq_batch;
static u64 sb_period_ns, sb_irq_budget_ns;

static const enum hrtimer_mode sb_timer_mode[SB_NR_CTX] = {
	[SB_CTX_SOFTIRQ] = HRTIMER_MODE_REL_PINNED_SOFT,
	[SB_CTX_HARDIRQ] = HRTIMER_MODE_REL_PINNED_HARD,
};

static enum hrtimer_restart sb_timer_fn(struct hrtimer *timer);
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
			if (ctx != SB_CTX_PROCESS)
				sb_hrtimer_setup(&c->timer[ctx].timer, sb_timer_fn,
						 sb_timer_mode[ctx]);
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

static unsigned long sb_next_batch(unsigned long b, unsigned long target,
				   u64 ns, u64 budget)
{
	if (ns > budget && b > 1)
		return b / 2;
	if (ns < budget / 4 && b < target)
		return min(b * 2, target);
	return b;
}

static int sb_process_fn(void *arg)
{
	struct sb_cpu *c = arg;
	struct sb_stat *st = &c->stat[SB_CTX_PROCESS];
	const struct sb_op *op = sb_cur_op;
	unsigned int cpu = c - sb_cpus;
	unsigned long b = 1;

	while (!kthread_should_stop()) {
		u64 t0, ns;

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
		t0 = local_clock();
		op->loop(b);
		ns = local_clock() - t0;
		preempt_enable();
		sb_stat_add(st, ns, b);
		b = sb_next_batch(b, sb_target_batch, ns, SB_PROC_BUDGET_NS);
		cond_resched_tasks_rcu_qs();
	}
	return 0;
}

static enum hrtimer_restart sb_timer_fn(struct hrtimer *timer)
{
	struct sb_timer *t = container_of(timer, struct sb_timer, timer);
	const struct sb_op *op = READ_ONCE(sb_cur_op);
	u64 t0, ns;

	if (READ_ONCE(sb_stopping) || READ_ONCE(sb_cpus[t->cpu].gone))
		return HRTIMER_NORESTART;
	if (unlikely(smp_processor_id() != t->cpu)) {
		/* Migrated by CPU hotplug: stop rather than count elsewhere. */
		sb_cpus[t->cpu].misplaced++;
		return HRTIMER_NORESTART;
	}
	sb_cpus[t->cpu].exec[t->ctx][sb_exec_now()]++;
	t0 = local_clock();
	op->loop(t->batch);
	ns = local_clock() - t0;
	sb_stat_add(t->st, ns, t->batch);
	t->batch = sb_next_batch(t->batch, sb_target_irq_batch, ns,
				 sb_irq_budget_ns);
	hrtimer_forward_now(timer, ns_to_ktime(max(sb_period_ns, 4 * ns)));
	return HRTIMER_RESTART;
}

/* Runs on the timers' CPU (IPI), so that PINNED pins them there. */
static void sb_timers_start(void *arg)
{
	struct sb_cpu *c = arg;
	unsigned int ctx;

	for (ctx = SB_CTX_SOFTIRQ; ctx <= SB_CTX_HARDIRQ; ctx++) {
		struct sb_timer *t = &c->timer[ctx];

		if (!(sb_cur_ctx_mask & BIT(ctx)))
			continue;
		t->batch = 1;
		hrtimer_start(&t->timer, ns_to_ktime(sb_period_ns),
			      sb_timer_mode[ctx]);
	}
	c->timers_started = true;
}

static void sb_timers_cancel(struct sb_cpu *c)
{
	unsigned int ctx;

	if (!c->timers_started)
		return;
	for (ctx = SB_CTX_SOFTIRQ; ctx <= SB_CTX_HARDIRQ; ctx++)
		if (sb_cur_ctx_mask & BIT(ctx))
			hrtimer_cancel(&c->timer[ctx].timer);
}

/*
 * cpuhp teardown, on @cpu as it goes offline (the hotplug lock is held for
 * writing, so no phase starts or ends meanwhile): a reader CPU of the phase
 * in progress is marked, and its readers stop for the rest of the phase.
 */
static int sb_cpu_offline(unsigned int cpu)
{
	struct sb_cpu *c = &sb_cpus[cpu];

	if (!c->in_phase)
		return 0;
	WRITE_ONCE(c->gone, true);
	c->valid = SB_VALID_OFFLINE;
	sb_timers_cancel(c);
	return 0;
}

/* Stop exactly what sb_readers_start() started. */
static void sb_readers_stop(const struct sb_config *cfg)
{
	unsigned int cpu;

	WRITE_ONCE(sb_stopping, true);
	for_each_cpu(cpu, cfg->cpus) {
		struct sb_cpu *c = &sb_cpus[cpu];

		sb_timers_cancel(c);
		if (c->thread) {
			kthread_stop(c->thread);
			put_task_struct(c->thread);
			c->thread = NULL;
		}
	}
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
		per_cpu(sb_counter, cpu).ul = 0;
		for (ctx = 0; ctx < SB_NR_CTX; ctx++)
			sb_stat_reset(&c->stat[ctx]);
	}
	/*
	 * The threads first (kthread_create() fails with -EINTR on a fatal
	 * signal, or -ENOMEM): nothing runs yet, so unwinding stops only the
	 * threads created.
	 */
	if (cfg->ctx_mask & BIT(SB_CTX_PROCESS)) {
		for_each_cpu(cpu, cfg->cpus) {
			struct task_struct *t;

			t = kthread_create(sb_process_fn, &sb_cpus[cpu],
					   "sb_process/%u", cpu);
			if (IS_ERR(t)) {
				sb_readers_stop(cfg);
				return PTR_ERR(t);
			}
			get_task_struct(t);
			sb_cpus[cpu].thread = t;
		}
	}
	/* Publish the phase before any reader can see it. */
	smp_mb();
	cpus_read_lock();
	for_each_cpu(cpu, cfg->cpus) {
		struct sb_cpu *c = &sb_cpus[cpu];

		c->in_phase = true;
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
		if (c->thread) {
			kthread_bind(c->thread, cpu);
			wake_up_process(c->thread);
		}
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

/* Picoseconds as "%llu.%03u" ns, or "-" for a cell without batches. */
static const char *sb_fmt_cell(char *buf, size_t len, const struct sb_stat *st,
			       u64 ps)
{
	if (!st->batches)
		return "-";
	sb_fmt_ps(buf, len, ps);
	return buf;
}

static void sb_emit_reads(const struct sb_config *cfg, unsigned int run,
			  const struct sb_op *op)
{
	char mean[24], p50[24], p95[24], p99[24], lo[24], hi[24];
	unsigned int cpu, ctx;

	for_each_cpu(cpu, cfg->cpus) {
		struct sb_cpu *c = &sb_cpus[cpu];
		enum sb_valid valid = c->valid;
		u64 expected = 0;

		if (valid == SB_VALID_OK && c->misplaced)
			valid = SB_VALID_MOVED;
		for (ctx = 0; ctx < SB_NR_CTX; ctx++) {
			struct sb_stat *st = &c->stat[ctx];
			enum sb_valid v = valid;
			unsigned int e;

			if (!(cfg->ctx_mask & BIT(ctx)))
				continue;
			if (v == SB_VALID_OK && !st->batches)
				v = SB_VALID_EMPTY;
			for (e = 0; e < SB_NR_EXEC; e++)
				sb_exec_run[ctx][e] += c->exec[ctx][e];
			expected += st->ops;
			sb_out("read %u %u %s %s %llu %llu %llu %s %s %s %s %s %s %s\n",
			       run, cpu, sb_ctx_names[ctx], op->name, st->ops,
			       st->ns, st->batches,
			       sb_fmt_cell(mean, sizeof(mean), st, st->ops ?
					   div64_u64(st->ns * 1000, st->ops) : 0),
			       sb_fmt_cell(p50, sizeof(p50), st,
					   sb_stat_percentile_ps(st, 500)),
			       sb_fmt_cell(p95, sizeof(p95), st,
					   sb_stat_percentile_ps(st, 950)),
			       sb_fmt_cell(p99, sizeof(p99), st,
					   sb_stat_percentile_ps(st, 990)),
			       sb_fmt_cell(lo, sizeof(lo), st, sb_stat_min_ps(st)),
			       sb_fmt_cell(hi, sizeof(hi), st, st->max_ps),
			       sb_valid_names[v]);
		}
		if (c->misplaced)
			pr_info("run %u op %s: CPU %u: %lu batches found off their CPU (CPU hotplug) and skipped\n",
				run, op->name, cpu, c->misplaced);
		if (op->counts) {
			unsigned long observed = per_cpu(sb_counter, cpu).ul;
			char ctxs[32] = "";

			for (ctx = 0; ctx < SB_NR_CTX; ctx++)
				if (cfg->ctx_mask & BIT(ctx))
					snprintf(ctxs + strlen(ctxs),
						 sizeof(ctxs) - strlen(ctxs), "%s%s",
						 *ctxs ? "+" : "", sb_ctx_names[ctx]);
			sb_out("lost %u %u %s %s %llu %lu %lld %s\n", run, cpu, ctxs,
			       op->name, expected, observed,
			       (long long)(expected - observed),
			       sb_valid_names[valid]);
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

			if (cfg->ctx_mask & BIT(ctx))
				trace_srcu_bench_sample(run, cpu, sb_ctx_names[ctx],
							op->name, READ_ONCE(st->ops),
							READ_ONCE(st->ns));
		}
	}
}

/* Wait out a read phase, sampling every sample_ms while it is traced. */
static int sb_phase_wait(const struct sb_config *cfg, unsigned int run,
			 const struct sb_op *op, unsigned int ms)
{
	unsigned int step;
	int ret = 0;

	if (!op || !cfg->sample_ms)
		return sb_wait_ms(ms);
	for (; ms && !ret; ms -= step) {
		step = min(ms, cfg->sample_ms);
		ret = sb_wait_ms(step);
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
	unsigned int ctx;

	for (ctx = 0; ctx < SB_NR_CTX; ctx++) {
		unsigned long *e = sb_exec_run[ctx];

		if (cfg->ctx_mask & BIT(ctx))
			sb_out("exec %u %s %lu %lu %lu\n", run, sb_ctx_names[ctx],
			       e[SB_EXEC_HARDIRQ], e[SB_EXEC_SOFTIRQ],
			       e[SB_EXEC_TASK]);
	}
	memset(sb_exec_run, 0, sizeof(sb_exec_run));
}

/*
 * One phase: @op in every selected context on every selected CPU for @ms,
 * with @gp's writer timing grace periods meanwhile if @gp is set.  @op NULL
 * runs no readers (grace periods with readers idle).  Read and lost records
 * are emitted for phases without a writer.  Returns 0, or -EINTR when the
 * run was aborted (a signal or rmmod) and nothing was emitted.
 */
int sb_phase(const struct sb_config *cfg, unsigned int run,
	     const struct sb_op *op, unsigned int ms, struct sb_gp_phase *gp)
{
	int ret = 0, wait;

	if (op) {
		ret = sb_readers_start(cfg, op);
		if (ret)
			return ret;
	}
	if (gp)
		ret = sb_gp_phase_start(gp);
	wait = ret ?: sb_phase_wait(cfg, run, op, ms);
	if (gp && !ret)
		sb_gp_phase_stop(gp);
	if (op)
		sb_readers_stop(cfg);
	if (wait)
		return wait;
	if (op && !gp)
		sb_emit_reads(cfg, run, op);
	return 0;
}
