/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srcu_bench: a model SRCU, written from the algorithm of the 2017 reader
 * and grace period (per-CPU lock and unlock counts for two indices), whose
 * read-side lock increment is a table entry, so that the increment the
 * cover letter is about can be swapped while everything else stays.
 *
 * An increment variant is one function that adds 1 to the per-CPU counter
 * @p points to on the current CPU, as __this_cpu_inc(*p) would; it is called
 * with preemption disabled, and may be interrupted by a reader of any
 * context on the same CPU unless it says otherwise.  Adding a variant is one
 * function and one sb_model_incs[] entry.
 */
#ifndef SRCU_BENCH_MODEL_H
#define SRCU_BENCH_MODEL_H

#include <linux/percpu.h>
#include <linux/types.h>

struct sb_model_inc {
	const char *name;
	void (*inc)(unsigned long __percpu *p);
	const char *unavailable;	/* non-NULL: why this build lacks it */
};

extern const struct sb_model_inc sb_model_incs[];
extern const unsigned int sb_nr_model_incs;
const struct sb_model_inc *sb_model_inc_lookup(const char *name);

struct sb_model_cpu {
	unsigned long lock_count[2];
	unsigned long unlock_count[2];
};

struct sb_model {
	struct sb_model_cpu __percpu *pcpu;
	const struct sb_model_inc *inc;	/* the lock-side increment */
	unsigned long idx;		/* low bit: the index readers take */
	u64 wait_ns;			/* bound on each drain wait */
	unsigned long gps;		/* grace periods that completed */
	unsigned long stalled;		/* drain waits that timed out */
};

int sb_model_init(struct sb_model *m, const struct sb_model_inc *inc,
		  u64 wait_ns);
void sb_model_cleanup(struct sb_model *m);
void sb_model_reset(struct sb_model *m);

/* Readers: preemption (or interrupts) disabled by the caller. */
static __always_inline int sb_model_read_lock(struct sb_model *m)
{
	int idx = READ_ONCE(m->idx) & 1;

	m->inc->inc(&m->pcpu->lock_count[idx]);
	smp_mb(); /* B: the section follows the increment. */
	return idx;
}

static __always_inline void sb_model_read_unlock(struct sb_model *m, int idx)
{
	smp_mb(); /* C: the section precedes the increment. */
	this_cpu_inc(m->pcpu->unlock_count[idx]);
}

/*
 * One grace period, from a single updater in process context: false when a
 * drain wait timed out (counted in m->stalled; the grace period did not
 * complete and nothing it protects may be treated as retired).
 */
bool sb_model_synchronize(struct sb_model *m);

/* Sum of locks minus sum of unlocks: the teardown imbalance (readers idle). */
long sb_model_imbalance(struct sb_model *m);

#endif /* SRCU_BENCH_MODEL_H */
