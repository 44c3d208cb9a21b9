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

#define SB_VDECL(f)	void sb_loop_##f(unsigned long n)

#ifdef CONFIG_ARM64
SB_VDECL(llsc); SB_VDECL(stadd); SB_VDECL(ldadd); SB_VDECL(prfm_strm_stadd);
SB_VDECL(prfm_keep_stadd); SB_VDECL(irqoff_add); SB_VDECL(ldadd_nopreempt);
#define SB_A64(f)	sb_loop_##f, true, NULL
#else
#define SB_A64(f)	NULL, true, "variant-of-another-arch(arm64)"
#endif

#ifdef CONFIG_X86_64
SB_VDECL(gs_inc); SB_VDECL(lock_gs_inc); SB_VDECL(cli_inc);
#define SB_X86(f)	sb_loop_##f, true, NULL
#else
#define SB_X86(f)	NULL, true, "variant-of-another-arch(x86_64)"
#endif

#ifdef CONFIG_PPC64
SB_VDECL(softmask_inc); SB_VDECL(mtmsrd_inc); SB_VDECL(ldarx_stdcx);
#define SB_PPC(f)	sb_loop_##f, true, NULL
#else
#define SB_PPC(f)	NULL, true, "variant-of-another-arch(ppc64le)"
#endif

#ifdef CONFIG_S390
SB_VDECL(agsi); SB_VDECL(laag); SB_VDECL(csg_loop);
#define SB_S390(f)	sb_loop_##f, true, NULL
#else
#define SB_S390(f)	NULL, true, "variant-of-another-arch(s390x)"
#endif

#if defined(CONFIG_RISCV) && defined(CONFIG_64BIT)
SB_VDECL(amoadd); SB_VDECL(lrsc); SB_VDECL(csr_irqoff);
#define SB_RV(f)	sb_loop_##f, true, NULL
#else
#define SB_RV(f)	NULL, true, "variant-of-another-arch(riscv64)"
#endif

/* In sb_variants[]'s order. */
#define SB_VARIANT_OPS							\
	{ "llsc",		SB_A64(llsc) },				\
	{ "stadd",		SB_A64(stadd) },			\
	{ "ldadd",		SB_A64(ldadd) },			\
	{ "prfm_strm_stadd",	SB_A64(prfm_strm_stadd) },		\
	{ "prfm_keep_stadd",	SB_A64(prfm_keep_stadd) },		\
	{ "irqoff_add",		SB_A64(irqoff_add) },			\
	{ "ldadd_nopreempt",	SB_A64(ldadd_nopreempt) },		\
	{ "gs_inc",		SB_X86(gs_inc) },			\
	{ "lock_gs_inc",	SB_X86(lock_gs_inc) },			\
	{ "cli_inc",		SB_X86(cli_inc) },			\
	{ "softmask_inc",	SB_PPC(softmask_inc) },			\
	{ "mtmsrd_inc",		SB_PPC(mtmsrd_inc) },			\
	{ "ldarx_stdcx",	SB_PPC(ldarx_stdcx) },			\
	{ "agsi",		SB_S390(agsi) },			\
	{ "laag",		SB_S390(laag) },			\
	{ "csg_loop",		SB_S390(csg_loop) },			\
	{ "amoadd",		SB_RV(amoadd) },			\
	{ "lrsc",		SB_RV(lrsc) },				\
	{ "csr_irqoff",		SB_RV(csr_irqoff) },

#endif /* SRCU_BENCH_VARIANTS_H */
