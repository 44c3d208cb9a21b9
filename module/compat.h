/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srcu_bench: every kernel-version dependency lives here and nowhere else.
 */
#ifndef SRCU_BENCH_COMPAT_H
#define SRCU_BENCH_COMPAT_H

#include <linux/hrtimer.h>
#include <linux/srcu.h>

/*
 * The SB_HAVE_* flags come from feature tests on the kernel headers in
 * Kbuild: srcu_read_lock_nmisafe() (v6.2), srcu_read_lock_lite() (v6.13),
 * srcu_read_lock_fast() (v6.15), struct srcu_usage (v6.4), hrtimer_setup()
 * (v6.13).
 */

/*
 * hrtimer_setup() replaced hrtimer_init() plus an assignment of ->function
 * in v6.13; hrtimer_init() went away later.
 */
static inline void sb_hrtimer_setup(struct hrtimer *t,
				    enum hrtimer_restart (*fn)(struct hrtimer *),
				    enum hrtimer_mode mode)
{
#ifdef SB_HAVE_HRTIMER_SETUP
	hrtimer_setup(t, fn, CLOCK_MONOTONIC, mode);
#else
	hrtimer_init(t, CLOCK_MONOTONIC, mode);
	t->function = fn;
#endif
}

/*
 * Tree SRCU's grace-period sequence (struct srcu_usage since v6.4) and the
 * per-CPU srcu_data's srcu_gp_seq_needed_exp: srcu_gp_start_if_needed()
 * raises the latter to the requested grace period's sequence number iff the
 * request is expedited (do_norm false), and unlike the srcu_struct's and the
 * srcu_nodes' copies srcu_gp_end() does not drag it along afterwards (only
 * when counter_wrap_check fires, 100 sequence numbers behind).
 */
#ifdef CONFIG_TREE_SRCU
#define SB_HAVE_GP_CLASSIFY 1
static inline unsigned long sb_srcu_gp_seq(struct srcu_struct *ssp)
{
#ifdef SB_HAVE_SRCU_USAGE
	return READ_ONCE(ssp->srcu_sup->srcu_gp_seq);
#else
	return READ_ONCE(ssp->srcu_gp_seq);
#endif
}

/* When the last grace period ended (ktime_get_mono_fast_ns()). */
static inline unsigned long sb_srcu_last_gp_end(struct srcu_struct *ssp)
{
#ifdef SB_HAVE_SRCU_USAGE
	return READ_ONCE(ssp->srcu_sup->srcu_last_gp_end);
#else
	return READ_ONCE(ssp->srcu_last_gp_end);
#endif
}

static inline unsigned long sb_srcu_needed_exp(struct srcu_struct *ssp,
					       unsigned int cpu)
{
	return READ_ONCE(per_cpu_ptr(ssp->sda, cpu)->srcu_gp_seq_needed_exp);
}
#endif

/* __assign_str() lost its source argument in v6.10. */
#ifdef SB_HAVE_ASSIGN_STR_1
#define SB_ASSIGN_STR(field)	__assign_str(field)
#else
#define SB_ASSIGN_STR(field)	__assign_str(field, field)
#endif

#endif /* SRCU_BENCH_COMPAT_H */
