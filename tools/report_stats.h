/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_stats: the statistics of one or many parsed results files.
 *
 * Definitions (also printed in the legend and --help):
 *  - A run is one (file, run) pair; per-run ns/op = sum(ns) / sum(ops) over
 *    the CPUs of that run.
 *  - With >= 2 runs in a group: point = median of the per-run values;
 *    95% CI = Student-t interval of the mean of the per-run values (df n-1).
 *  - With 1 run: point = that run's value; 95% CI = Student-t interval of
 *    the mean of the per-CPU ns/op (ns/ops of each read record, df cpus-1).
 *  - net = op - empty, delta = op - baseline, ratio = op / baseline: paired
 *    per run (or per CPU with 1 run); point = median of the paired values
 *    (1 run: of the pooled values), CI = t-interval of the paired values.
 *    ratio uses raw ns/op.  n.s. = the delta CI includes 0.
 *  - pooled pXX = ops-weighted lower median of the read records' pXX_ns.
 *  - cpu_min/cpu_max = min/max over read records of ns/ops.
 *  - bmin = the smallest per-batch ns/op (min of the read records' min_ns):
 *    under TCG icount, the op's instructions plus the loop's, with no
 *    interrupt in the batch.
 *  - gp: count summed over runs; min/max the extremes; percentiles and mean
 *    the count-weighted means of the per-run values.
 */
#ifndef REPORT_STATS_H
#define REPORT_STATS_H

#include <stddef.h>

#include "report_parse.h"

struct rs_est {
	double point, lo, hi;	/* lo, hi NAN when n < 2 */
	int n;			/* values the CI is computed from; 0: no estimate */
};

struct rs_env {
	const char *arch, *kernel, *env;
	const char *preempt;	/* meta preempt of its first file, or NULL */
	int runs;		/* (file, run) pairs with read records */
	int ncpus;		/* distinct CPUs in read records */
};

struct rs_cost {
	int env;
	const char *context, *op;
	int runs;
	int by_cpu;		/* 1: one run, CI across CPUs */
	struct rs_est raw, net, delta, ratio;
	int sig;		/* delta: 1 significant, 0 n.s., -1 unknown */
	double p50, p95, p99, cpu_min, cpu_max;
	double bmin;		/* smallest per-batch ns/op; NAN if none */
};

struct rs_gp {
	int env;
	const char *kind, *load;
	int runs;
	double count, min, p50, p90, p99, p999, max, mean;
};

struct rs_lost {
	int env;
	const char *context, *op;
	int runs;
	double expected, observed, lost;
};

struct rs_unavail {
	int env;
	const char *op, *reason;
};

struct rs_result {
	const char *baseline;
	struct rs_env *envs;		size_t nenvs;
	struct rs_cost *costs;		size_t ncosts;
	struct rs_gp *gps;		size_t ngps;
	struct rs_lost *losts;		size_t nlosts;
	struct rs_unavail *unavail;	size_t nunavail;
	size_t nsamples;		/* sample records over all files */
};

/* Compute; strings point into @files, which must outlive @res. 0 or -1 (ENOMEM). */
int rs_compute(const struct rp_file *files, size_t nfiles, const char *baseline,
	       struct rs_result *res);
void rs_free(struct rs_result *res);

/* The cost of (env, context, op) / the gp of (env, kind, load); NULL if none (env < 0: none). */
const struct rs_cost *rs_find_cost(const struct rs_result *res, int env, const char *ctx,
				   const char *op);
const struct rs_gp *rs_find_gp(const struct rs_result *res, int env, const char *kind,
			       const char *load);

/* helpers, exposed for the unit tests */
double rs_t975(int df);
double rs_median(double *v, int n);	/* sorts v */
double rs_wmedian(const double *v, const double *w, int n);
void rs_tci(const double *v, int n, double *lo, double *hi);
/* unit labels for an env: "ns/op", "ns/op (emulated, TCG)", ... */
const char *rs_unit(const char *env);
const char *rs_gp_unit(const char *env);

#endif
