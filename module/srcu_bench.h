/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srcu_bench: shared declarations.
 *
 * One shared srcu_struct and one shared per-CPU counter are hammered from
 * process context (a pinned kthread per CPU), softirq (a pinned soft
 * hrtimer per CPU) and hardirq (a pinned hard hrtimer per CPU) at the same
 * time, one operation of the op table at a time, while writers time SRCU
 * grace periods.
 */
#ifndef SRCU_BENCH_H
#define SRCU_BENCH_H

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <asm/local.h>
#include <linux/percpu.h>
#include <linux/srcu.h>
#include <linux/types.h>

#include "checker.h"

#define SB_SCHEMA	1
#define SB_VERSION	"0.1"

/*
 * The reader contexts live in one place, readers.c's table sb_ctxs[] (in
 * nesting order: a context's batches can only be interrupted by those
 * after it).  Everything else names a context by its index in that table,
 * 0 .. sb_nr_ctx - 1, and asks the table through these functions.
 * SB_MAX_CTX is the capacity of arrays sized at compile time and of the
 * ctx_mask bits; readers.c checks that the table fits.
 */
#define SB_MAX_CTX	8

extern const unsigned int sb_nr_ctx;
const char *sb_ctx_name(unsigned int ctx);
const char *sb_ctx_unavailable(unsigned int ctx);
int sb_ctx_lookup(const char *name);
unsigned int sb_ctx_now(void);
struct sb_op;
bool sb_ctx_allows(unsigned int ctx, const struct sb_op *op);

enum sb_gp_kind {
	SB_GP_SYNC,
	SB_GP_EXP,
	SB_NR_GP
};

extern const char * const sb_gp_names[SB_NR_GP];

/* The shared per-CPU counter that every counting op increments. */
union sb_counter {
	unsigned long ul;
	atomic_long_t al;
	local_t l;
};

DECLARE_PER_CPU_ALIGNED(union sb_counter, sb_counter);
extern struct srcu_struct sb_srcu;

/*
 * ops.c: the op table, one designated initialiser per op.  An op says what
 * it is safe against (.nmi_safe), never which contexts it runs in: a phase
 * runs the op in every selected context whose requirements it meets
 * (sb_ctx_allows()).  .init runs before each of the op's
 * phases (an error fails the run), .cleanup after it; both optional.
 */
struct sb_op {
	const char *name;
	void (*loop)(unsigned long n);	/* run n operations back to back */
	/* n operations, sb_gap_nops SB_GAP_NOPS() iterations after each */
	void (*gap_loop)(unsigned long n);
	bool counts;			/* adds 1 to sb_counter per operation */
	bool gp_reader;			/* the loaded grace periods' reader */
	bool nmi_safe;			/* may run in (and interrupt) NMI */
	const char *unavailable;	/* non-NULL: why this kernel lacks it */
	int (*init)(void);
	void (*cleanup)(void);
	/*
	 * An op that does not count into sb_counter but keeps its own count:
	 * its operations done so far on @cpu (lost records compare it).
	 */
	unsigned long (*count)(unsigned int cpu);
};

extern const struct sb_op sb_ops[];
extern const unsigned int sb_nr_ops;
extern unsigned int sb_race_delay;
extern unsigned int sb_hold_ns;
extern const struct sb_op sb_op_srcu_hold;
const struct sb_op *sb_op_find_gp_reader(void);
struct sb_config;
void sb_ops_emit(const struct sb_config *cfg);
const char *sb_op_unavailable(const struct sb_op *op);
#define SB_MAX_OPS	64

/*
 * Spacing (gap=): between two operations of a gap loop, @g (> 0) turns of
 * a one-nop loop in one asm statement, so that the compiler lays out the
 * gap loops of the ops and of empty alike and op - empty at one gap is the
 * op: x86 nop/dec/jnz, arm64 nop/subs/b.ne, ppc64 nop/addic./bne, s390x
 * nop/brct, riscv nop/addi/bnez (elsewhere a C loop of nops).
 */
#define SB_MAX_GAPS	4
#define SB_GAP_MAX	4096
extern unsigned int sb_gap_nops;
#if defined(CONFIG_X86)
#define SB_GAP_ASM	"1:	nop\n	dec	%0\n	jnz	1b"
#elif defined(CONFIG_ARM64)
#define SB_GAP_ASM	"1:	nop\n	subs	%w0, %w0, #1\n	b.ne	1b"
#elif defined(CONFIG_PPC64)
#define SB_GAP_ASM	"1:	nop\n	addic.	%0, %0, -1\n	bne	1b"
#elif defined(CONFIG_S390)
#define SB_GAP_ASM	"0:	nop\n	brct	%0, 0b"
#elif defined(CONFIG_RISCV)
#define SB_GAP_ASM	"1:	nop\n	addi	%0, %0, -1\n	bnez	%0, 1b"
#endif
#ifdef SB_GAP_ASM
#define SB_GAP_NOPS(g)	do {						\
		unsigned long __n = (g);				\
									\
		asm volatile(SB_GAP_ASM : "+r" (__n) : : "cc");		\
	} while (0)
#else
#define SB_GAP_NOPS(g)	do {						\
		unsigned int __j;					\
									\
		for (__j = 0; __j < (g); __j++)				\
			asm volatile("nop");				\
	} while (0)
#endif
/* sb_loop_gap_<name>(): @body, then the gap, n times. */
#define SB_GAP_LOOP(name, body)						\
noinline void sb_loop_gap_##name(unsigned long n)			\
{									\
	unsigned int g = READ_ONCE(sb_gap_nops) ?: 1;			\
	unsigned long i;						\
									\
	for (i = 0; i < n; i++) {					\
		body;							\
		SB_GAP_NOPS(g);						\
		barrier();						\
	}								\
}

