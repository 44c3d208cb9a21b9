// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: explicit per-arch variants of SRCU's per-CPU increment, one
 * op-table entry each (issue #13).  Each is the instruction sequence itself
 * in inline asm, not what the running kernel's this_cpu_inc() was patched
 * to, so that one machine compares LL/SC with STADD with LDADD, and a 6.1
 * kernel (STADD) with a 6.18+ one (LDADD).  Every variant adds 1 to the
 * shared per-CPU counter, so lost-update detection covers it.
 *
 * A variant of another arch, or one the CPU lacks (arm64 LSE without
 * ARM64_HAS_LSE_ATOMICS), is in the table as unavailable, with the reason.
 *
 * The forms:
 *  - "this_cpu" variants run in preempt_disable_notrace(), as the arch's
 *    this_cpu_*() does (arm64 _pcp_protect(), s390 arch_this_cpu_to_op());
 *  - "raw" ones act on raw_cpu_ptr() with preemption on: right for SRCU,
 *    which sums its counters over CPUs (srcu_percpu_counter_inc()); the
 *    readers are pinned, so the counts stay per CPU here;
 *  - "irqoff" ones mask interrupts in the sequence itself and use a plain
 *    load, add and store.
 * All are irq-safe: one instruction, an exclusive pair that an interrupt
 * breaks, or interrupts masked.  The plain baseline is __this_cpu_inc.
 *
 * Compiled with ops.c's flags (Kbuild): one op plus the loop's increment,
 * compare and branch.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/cpu.h>
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/string.h>

#ifdef CONFIG_ARM64
#include <asm/cpufeature.h>
#include <asm/cputype.h>
#endif
#ifdef CONFIG_X86
#include <asm/processor.h>
#endif
#ifdef CONFIG_PPC
#include <asm/reg.h>
#endif
#ifdef CONFIG_S390
#include <asm/facility.h>
#include <asm/processor.h>
#endif
#ifdef CONFIG_RISCV
#include <asm/sbi.h>
#endif

#include "compat.h"
#include "model.h"
#include "srcu_bench.h"
#include "variants.h"

/*
 * Each variant is sb_vinc_<name>(pcp): add 1 to the per-CPU unsigned long
 * @pcp on this CPU.  SB_VARIANT() makes its two loops: the bare one on the
 * shared counter (sb_loop_<name>, a counting op), and the SRCU reader shape
 * (sb_loop_rd_<name>): a model reader's lock and unlock (model.h's per-CPU
 * lock/unlock counts for two indices, smp_mb() after the lock increment and
 * before the unlock one, as srcu_read_lock()/srcu_read_unlock()) with both
 * increments the variant.  The model is cover-letter's (model.c), one
 * instance for these ops, set up by the ops' init hook.
 */
static struct sb_model sb_v_model;

#define SB_VARIANT(name)						\
noinline void sb_loop_##name(unsigned long n)				\
{									\
	unsigned long i;						\
									\
	for (i = 0; i < n; i++) {					\
		sb_vinc_##name(&sb_counter.ul);				\
		barrier();						\
	}								\
}									\
									\
noinline void sb_loop_rd_##name(unsigned long n)			\
{									\
	struct sb_model_cpu __percpu *pcpu = sb_v_model.pcpu;		\
	unsigned long i;						\
									\
	for (i = 0; i < n; i++) {					\
		int idx = READ_ONCE(sb_v_model.idx) & 1;		\
									\
		sb_vinc_##name(&pcpu->lock_count[idx]);			\
		smp_mb(); /* B: the section follows the lock */		\
		smp_mb(); /* C: the section precedes the unlock */	\
		sb_vinc_##name(&pcpu->unlock_count[idx]);		\
		barrier();						\
	}								\
}									\
									\
SB_GAP_LOOP(name, sb_vinc_##name(&sb_counter.ul))

int sb_variants_model_init(void)
{
	return sb_model_init(&sb_v_model, &sb_model_incs[1], NSEC_PER_MSEC);
}

void sb_variants_model_cleanup(void)
{
	sb_model_cleanup(&sb_v_model);
}

#if defined(CONFIG_ARM64)
/* The assembler may not default to LSE; the kernel's __LSE_PREAMBLE. */
#define SB_LSE		".arch_extension lse\n"

static __always_inline void sb_a64_llsc(unsigned long *p)
{
	unsigned long v;
	unsigned int fail;

	asm volatile("1:	ldxr	%0, %2\n"
		     "	add	%0, %0, #1\n"
		     "	stxr	%w1, %0, %2\n"
		     "	cbnz	%w1, 1b"
		     : "=&r" (v), "=&r" (fail), "+Q" (*p));
}

static __always_inline void sb_a64_stadd(unsigned long *p)
{
	asm volatile(SB_LSE "	stadd	%1, %0" : "+Q" (*p) : "r" (1UL));
}

static __always_inline void sb_a64_ldadd(unsigned long *p)
{
	unsigned long old;

	asm volatile(SB_LSE "	ldadd	%2, %0, %1"
		     : "=r" (old), "+Q" (*p) : "r" (1UL));
}

static __always_inline void sb_a64_prfm_strm(unsigned long *p)
{
	asm volatile("prfm	pstl1strm, %0" : : "Q" (*p));
}

static __always_inline void sb_a64_prfm_keep(unsigned long *p)
{
	asm volatile("prfm	pstl1keep, %0" : : "Q" (*p));
}

/* The this_cpu form: arm64's _pcp_protect(), preemption off around it. */
#define SB_A64_PCP(name, body)						\
static __always_inline void sb_vinc_##name(unsigned long __percpu *pcp) \
{									\
	unsigned long *p;						\
									\
	preempt_disable_notrace();					\
	p = raw_cpu_ptr(pcp);						\
	body;								\
	preempt_enable_notrace();					\
}

SB_A64_PCP(llsc, sb_a64_llsc(p))
SB_A64_PCP(stadd, sb_a64_stadd(p))
SB_A64_PCP(ldadd, sb_a64_ldadd(p))
SB_A64_PCP(prfm_strm_stadd, sb_a64_prfm_strm(p); sb_a64_stadd(p))
SB_A64_PCP(prfm_keep_stadd, sb_a64_prfm_keep(p); sb_a64_stadd(p))

/* srcu_percpu_counter_inc(): LDADD on raw_cpu_ptr(), preemption on. */
static __always_inline void sb_vinc_ldadd_nopreempt(unsigned long __percpu *pcp)
{
	sb_a64_ldadd(raw_cpu_ptr(pcp));
}

/* DAIF.I set around a plain load, add and store. */
static __always_inline void sb_vinc_irqoff_add(unsigned long __percpu *pcp)
{
	unsigned long *p = raw_cpu_ptr(pcp), flags, v;

	asm volatile("	mrs	%0, daif\n"
		     "	msr	daifset, #2\n"
		     "	ldr	%1, %2\n"
		     "	add	%1, %1, #1\n"
		     "	str	%1, %2\n"
		     "	msr	daif, %0"
		     : "=&r" (flags), "=&r" (v), "+Q" (*p) : : "memory");
}

SB_VARIANT(llsc)
SB_VARIANT(stadd)
SB_VARIANT(ldadd)
SB_VARIANT(prfm_strm_stadd)
SB_VARIANT(prfm_keep_stadd)
SB_VARIANT(irqoff_add)
SB_VARIANT(ldadd_nopreempt)
#endif

#if defined(CONFIG_X86_64)
/* this_cpu_inc(): one %gs-relative incq. */
static __always_inline void sb_vinc_gs_inc(unsigned long __percpu *pcp)
{
	asm volatile("incq " __percpu_arg(0) : "+m" (SB_PCPU_VAR(pcp)));
}

static __always_inline void sb_vinc_lock_gs_inc(unsigned long __percpu *pcp)
{
	asm volatile("lock incq " __percpu_arg(0) : "+m" (SB_PCPU_VAR(pcp)));
}

/* Flags saved, interrupts off, incq, flags (IF) restored. */
static __always_inline void sb_vinc_cli_inc(unsigned long __percpu *pcp)
{
	asm volatile("pushfq\n\tcli\n\tincq " __percpu_arg(0) "\n\tpopfq"
		     : "+m" (SB_PCPU_VAR(pcp)) : : "memory");
}

SB_VARIANT(gs_inc)
SB_VARIANT(lock_gs_inc)
SB_VARIANT(cli_inc)
#endif

#if defined(CONFIG_PPC64)
/*
 * this_cpu_inc() on ppc64 is the generic one: irqs soft-masked (the paca's
 * irq_soft_mask byte, no MSR write) around a load, add and store.
 */
static __always_inline void sb_vinc_softmask_inc(unsigned long __percpu *pcp)
{
	unsigned long flags, v, *p;

	flags = arch_local_irq_save();
	p = raw_cpu_ptr(pcp);
	asm volatile("	ld	%0, 0(%2)\n"
		     "	addi	%0, %0, 1\n"
		     "	std	%0, 0(%2)"
		     : "=&r" (v), "+m" (*p) : "b" (p));
	arch_local_irq_restore(flags);
}

/*
 * MSR[EE] cleared with mtmsrd L=1 (which writes EE and RI only: RI kept
 * set) and restored from the saved MSR.
 */
static __always_inline void sb_vinc_mtmsrd_inc(unsigned long __percpu *pcp)
{
	unsigned long *p = raw_cpu_ptr(pcp), msr, v;

	asm volatile("	mfmsr	%0\n"
		     "	li	%1, 2\n"
		     "	mtmsrd	%1, 1\n"
		     "	ld	%1, 0(%3)\n"
		     "	addi	%1, %1, 1\n"
		     "	std	%1, 0(%3)\n"
		     "	mtmsrd	%0, 1"
		     : "=&r" (msr), "=&r" (v), "+m" (*p) : "b" (p) : "memory");
}

static __always_inline void sb_vinc_ldarx_stdcx(unsigned long __percpu *pcp)
{
	unsigned long *p = raw_cpu_ptr(pcp), v;

	asm volatile("1:	ldarx	%0, 0, %2\n"
		     "	addi	%0, %0, 1\n"
		     "	stdcx.	%0, 0, %2\n"
		     "	bne-	1b"
		     : "=&r" (v), "+m" (*p) : "r" (p) : "cc", "memory");
}

SB_VARIANT(softmask_inc)
SB_VARIANT(mtmsrd_inc)
SB_VARIANT(ldarx_stdcx)
#endif

#if defined(CONFIG_S390)
static __always_inline void sb_vinc_agsi(unsigned long __percpu *pcp)
{
	unsigned long *p = raw_cpu_ptr(pcp);

	asm volatile("agsi	%0, 1" : "+QS" (*p) : : "cc");
}

static __always_inline void sb_vinc_laag(unsigned long __percpu *pcp)
{
	unsigned long *p = raw_cpu_ptr(pcp), old;

	/* z196 (interlocked-access facility 1): kernels may build for z10 */
	asm volatile(".machine push\n.machine z196\n"
		     "	laag	%0, %2, %1\n"
		     ".machine pop"
		     : "=d" (old), "+QS" (*p) : "d" (1UL) : "cc", "memory");
}

static __always_inline void sb_vinc_csg_loop(unsigned long __percpu *pcp)
{
	unsigned long *p = raw_cpu_ptr(pcp), old, new;

	asm volatile("	lg	%0, %2\n"
		     "0:	lgr	%1, %0\n"
		     "	aghi	%1, 1\n"
		     "	csg	%0, %1, %2\n"
		     "	jl	0b"
		     : "=&d" (old), "=&d" (new), "+QS" (*p) : : "cc", "memory");
}

SB_VARIANT(agsi)
SB_VARIANT(laag)
SB_VARIANT(csg_loop)
#endif

#if defined(CONFIG_RISCV) && defined(CONFIG_64BIT)
static __always_inline void sb_vinc_amoadd(unsigned long __percpu *pcp)
{
	unsigned long *p = raw_cpu_ptr(pcp);

	asm volatile("amoadd.d	zero, %1, %0"
		     : "+A" (*p) : "r" (1UL) : "memory");
}

static __always_inline void sb_vinc_lrsc(unsigned long __percpu *pcp)
{
	unsigned long *p = raw_cpu_ptr(pcp), v, fail;

	asm volatile("1:	lr.d	%0, %2\n"
		     "	addi	%0, %0, 1\n"
		     "	sc.d	%1, %0, %2\n"
		     "	bnez	%1, 1b"
		     : "=&r" (v), "=&r" (fail), "+A" (*p) : : "memory");
}

/* sstatus.SIE (bit 1) cleared by csrrci, set back if it was set. */
static __always_inline void sb_vinc_csr_irqoff(unsigned long __percpu *pcp)
{
	unsigned long *p = raw_cpu_ptr(pcp), flags, v;

	asm volatile("	csrrci	%0, sstatus, 2\n"
		     "	ld	%1, %2\n"
		     "	addi	%1, %1, 1\n"
		     "	sd	%1, %2\n"
		     "	andi	%0, %0, 2\n"
		     "	csrs	sstatus, %0"
		     : "=&r" (flags), "=&r" (v), "+m" (*p) : : "memory");
}

SB_VARIANT(amoadd)
SB_VARIANT(lrsc)
SB_VARIANT(csr_irqoff)
#endif

/*
 * The variants, in op-table order (variants.h: SB_VARIANT_OPS).  insn is
 * the instruction the loop must hold (tools/codegen.sh, tests/host/
 * variants-codegen.sh); form as above.
 */
const struct sb_variant sb_variants[SB_NR_VARIANTS] = {
	{ .arch = "arm64", .name = "llsc", .insn = "ldxr|stxr", .form = "this_cpu" },
	{ .arch = "arm64", .name = "stadd", .insn = "stadd", .form = "this_cpu" },
	{ .arch = "arm64", .name = "ldadd", .insn = "ldadd", .form = "this_cpu" },
	{ .arch = "arm64", .name = "prfm_strm_stadd", .insn = "prfm_pstl1strm|stadd", .form = "this_cpu" },
	{ .arch = "arm64", .name = "prfm_keep_stadd", .insn = "prfm_pstl1keep|stadd", .form = "this_cpu" },
	{ .arch = "arm64", .name = "irqoff_add", .insn = "msr_daifset|ldr|str", .form = "irqoff" },
	{ .arch = "arm64", .name = "ldadd_nopreempt", .insn = "ldadd", .form = "raw" },
	{ .arch = "x86_64", .name = "gs_inc", .insn = "incq_%gs:", .form = "this_cpu" },
	{ .arch = "x86_64", .name = "lock_gs_inc", .insn = "lock_incq_%gs:", .form = "this_cpu" },
	{ .arch = "x86_64", .name = "cli_inc", .insn = "cli|incq_%gs:|popf", .form = "irqoff" },
	{ .arch = "ppc64le", .name = "softmask_inc", .insn = "ld|std", .form = "softmask" },
	{ .arch = "ppc64le", .name = "mtmsrd_inc", .insn = "mtmsrd|ld|std", .form = "irqoff" },
	{ .arch = "ppc64le", .name = "ldarx_stdcx", .insn = "ldarx|stdcx.", .form = "raw" },
	{ .arch = "s390x", .name = "agsi", .insn = "agsi", .form = "raw" },
	{ .arch = "s390x", .name = "laag", .insn = "laag", .form = "raw" },
	{ .arch = "s390x", .name = "csg_loop", .insn = "csg", .form = "raw" },
	{ .arch = "riscv64", .name = "amoadd", .insn = "amoadd.d", .form = "raw" },
	{ .arch = "riscv64", .name = "lrsc", .insn = "lr.d|sc.d", .form = "raw" },
	{ .arch = "riscv64", .name = "csr_irqoff", .insn = "csrrc|ld|sd|csrs", .form = "irqoff" },
};

/*
 * Why the variant with this loop cannot run here, or NULL: the hook
 * main.c asks besides the op's static reason (an arm64 LSE variant on a
 * CPU without ARM64_HAS_LSE_ATOMICS).
 */
const char *sb_variant_unavailable(const struct sb_op *op)
{
#ifdef CONFIG_ARM64
	static void (* const lse[])(unsigned long n) = {
		sb_loop_stadd, sb_loop_ldadd, sb_loop_prfm_strm_stadd,
		sb_loop_prfm_keep_stadd, sb_loop_ldadd_nopreempt,
		sb_loop_rd_stadd, sb_loop_rd_ldadd, sb_loop_rd_prfm_strm_stadd,
		sb_loop_rd_prfm_keep_stadd, sb_loop_rd_ldadd_nopreempt,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lse); i++)
		if (op->loop == lse[i] && !cpus_have_cap(ARM64_HAS_LSE_ATOMICS))
			return "cpu-lacks-lse-atomics(ARM64_HAS_LSE_ATOMICS)";
#endif
#ifdef CONFIG_S390
	/* interlocked-access facility 1: laag, and agsi's interlocked update */
	if ((op->loop == sb_loop_laag || op->loop == sb_loop_agsi ||
	     op->loop == sb_loop_rd_laag || op->loop == sb_loop_rd_agsi) &&
	    !test_facility(45))
		return "cpu-lacks-interlocked-access-facility-1(z196+)";
#endif
	return NULL;
}

/*
 * The variants' bits in the op table, bare and reader shape (those of other
 * arches are reported unavailable); with @baselines (ops=variants) empty, this_cpu_inc and
 * __this_cpu_inc too.
 */
u64 sb_variants_mask(bool baselines)
{
	static const char * const base[] = {
		"empty", "this_cpu_inc", "__this_cpu_inc",
	};
	unsigned int i, j;
	u64 mask = 0;

	for (i = 0; i < sb_nr_ops; i++) {
		for (j = 0; baselines && j < ARRAY_SIZE(base); j++)
			if (!strcmp(sb_ops[i].name, base[j]))
				mask |= BIT_ULL(i);
		for (j = 0; j < SB_NR_VARIANTS; j++)
			if (!strcmp(sb_ops[i].name, sb_variants[j].name) ||
			    (!strncmp(sb_ops[i].name, "rd_", 3) &&
			     !strcmp(sb_ops[i].name + 3, sb_variants[j].name)))
				mask |= BIT_ULL(i);
	}
	return mask;
}

/* One "variant" record per variant (docs/results-format.md). */
void sb_variants_emit(void)
{
	unsigned int i;

	sb_out("# variant op arch form irqsafe insn\n");
	for (i = 0; i < SB_NR_VARIANTS; i++)
		sb_out("variant %s %s %s 1 %s\n", sb_variants[i].name,
		       sb_variants[i].arch, sb_variants[i].form,
		       sb_variants[i].insn);
}

/*
 * Who each CPU is: a "cpu" record per online CPU of the run, read on that
 * CPU.  core_type is what tells cores apart on a heterogeneous part (the
 * reporter's grouping key): arm64 implementer:part from MIDR_EL1, x86
 * family:model and, on a hybrid part, the CPUID 0x1a core type, ppc the
 * PVR version, s390 the machine type, riscv mvendorid:marchid.
 */
struct sb_cpu_id {
	char core[40];
	char ident[120];
};

static void sb_cpu_read(void *arg)
{
	struct sb_cpu_id *id = arg;

#if defined(CONFIG_ARM64)
	u32 midr = read_cpuid_id();

	snprintf(id->core, sizeof(id->core), "0x%02x:0x%03x",
		 MIDR_IMPLEMENTOR(midr), MIDR_PARTNUM(midr));
	snprintf(id->ident, sizeof(id->ident),
		 "midr=0x%08x,implementer=0x%02x,part=0x%03x,variant=0x%x,revision=0x%x",
		 midr, MIDR_IMPLEMENTOR(midr), MIDR_PARTNUM(midr),
		 MIDR_VARIANT(midr), MIDR_REVISION(midr));
#elif defined(CONFIG_X86)
	struct cpuinfo_x86 *c = &cpu_data(smp_processor_id());
	unsigned int hybrid = 0;
	char *s;

	if (boot_cpu_has(X86_FEATURE_HYBRID_CPU))
		hybrid = cpuid_eax(0x1a) >> 24;
	snprintf(id->core, sizeof(id->core), "%u:%u:0x%02x", c->x86,
		 c->x86_model, hybrid);
	snprintf(id->ident, sizeof(id->ident),
		 "family=%u,model=%u,stepping=%u,hybrid_type=0x%02x,name=%s",
		 c->x86, c->x86_model, c->x86_stepping, hybrid,
		 c->x86_model_id[0] ? c->x86_model_id : "-");
	for (s = id->ident; *s; s++)
		if (isspace(*s))
			*s = '_';
#elif defined(CONFIG_PPC)
	u32 pvr = mfspr(SPRN_PVR);

	snprintf(id->core, sizeof(id->core), "0x%04x", PVR_VER(pvr));
	snprintf(id->ident, sizeof(id->ident), "pvr=0x%08x,version=0x%04x,revision=0x%04x",
		 pvr, PVR_VER(pvr), PVR_REV(pvr));
#elif defined(CONFIG_S390)
	struct cpuid cid;

	get_cpu_id(&cid);
	snprintf(id->core, sizeof(id->core), "0x%04x", cid.machine);
	snprintf(id->ident, sizeof(id->ident), "machine=0x%04x,version=0x%02x,ident=0x%06x",
		 cid.machine, cid.version, cid.ident);
#elif defined(CONFIG_RISCV) && defined(SB_HAVE_RISCV_CACHED_IDS)
	unsigned int cpu = smp_processor_id();

	snprintf(id->core, sizeof(id->core), "0x%lx:0x%lx",
		 riscv_cached_mvendorid(cpu), riscv_cached_marchid(cpu));
	snprintf(id->ident, sizeof(id->ident), "mvendorid=0x%lx,marchid=0x%lx,mimpid=0x%lx",
		 riscv_cached_mvendorid(cpu), riscv_cached_marchid(cpu),
		 riscv_cached_mimpid(cpu));
#else
	strscpy(id->core, "unknown", sizeof(id->core));
	strscpy(id->ident, "unreadable", sizeof(id->ident));
#endif
}

void sb_cpus_emit(const struct cpumask *cpus)
{
	struct sb_cpu_id id;
	unsigned int cpu;

	sb_out("# %s cpu core_type ident\n", "cpu");
	cpus_read_lock();
	for_each_cpu_and(cpu, cpus, cpu_online_mask) {
		memset(&id, 0, sizeof(id));
		if (smp_call_function_single(cpu, sb_cpu_read, &id, 1))
			continue;
		sb_out("cpu %u %s %s\n", cpu, id.core, id.ident);
	}
	cpus_read_unlock();
}
