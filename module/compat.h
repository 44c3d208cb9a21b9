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

/*
 * The srcu_data's lock plus unlock counts of @cpu, both indexes summed
 * (Tree SRCU): each reader adds 2 on the CPU it ran on.  Plain unsigned
 * long until v6.2, atomic_long_t since, struct srcu_ctr since v6.15.
 */
static inline unsigned long sb_srcu_lock_unlock(struct srcu_struct *ssp,
						 unsigned int cpu)
{
#ifdef CONFIG_TREE_SRCU
	struct srcu_data *sdp = per_cpu_ptr(ssp->sda, cpu);
	unsigned long n = 0;
	int i;

	for (i = 0; i < 2; i++) {
#if defined(SB_HAVE_SRCU_CTRS)
		n += atomic_long_read(&sdp->srcu_ctrs[i].srcu_locks) +
		     atomic_long_read(&sdp->srcu_ctrs[i].srcu_unlocks);
#elif defined(SB_HAVE_SRCU_ATOMIC_COUNT)
		n += atomic_long_read(&sdp->srcu_lock_count[i]) +
		     atomic_long_read(&sdp->srcu_unlock_count[i]);
#else
		n += READ_ONCE(sdp->srcu_lock_count[i]) +
		     READ_ONCE(sdp->srcu_unlock_count[i]);
#endif
	}
	return n;
#else
	return 0;
#endif
}

/*
 * x86: function-call IPIs a CPU has taken (the CAL line of /proc/interrupts);
 * irq_stat's named counters became counts[IRQ_COUNT_*] in v7.x.
 */
#ifdef CONFIG_X86
#include <asm/hardirq.h>
#include <asm/percpu.h>
#ifdef SB_HAVE_X86_CPUID_API
#include <asm/cpuid/api.h>	/* cpuid_eax(): asm/processor.h before v7.x */
#endif

/*
 * The %gs-relative operand of a per-CPU variable for inline asm written with
 * __percpu_arg(): with the compiler's named address spaces (v6.8+) the
 * operand carries the segment itself (__my_cpu_var()), before that it is the
 * plain per-CPU offset.
 */
#ifdef __my_cpu_var
#define SB_PCPU_VAR(pcp)	__my_cpu_var(*(pcp))
#else
#define SB_PCPU_VAR(pcp)	(*(unsigned long __force *)(pcp))
#endif
static inline unsigned long sb_x86_call_ipis(unsigned int cpu)
{
#ifdef SB_HAVE_X86_IRQ_COUNTS
	return per_cpu(irq_stat, cpu).counts[IRQ_COUNT_CALL_FUNCTION];
#else
	return per_cpu(irq_stat, cpu).irq_call_count;
#endif
}
#endif

#endif /* SRCU_BENCH_COMPAT_H */