/* config.c: module parameters, parsed and checked into a snapshot. */
struct sb_config {
	unsigned int ctx_mask;		/* BIT(index in sb_ctxs[]) */
	u64 op_mask;			/* BIT_ULL(index in sb_ops) */
	unsigned int gp_mask;		/* BIT(enum sb_gp_kind) */
	cpumask_var_t cpus;
	unsigned int duration_ms;
	unsigned int runs;
	unsigned int gp_ms;
	unsigned int gp_gap_us;
	unsigned int gp_max_samples;
	unsigned int batch;
	unsigned int irq_batch;
	unsigned int irq_period_us;
	unsigned int irq_max_us;
	unsigned int race_delay;
	unsigned int gaps[SB_MAX_GAPS];	/* gap=, the values > 0 */
	unsigned int nr_gaps;
	unsigned int sample_ms;
	int reader_nice;		/* process readers' nice value */
	unsigned int hold_ns;		/* loaded GPs: ns inside each section */
	cpumask_var_t housekeeping;	/* no readers; writers bound here */
	unsigned int onoff_interval_ms;
	const char *env;
	struct sb_check_cfg check;	/* checker.c */
};

int sb_config_get(struct sb_config *cfg);
void sb_config_put(struct sb_config *cfg);
void sb_config_emit(const struct sb_config *cfg);
extern bool sb_autostart;

/* stats.c: per-batch ns/op histogram with < 1% bucket width. */
#define SB_HIST_SUB_BITS	7
#define SB_HIST_BUCKETS		(44 << SB_HIST_SUB_BITS)

struct sb_stat {
	u64 ops;
	u64 ns;			/* net of sub_ns */
	u64 sub_ns;		/* nested reader time taken out */
	u64 batches;
	u64 ramp;		/* batches of the warm-up ramp */
	u64 hit;		/* batches a foreign interrupt hit */
	u64 hist_n;		/* batches in the histogram */
	u64 min_cls[BITS_PER_LONG];	/* smallest ps/op per ilog2(batch size), clean batches */
	u64 min_any_cls[BITS_PER_LONG];	/* the same over every batch not hit */
	u64 lo_ps;		/* smallest ps/op in the histogram */
	u64 max_ps;
	u32 *hist;		/* SB_HIST_BUCKETS buckets of ps per op */
};

#define SB_BATCH_RAMP	BIT(0)
#define SB_BATCH_HIT	BIT(1)

void sb_stat_reset(struct sb_stat *st);
void sb_stat_add(struct sb_stat *st, u64 ns, unsigned long n, u64 sub_ns,
		 unsigned int flags);
u64 sb_stat_percentile_ps(const struct sb_stat *st, unsigned int permille);
u64 sb_stat_min_ps(const struct sb_stat *st);
int sb_u64_cmp(const void *a, const void *b);

/*
 * Whether a read or lost record's figures cover the whole phase on their
 * CPU: the "valid" column (docs/results-format.md).
 */
enum sb_valid {
	SB_VALID_OK,		/* measured for the whole phase */
	SB_VALID_OFFLINE,	/* the CPU was or went offline in the phase */
	SB_VALID_MOVED,		/* batches found off their CPU were skipped */
	SB_VALID_EMPTY,		/* no batch ran */
	SB_NR_VALID
};

/*
 * Run control, passed down to the phase engine: @wait sleeps @ms and
 * returns 0, or -EINTR when the run is to stop (a signal, stop, rmmod).
 */
struct sb_runctl {
	int (*wait)(unsigned int ms);
};

/* readers.c: the reader contexts and one measurement phase. */
int sb_readers_alloc(void);
void sb_readers_free(void);
void sb_readers_emit_exec(const struct sb_config *cfg, unsigned int run);
struct sb_gp_phase;
int sb_phase(const struct sb_config *cfg, const struct sb_runctl *rc,
	     unsigned int run, const struct sb_op *op, unsigned int ms,
	     struct sb_gp_phase *gp);
int sb_phase_run(const struct sb_config *cfg, const struct sb_runctl *rc,
		 unsigned int run, const struct sb_op *op, unsigned int ms,
		 struct sb_gp_phase *gp, bool emit);
const struct sb_stat *sb_readers_stat(unsigned int cpu, unsigned int ctx);

/* gp.c: grace-period writers. */
struct sb_gp_phase *sb_gp_phase_create(const struct sb_config *cfg,
				       enum sb_gp_kind kind, bool loaded);
int sb_gp_phase_start(struct sb_gp_phase *gp);
void sb_gp_phase_stop(struct sb_gp_phase *gp);
void sb_gp_phase_emit(struct sb_gp_phase *gp, unsigned int run);
void sb_gp_phase_destroy(struct sb_gp_phase *gp);
void sb_gp_emit_meta(void);

/* onoff.c: CPU hotplug during a run (onoff_interval_ms). */
int sb_onoff_start(const struct sb_config *cfg);
void sb_onoff_stop(void);

/*
 * output.c: the results buffer behind debugfs "results", a leaf that every
 * part writes its own records into.
 */
int sb_out_reset(void);
__printf(1, 2) void sb_out(const char *fmt, ...);
void sb_out_free(void);
extern const struct file_operations sb_results_fops;
void sb_out_meta(const struct sb_config *cfg);
void sb_out_headers(void);
void sb_fmt_ps(char *buf, size_t len, u64 ps);

#endif /* SRCU_BENCH_H */
