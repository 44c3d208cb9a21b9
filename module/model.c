// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: the model SRCU (model.h).  Readers: take the current index,
 * increment lock_count[idx] with the variant under test, smp_mb(); unlock:
 * smp_mb(), this_cpu_inc(unlock_count[idx]).  A grace period drains the
 * index readers are not taking, flips the index, and drains the old one.
 * An index is drained when the sum of its unlock counts, read first, equals
 * the sum of its lock counts, read after an smp_mb(): a reader counted in
 * neither sum started after the flip (the flip is ordered before it by its
 * smp_mb() B) or after the sum was taken.  A lost lock increment makes the
 * sums equal while a reader is still inside (a premature grace period), and
 * unequal for ever after that reader leaves (a stalled one): every drain
 * wait is bounded by wait_ns, and one that times out is counted, never
 * waited out.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/percpu.h>
#include <linux/processor.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/string.h>

#include "model.h"
#include "srcu_bench.h"

/* The 2017 __srcu_read_lock(): not irq-safe where it is a load and a store. */
static void sb_minc___this_cpu_inc(unsigned long __percpu *p)
{
	__this_cpu_inc(*p);
}

/* The fix: irq-safe on every arch. */
static void sb_minc_this_cpu_inc(unsigned long __percpu *p)
{
	this_cpu_inc(*p);
}

/*
 * The race amplifier: a load, race_delay cpu_relax() calls, a store, so that
 * an interrupt lands between them under plain TCG too (TCG never interrupts
 * a short read-modify-write).
 */
static void sb_minc_racy(unsigned long __percpu *p)
{
	unsigned long *q = raw_cpu_ptr(p);
	unsigned long v = READ_ONCE(*q);
	unsigned int i;

	for (i = 0; i < READ_ONCE(sb_race_delay); i++)
		cpu_relax();
	WRITE_ONCE(*q, v + 1);
}

const struct sb_model_inc sb_model_incs[] = {
	{ .name = "__this_cpu_inc", .inc = sb_minc___this_cpu_inc },
	{ .name = "this_cpu_inc", .inc = sb_minc_this_cpu_inc },
	{ .name = "racy_inc", .inc = sb_minc_racy },
};

const unsigned int sb_nr_model_incs = ARRAY_SIZE(sb_model_incs);

const struct sb_model_inc *sb_model_inc_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < sb_nr_model_incs; i++)
		if (!strcmp(sb_model_incs[i].name, name))
			return &sb_model_incs[i];
	return NULL;
}

int sb_model_init(struct sb_model *m, const struct sb_model_inc *inc,
		  u64 wait_ns)
{
	memset(m, 0, sizeof(*m));
	m->pcpu = alloc_percpu(struct sb_model_cpu);
	if (!m->pcpu)
		return -ENOMEM;
	m->inc = inc;
	m->wait_ns = wait_ns;
	return 0;
}

void sb_model_cleanup(struct sb_model *m)
{
	free_percpu(m->pcpu);
	m->pcpu = NULL;
}

/* Readers idle: zero the counts and the tallies. */
void sb_model_reset(struct sb_model *m)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(m->pcpu, cpu), 0, sizeof(struct sb_model_cpu));
	m->idx = 0;
	m->gps = 0;
	m->stalled = 0;
}

static unsigned long sb_model_sum(struct sb_model *m, bool lock, int idx)
{
	unsigned long sum = 0;
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct sb_model_cpu *c = per_cpu_ptr(m->pcpu, cpu);

		sum += lock ? READ_ONCE(c->lock_count[idx]) :
			      READ_ONCE(c->unlock_count[idx]);
	}
	return sum;
}

static bool sb_model_idx_drained(struct sb_model *m, int idx)
{
	unsigned long unlocks = sb_model_sum(m, false, idx);

	smp_mb(); /* A: the unlocks are summed before the locks. */
	return sb_model_sum(m, true, idx) == unlocks;
}

/* Wait, at most wait_ns, for @idx to drain. */
static bool sb_model_drain(struct sb_model *m, int idx)
{
	u64 t0 = local_clock();
	unsigned int spins = 0;

	while (!sb_model_idx_drained(m, idx)) {
		if (local_clock() - t0 > m->wait_ns) {
			m->stalled++;
			return false;
		}
		if (++spins < 16) {
			cpu_relax();
			continue;
		}
		usleep_range(5, 10);
	}
	smp_mb(); /* D: what follows the grace period follows the sections. */
	return true;
}

bool sb_model_synchronize(struct sb_model *m)
{
	unsigned long idx = READ_ONCE(m->idx);

	smp_mb(); /* The updater's earlier accesses precede the checks. */
	if (!sb_model_drain(m, (idx + 1) & 1))
		return false;
	WRITE_ONCE(m->idx, idx + 1);
	smp_mb(); /* The flip precedes the check of the old index. */
	if (!sb_model_drain(m, idx & 1))
		return false;
	m->gps++;
	return true;
}

long sb_model_imbalance(struct sb_model *m)
{
	return (long)(sb_model_sum(m, true, 0) + sb_model_sum(m, true, 1) -
		      sb_model_sum(m, false, 0) - sb_model_sum(m, false, 1));
}
