/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srcu_bench: the per-arch variants of the per-CPU increment (variants.c),
 * as op-table entries: SB_VARIANT_OPS is the one hook in ops.c's table.
 * A variant of another arch is there too, unavailable, with the reason.
 */
#ifndef SRCU_BENCH_VARIANTS_H
#define SRCU_BENCH_VARIANTS_H

#include <linux/types.h>

struct sb_op;

struct sb_variant {
	const char *arch;	/* uname -m of the arch it is for */
	const char *name;	/* its op name */
	const char *insn;	/* what its loop holds, '|'-separated */
	const char *form;	/* this_cpu, raw, irqoff, softmask */
};

#define SB_NR_VARIANTS	19
extern const struct sb_variant sb_variants[SB_NR_VARIANTS];

const char *sb_variant_unavailable(const struct sb_op *op);
void sb_variants_emit(void);
u64 sb_variants_mask(bool baselines);
struct cpumask;
void sb_cpus_emit(const struct cpumask *cpus);

/* The reader-shape ops: the model's counters, set up by the init hook. */
int sb_variants_model_init(void);
void sb_variants_model_cleanup(void);
#define SB_RD_HOOKS	.ctxs = SB_CTXS_ALL,				\
			.init = sb_variants_model_init,			\
			.cleanup = sb_variants_model_cleanup

#define SB_VDECL(f)	void sb_loop_##f(unsigned long n); void sb_loop_rd_##f(unsigned long n)

#ifdef CONFIG_ARM64
SB_VDECL(llsc); SB_VDECL(stadd); SB_VDECL(ldadd); SB_VDECL(prfm_strm_stadd);
SB_VDECL(prfm_keep_stadd); SB_VDECL(irqoff_add); SB_VDECL(ldadd_nopreempt);
#define SB_A64(f)	.loop = sb_loop_##f, .counts = true, .ctxs = SB_CTXS_ALL
#define SB_A64_RD(f)	.loop = sb_loop_rd_##f, SB_RD_HOOKS
#else
#define SB_A64(f)	.counts = true, .ctxs = SB_CTXS_ALL, .unavailable = "variant-of-another-arch(arm64)"
#define SB_A64_RD(f)	.ctxs = SB_CTXS_ALL, .unavailable = "variant-of-another-arch(arm64)"
#endif

#ifdef CONFIG_X86_64
SB_VDECL(gs_inc); SB_VDECL(lock_gs_inc); SB_VDECL(cli_inc);
#define SB_X86(f)	.loop = sb_loop_##f, .counts = true, .ctxs = SB_CTXS_ALL
#define SB_X86_RD(f)	.loop = sb_loop_rd_##f, SB_RD_HOOKS
#else
#define SB_X86(f)	.counts = true, .ctxs = SB_CTXS_ALL, .unavailable = "variant-of-another-arch(x86_64)"
#define SB_X86_RD(f)	.ctxs = SB_CTXS_ALL, .unavailable = "variant-of-another-arch(x86_64)"
#endif

#ifdef CONFIG_PPC64
SB_VDECL(softmask_inc); SB_VDECL(mtmsrd_inc); SB_VDECL(ldarx_stdcx);
#define SB_PPC(f)	.loop = sb_loop_##f, .counts = true, .ctxs = SB_CTXS_ALL
/* arch_local_irq_restore() replays interrupts: not from an NMI */
#define SB_PPC_NONMI(f)	.loop = sb_loop_##f, .counts = true, .ctxs = SB_CTXS_NO_NMI
#define SB_PPC_RD(f)	.loop = sb_loop_rd_##f, SB_RD_HOOKS
#else
#define SB_PPC(f)	.counts = true, .ctxs = SB_CTXS_ALL, .unavailable = "variant-of-another-arch(ppc64le)"
#define SB_PPC_NONMI(f)	SB_PPC(f)
#define SB_PPC_RD(f)	.ctxs = SB_CTXS_ALL, .unavailable = "variant-of-another-arch(ppc64le)"
#endif

#ifdef CONFIG_S390
SB_VDECL(agsi); SB_VDECL(laag); SB_VDECL(csg_loop);
#define SB_S390(f)	.loop = sb_loop_##f, .counts = true, .ctxs = SB_CTXS_ALL
#define SB_S390_RD(f)	.loop = sb_loop_rd_##f, SB_RD_HOOKS
#else
#define SB_S390(f)	.counts = true, .ctxs = SB_CTXS_ALL, .unavailable = "variant-of-another-arch(s390x)"
#define SB_S390_RD(f)	.ctxs = SB_CTXS_ALL, .unavailable = "variant-of-another-arch(s390x)"
#endif

