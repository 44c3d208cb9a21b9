// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: the op table.  Each op is a noinline loop of n operations, so
 * that one indirect call per timed batch is all the dispatch there is.  The
 * barrier() in every iteration keeps the compiler from merging or hoisting
 * operations, the empty op included, so the empty op measures exactly the
 * loop the other ops run in.  Kbuild compiles this file so that every loop
 * is one op plus the same increment, compare and branch on every arch.
 *
 * .nmi_safe: srcu_read_lock() and the other flavours but srcu_read_lock_nmisafe()
 * are not NMI-safe (srcu_read_lock() is this_cpu_inc() of a counter that
 * srcu_read_unlock() may run on another CPU, and lockdep checks that an
 * srcu_struct is used from NMI only by the _nmisafe flavour), so they are
 * kept out of the nmi context: that is why srcu_read_lock_nmisafe() exists.
 *
 * Adding a primitive is adding one SB_LOOP() and one table entry (a
 * primitive some kernels lack: its SB_LOOP() under the compat #ifdef).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/processor.h>
#include <linux/sched/clock.h>

#include "compat.h"
#include "srcu_bench.h"
#include "variants.h"

DEFINE_PER_CPU_ALIGNED(union sb_counter, sb_counter);
DEFINE_SRCU(sb_srcu);

#define SB_LOOP(name, body)						\
static noinline void sb_loop_##name(unsigned long n)			\
{									\
	unsigned long i;						\
									\
	for (i = 0; i < n; i++) {					\
		body;							\
		barrier();						\
	}								\
}

SB_LOOP(empty, do { } while (0))

/* The baselines' gap loops (gap=, srcu_bench.h), for ops=variants. */
unsigned int sb_gap_nops;
static SB_GAP_LOOP(empty, do { } while (0))
static SB_GAP_LOOP(this_cpu_inc, this_cpu_inc(sb_counter.ul))
static SB_GAP_LOOP(__this_cpu_inc, __this_cpu_inc(sb_counter.ul))

SB_LOOP(srcu, srcu_read_unlock(&sb_srcu, srcu_read_lock(&sb_srcu)))

/* An SRCU op's count: its srcu_struct's lock and unlock counts on @cpu. */
#ifdef CONFIG_TREE_SRCU
static unsigned long sb_count_srcu(unsigned int cpu)
{
	return sb_srcu_lock_unlock(&sb_srcu, cpu) / 2;
}
#define SB_COUNT_SRCU	sb_count_srcu
#else
#define SB_COUNT_SRCU	NULL
#endif

SB_LOOP(this_cpu_inc, this_cpu_inc(sb_counter.ul))

SB_LOOP(__this_cpu_inc, __this_cpu_inc(sb_counter.ul))

SB_LOOP(raw_cpu_inc, raw_cpu_inc(sb_counter.ul))

static __always_inline void sb_irqsave_inc(void)
{
	unsigned long flags;

	local_irq_save(flags);
	__this_cpu_inc(sb_counter.ul);
	local_irq_restore(flags);
}
SB_LOOP(irqsave_inc, sb_irqsave_inc())

static __always_inline void sb_preempt_inc(void)
{
	preempt_disable();
	__this_cpu_inc(sb_counter.ul);
	preempt_enable();
}
SB_LOOP(preempt_inc, sb_preempt_inc())

SB_LOOP(atomic_inc, atomic_long_inc(&raw_cpu_ptr(&sb_counter)->al))

SB_LOOP(fetch_add,
	atomic_long_fetch_add_relaxed(1, &raw_cpu_ptr(&sb_counter)->al))

SB_LOOP(local_inc, local_inc(&this_cpu_ptr(&sb_counter)->l))

/*
 * The race amplifier: what __this_cpu_inc() is on load/store architectures
 * (load, add, store), with the window between load and store widened by
 * race_delay cpu_relax() calls.  An interrupt whose handler increments the
 * same counter inside the window loses its increments.
 */
unsigned int sb_race_delay;

static __always_inline void sb_racy_inc(void)
{
	unsigned long *p = raw_cpu_ptr(&sb_counter.ul);
	unsigned long v = READ_ONCE(*p);
	unsigned int i;

	for (i = 0; i < READ_ONCE(sb_race_delay); i++)
		cpu_relax();
	WRITE_ONCE(*p, v + 1);
}
SB_LOOP(racy_inc, sb_racy_inc())

/*
 * SRCU reader flavours newer than srcu_read_lock().  Each gets its own
 * srcu_struct: SRCU forbids mixing flavours on one srcu_struct.  Each
 * #ifdef block defines SB_OP_<NAME>, what its table entry gets: the loop, or
 * on a kernel without the primitive the reason it is unavailable.
 */
#ifdef SB_HAVE_SRCU_NMISAFE
DEFINE_STATIC_SRCU(sb_srcu_nmisafe);
SB_LOOP(srcu_nmisafe,
	srcu_read_unlock_nmisafe(&sb_srcu_nmisafe,
				 srcu_read_lock_nmisafe(&sb_srcu_nmisafe)))
#ifdef CONFIG_TREE_SRCU
static unsigned long sb_count_srcu_nmisafe(unsigned int cpu)
{
	return sb_srcu_lock_unlock(&sb_srcu_nmisafe, cpu) / 2;
}
#define SB_OP_SRCU_NMISAFE	.loop = sb_loop_srcu_nmisafe, .count = sb_count_srcu_nmisafe
#else
#define SB_OP_SRCU_NMISAFE	.loop = sb_loop_srcu_nmisafe
#endif
#else
#define SB_OP_SRCU_NMISAFE	.unavailable = "kernel-lacks-srcu_read_lock_nmisafe(v6.2+)"
#endif

#ifdef SB_HAVE_SRCU_LITE
DEFINE_STATIC_SRCU(sb_srcu_lite);
SB_LOOP(srcu_lite,
	srcu_read_unlock_lite(&sb_srcu_lite, srcu_read_lock_lite(&sb_srcu_lite)))
#define SB_OP_SRCU_LITE	.loop = sb_loop_srcu_lite
#else
#define SB_OP_SRCU_LITE	.unavailable = "kernel-lacks-srcu_read_lock_lite(v6.13+,since-removed)"
#endif

/*
 * srcu_read_lock_fast() (v6.15+) returns the per-CPU counter to pass to the
 * unlock; newer kernels want the srcu_struct declared SRCU-fast.
 */
#ifdef SB_HAVE_SRCU_FAST
#ifdef SB_HAVE_DEFINE_SRCU_FAST
DEFINE_STATIC_SRCU_FAST(sb_srcu_fast);
#else
DEFINE_STATIC_SRCU(sb_srcu_fast);
#endif
SB_LOOP(srcu_fast,
	srcu_read_unlock_fast(&sb_srcu_fast, srcu_read_lock_fast(&sb_srcu_fast)))
#define SB_OP_SRCU_FAST	.loop = sb_loop_srcu_fast
#else
#define SB_OP_SRCU_FAST	.unavailable = "kernel-lacks-srcu_read_lock_fast(v6.15+)"
#endif

#ifdef SB_HAVE_SRCU_FAST_UPDOWN
DEFINE_STATIC_SRCU_FAST_UPDOWN(sb_srcu_fast_updown);
SB_LOOP(srcu_fast_updown,
	srcu_read_unlock_fast_updown(&sb_srcu_fast_updown,
				     srcu_read_lock_fast_updown(&sb_srcu_fast_updown)))
#define SB_OP_SRCU_FAST_UPDOWN	.loop = sb_loop_srcu_fast_updown
#else
#define SB_OP_SRCU_FAST_UPDOWN	.unavailable = "kernel-lacks-srcu_read_lock_fast_updown"
#endif

const struct sb_op sb_ops[] = {
	{
		.name = "empty", .loop = sb_loop_empty,
		.gap_loop = sb_loop_gap_empty, .nmi_safe = true,
	},
	{
		.name = "srcu", .loop = sb_loop_srcu, .nmi_safe = false,
		.gp_reader = true, .count = SB_COUNT_SRCU,
	},
	{
		.name = "this_cpu_inc", .loop = sb_loop_this_cpu_inc,
		.gap_loop = sb_loop_gap_this_cpu_inc,
		.counts = true, .nmi_safe = true,
	},
	{
		.name = "__this_cpu_inc", .loop = sb_loop___this_cpu_inc,
		.gap_loop = sb_loop_gap___this_cpu_inc,
		.counts = true, .nmi_safe = true,
	},
	{
		.name = "raw_cpu_inc", .loop = sb_loop_raw_cpu_inc,
		.counts = true, .nmi_safe = true,
	},
	{
		.name = "irqsave_inc", .loop = sb_loop_irqsave_inc,
		.counts = true, .nmi_safe = true,
	},
	{
		.name = "preempt_inc", .loop = sb_loop_preempt_inc,
		.counts = true, .nmi_safe = true,
	},
	{
		.name = "atomic_inc", .loop = sb_loop_atomic_inc,
		.counts = true, .nmi_safe = true,
	},
	{
		.name = "fetch_add", .loop = sb_loop_fetch_add,
		.counts = true, .nmi_safe = true,
	},
	{
		.name = "local_inc", .loop = sb_loop_local_inc,
		.counts = true, .nmi_safe = true,
	},
	{
		.name = "racy_inc", .loop = sb_loop_racy_inc,
		.counts = true, .nmi_safe = true,
	},
	{
		.name = "srcu_nmisafe", SB_OP_SRCU_NMISAFE,
		.nmi_safe = true,
	},
	{
		.name = "srcu_lite", SB_OP_SRCU_LITE,
		.nmi_safe = false,
	},
	{
		.name = "srcu_fast", SB_OP_SRCU_FAST,
		.nmi_safe = false,
	},
	{
		.name = "srcu_fast_updown", SB_OP_SRCU_FAST_UPDOWN,
		.nmi_safe = false,
	},
	/* The per-arch variants (variants.h), bare, then in the reader shape. */
	SB_VOP(A64, llsc),
	SB_VOP(A64, stadd),
	SB_VOP(A64, ldadd),
	SB_VOP(A64, prfm_strm_stadd),
	SB_VOP(A64, prfm_keep_stadd),
	SB_VOP(A64, irqoff_add),
	SB_VOP(A64, ldadd_nopreempt),
	SB_VOP(X86, gs_inc),
	SB_VOP(X86, lock_gs_inc),
	SB_VOP(X86, cli_inc),
	SB_VOP(PPC_NONMI, softmask_inc),
	SB_VOP(PPC, mtmsrd_inc),
	SB_VOP(PPC, ldarx_stdcx),
	SB_VOP(S390, agsi),
	SB_VOP(S390, laag),
	SB_VOP(S390, csg_loop),
	SB_VOP(RV, amoadd),
	SB_VOP(RV, lrsc),
	SB_VOP(RV, csr_irqoff),
	SB_VRD(A64, llsc),
	SB_VRD(A64, stadd),
	SB_VRD(A64, ldadd),
	SB_VRD(A64, prfm_strm_stadd),
	SB_VRD(A64, prfm_keep_stadd),
	SB_VRD(A64, irqoff_add),
	SB_VRD(A64, ldadd_nopreempt),
	SB_VRD(X86, gs_inc),
	SB_VRD(X86, lock_gs_inc),
	SB_VRD(X86, cli_inc),
	SB_VRD(PPC_NONMI, softmask_inc),
	SB_VRD(PPC, mtmsrd_inc),
	SB_VRD(PPC, ldarx_stdcx),
	SB_VRD(S390, agsi),
	SB_VRD(S390, laag),
	SB_VRD(S390, csg_loop),
	SB_VRD(RV, amoadd),
	SB_VRD(RV, lrsc),
	SB_VRD(RV, csr_irqoff),
};

const unsigned int sb_nr_ops = ARRAY_SIZE(sb_ops);
static_assert(ARRAY_SIZE(sb_ops) <= SB_MAX_OPS);

/*
 * The loaded grace periods' readers with hold_ns > 0: srcu_read_lock(),
 * hold_ns of spinning on local_clock(), srcu_read_unlock().  Not in the op
 * table, so the other ops' loops stay as they are.
 */
unsigned int sb_hold_ns;

static noinline void sb_loop_srcu_hold(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		int idx = srcu_read_lock(&sb_srcu);
		u64 t0 = local_clock();

		while (local_clock() - t0 < READ_ONCE(sb_hold_ns))
			cpu_relax();
		srcu_read_unlock(&sb_srcu, idx);
	}
}

