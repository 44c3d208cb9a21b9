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
#define SB_RD_HOOKS	.nmi_safe = true,				\
			.init = sb_variants_model_init,			\
			.cleanup = sb_variants_model_cleanup
#define SB_RD_HOOKS_NO_NMI	.nmi_safe = false,			\
			.init = sb_variants_model_init,			\
			.cleanup = sb_variants_model_cleanup

#define SB_VDECL(f)	void sb_loop_##f(unsigned long n); void sb_loop_rd_##f(unsigned long n); \
			void sb_loop_gap_##f(unsigned long n)

#ifdef CONFIG_ARM64
SB_VDECL(llsc); SB_VDECL(stadd); SB_VDECL(ldadd); SB_VDECL(prfm_strm_stadd);
SB_VDECL(prfm_keep_stadd); SB_VDECL(irqoff_add); SB_VDECL(ldadd_nopreempt);
#define SB_A64(f)	.loop = sb_loop_##f, .gap_loop = sb_loop_gap_##f, .counts = true, .nmi_safe = true
#define SB_A64_RD(f)	.loop = sb_loop_rd_##f, SB_RD_HOOKS
#else
#define SB_A64(f)	.counts = true, .nmi_safe = true, .unavailable = "variant-of-another-arch(arm64)"
#define SB_A64_RD(f)	.nmi_safe = true, .unavailable = "variant-of-another-arch(arm64)"
#endif

#ifdef CONFIG_X86_64
SB_VDECL(gs_inc); SB_VDECL(lock_gs_inc); SB_VDECL(cli_inc);
#define SB_X86(f)	.loop = sb_loop_##f, .gap_loop = sb_loop_gap_##f, .counts = true, .nmi_safe = true
#define SB_X86_RD(f)	.loop = sb_loop_rd_##f, SB_RD_HOOKS
#else
#define SB_X86(f)	.counts = true, .nmi_safe = true, .unavailable = "variant-of-another-arch(x86_64)"
#define SB_X86_RD(f)	.nmi_safe = true, .unavailable = "variant-of-another-arch(x86_64)"
#endif

#ifdef CONFIG_PPC64
SB_VDECL(softmask_inc); SB_VDECL(mtmsrd_inc); SB_VDECL(ldarx_stdcx);
#define SB_PPC(f)	.loop = sb_loop_##f, .gap_loop = sb_loop_gap_##f, .counts = true, .nmi_safe = true
/* arch_local_irq_restore() replays interrupts: not from an NMI */
#define SB_PPC_NONMI(f)	.loop = sb_loop_##f, .gap_loop = sb_loop_gap_##f, .counts = true, .nmi_safe = false
#define SB_PPC_NONMI_RD(f)	.loop = sb_loop_rd_##f, SB_RD_HOOKS_NO_NMI
#define SB_PPC_RD(f)	.loop = sb_loop_rd_##f, SB_RD_HOOKS
#else
#define SB_PPC(f)	.counts = true, .nmi_safe = true, .unavailable = "variant-of-another-arch(ppc64le)"
#define SB_PPC_NONMI(f)	SB_PPC(f)
#define SB_PPC_NONMI_RD(f)	SB_PPC_RD(f)
#define SB_PPC_RD(f)	.nmi_safe = true, .unavailable = "variant-of-another-arch(ppc64le)"
#endif

#ifdef CONFIG_S390
SB_VDECL(agsi); SB_VDECL(laag); SB_VDECL(csg_loop);
#define SB_S390(f)	.loop = sb_loop_##f, .gap_loop = sb_loop_gap_##f, .counts = true, .nmi_safe = true
#define SB_S390_RD(f)	.loop = sb_loop_rd_##f, SB_RD_HOOKS
#else
#define SB_S390(f)	.counts = true, .nmi_safe = true, .unavailable = "variant-of-another-arch(s390x)"
#define SB_S390_RD(f)	.nmi_safe = true, .unavailable = "variant-of-another-arch(s390x)"
#endif

#if defined(CONFIG_RISCV) && defined(CONFIG_64BIT)
SB_VDECL(amoadd); SB_VDECL(lrsc); SB_VDECL(csr_irqoff);
#define SB_RV(f)	.loop = sb_loop_##f, .gap_loop = sb_loop_gap_##f, .counts = true, .nmi_safe = true
#define SB_RV_RD(f)	.loop = sb_loop_rd_##f, SB_RD_HOOKS
#else
#define SB_RV(f)	.counts = true, .nmi_safe = true, .unavailable = "variant-of-another-arch(riscv64)"
#define SB_RV_RD(f)	.nmi_safe = true, .unavailable = "variant-of-another-arch(riscv64)"
#endif

/*
 * One op-table entry: SB_VOP(arch, name) the bare variant, SB_VRD(arch,
 * name) its SRCU reader shape (rd_<name>).  ops.c lists them in
 * sb_variants[]'s order.
 */
#define SB_VOP(a, f)	{ .name = #f, SB_##a(f) }
#define SB_VRD(a, f)	{ .name = "rd_" #f, SB_##a##_RD(f) }

#endif /* SRCU_BENCH_VARIANTS_H */