#if defined(CONFIG_RISCV) && defined(CONFIG_64BIT)
SB_VDECL(amoadd); SB_VDECL(lrsc); SB_VDECL(csr_irqoff);
#define SB_RV(f)	.loop = sb_loop_##f, .counts = true, .ctxs = SB_CTXS_ALL
#define SB_RV_RD(f)	.loop = sb_loop_rd_##f, SB_RD_HOOKS
#else
#define SB_RV(f)	.counts = true, .ctxs = SB_CTXS_ALL, .unavailable = "variant-of-another-arch(riscv64)"
#define SB_RV_RD(f)	.ctxs = SB_CTXS_ALL, .unavailable = "variant-of-another-arch(riscv64)"
#endif

/*
 * In sb_variants[]'s order: the bare variants, then the reader-shape ones
 * (rd_<name>: the variant as both increments of a model SRCU reader).
 */
#define SB_VARIANT_OPS							\
	{ .name = "llsc", SB_A64(llsc) },				\
	{ .name = "stadd", SB_A64(stadd) },				\
	{ .name = "ldadd", SB_A64(ldadd) },				\
	{ .name = "prfm_strm_stadd", SB_A64(prfm_strm_stadd) },		\
	{ .name = "prfm_keep_stadd", SB_A64(prfm_keep_stadd) },		\
	{ .name = "irqoff_add", SB_A64(irqoff_add) },			\
	{ .name = "ldadd_nopreempt", SB_A64(ldadd_nopreempt) },		\
	{ .name = "gs_inc", SB_X86(gs_inc) },				\
	{ .name = "lock_gs_inc", SB_X86(lock_gs_inc) },			\
	{ .name = "cli_inc", SB_X86(cli_inc) },				\
	{ .name = "softmask_inc", SB_PPC_NONMI(softmask_inc) },		\
	{ .name = "mtmsrd_inc", SB_PPC(mtmsrd_inc) },			\
	{ .name = "ldarx_stdcx", SB_PPC(ldarx_stdcx) },			\
	{ .name = "agsi", SB_S390(agsi) },				\
	{ .name = "laag", SB_S390(laag) },				\
	{ .name = "csg_loop", SB_S390(csg_loop) },			\
	{ .name = "amoadd", SB_RV(amoadd) },				\
	{ .name = "lrsc", SB_RV(lrsc) },				\
	{ .name = "csr_irqoff", SB_RV(csr_irqoff) },			\
	{ .name = "rd_llsc", SB_A64_RD(llsc) },				\
	{ .name = "rd_stadd", SB_A64_RD(stadd) },			\
	{ .name = "rd_ldadd", SB_A64_RD(ldadd) },			\
	{ .name = "rd_prfm_strm_stadd", SB_A64_RD(prfm_strm_stadd) },	\
	{ .name = "rd_prfm_keep_stadd", SB_A64_RD(prfm_keep_stadd) },	\
	{ .name = "rd_irqoff_add", SB_A64_RD(irqoff_add) },		\
	{ .name = "rd_ldadd_nopreempt", SB_A64_RD(ldadd_nopreempt) },	\
	{ .name = "rd_gs_inc", SB_X86_RD(gs_inc) },			\
	{ .name = "rd_lock_gs_inc", SB_X86_RD(lock_gs_inc) },		\
	{ .name = "rd_cli_inc", SB_X86_RD(cli_inc) },			\
	{ .name = "rd_softmask_inc", SB_PPC_RD(softmask_inc) },		\
	{ .name = "rd_mtmsrd_inc", SB_PPC_RD(mtmsrd_inc) },		\
	{ .name = "rd_ldarx_stdcx", SB_PPC_RD(ldarx_stdcx) },		\
	{ .name = "rd_agsi", SB_S390_RD(agsi) },			\
	{ .name = "rd_laag", SB_S390_RD(laag) },			\
	{ .name = "rd_csg_loop", SB_S390_RD(csg_loop) },		\
	{ .name = "rd_amoadd", SB_RV_RD(amoadd) },			\
	{ .name = "rd_lrsc", SB_RV_RD(lrsc) },				\
	{ .name = "rd_csr_irqoff", SB_RV_RD(csr_irqoff) },

#endif /* SRCU_BENCH_VARIANTS_H */