const struct sb_op sb_op_srcu_hold = {
	.name = "srcu_hold",
	.loop = sb_loop_srcu_hold,
	.nmi_safe = false,
};

/* Why @op cannot run here: the table's reason, or a variant's (the CPU's). */
const char *sb_op_unavailable(const struct sb_op *op)
{
	return op->unavailable ?: sb_variant_unavailable(op);
}

/*
 * One op record per op: the selected contexts it runs in, and in the reason
 * column why it does not run in the others (CTX:why, '+' between them).
 */
void sb_ops_emit(const struct sb_config *cfg)
{
	unsigned int i, ctx;

	for (i = 0; i < sb_nr_ops; i++) {
		const struct sb_op *op = &sb_ops[i];
		const char *status = "available", *na_op = sb_op_unavailable(op);
		char ctxs[48] = "", why[160] = "";

		for (ctx = 0; ctx < sb_nr_ctx; ctx++) {
			const char *na = sb_ctx_unavailable(ctx);

			if (!(cfg->ctx_mask & BIT(ctx)))
				continue;
			if (!sb_ctx_allows(ctx, op))
				na = "not-allowed-by-op";
			if (na)
				snprintf(why + strlen(why), sizeof(why) - strlen(why),
					 "%s%s:%s", *why ? "+" : "",
					 sb_ctx_name(ctx), na);
			else
				snprintf(ctxs + strlen(ctxs),
					 sizeof(ctxs) - strlen(ctxs), "%s%s",
					 *ctxs ? "," : "", sb_ctx_name(ctx));
		}
		if (na_op)
			status = "unavailable";
		else if (!(cfg->op_mask & BIT_ULL(i)))
			status = "not-selected";
		sb_out("op %s %s %s %d %s\n", op->name, status,
		       na_op || !*ctxs ? "-" : ctxs, op->counts,
		       na_op ?: *why ? why : "-");
		if (na_op && (cfg->op_mask & BIT_ULL(i)))
			pr_info("op %s unavailable: %s\n", op->name, na_op);
	}
}

/* The op whose readers load the grace periods when hold_ns is 0. */
const struct sb_op *sb_op_find_gp_reader(void)
{
	unsigned int i;

	for (i = 0; i < sb_nr_ops; i++)
		if (sb_ops[i].gp_reader && !sb_ops[i].unavailable)
			return &sb_ops[i];
	return NULL;
}
