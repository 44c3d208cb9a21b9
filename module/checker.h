/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srcu_bench: the use-after-grace-period checker (checker.c) and the
 * cover-letter phases: the same readers (an op run in every context by the
 * phase engine) and grace-period writers, for the 2017 bug and each fix.
 */
#ifndef SRCU_BENCH_CHECKER_H
#define SRCU_BENCH_CHECKER_H

#include <linux/types.h>

struct sb_config;
struct sb_runctl;
struct sb_model_inc;

struct sb_check_cfg {
	unsigned int ms;		/* per phase; 0: no checker phases */
	unsigned int hold_ns;		/* inside each checked section */
	unsigned int wait_ms;		/* bound on a model drain wait */
	unsigned int probe_us;		/* latency probe period */
	u32 rows;			/* BIT(index in the row table) */
	const struct sb_model_inc *bug_inc;	/* the bug and fix 1 rows */
};

int sb_check_config_get(struct sb_check_cfg *cc, unsigned int hold_max_ns);
void sb_check_config_emit(const struct sb_check_cfg *cc);
void sb_check_headers(void);
int sb_check_alloc(void);
void sb_check_free(void);
int sb_check_run(const struct sb_config *cfg, const struct sb_runctl *rc,
		 unsigned int run);

#endif /* SRCU_BENCH_CHECKER_H */
