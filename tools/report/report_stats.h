/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_stats: the one statistics module of the reporter.  Every section
 * (tables, plots, across-arch, kernels, perf A/B, peers, CSV/MD/JSON) takes
 * its numbers from here; the policy (also printed in the legend and --help):
 *
 *  - Records whose valid column (where the file has one) is not 'ok' are
 *    skipped (a CPU offline or a reader moved during the phase; 0 batches).
 *  - A replicate is one (boot, run): the boot is meta boot_id, or, in files
 *    without one, the file's content hash.  The CPUs of one run are not
 *    replicates.  The same (boot, run) given twice is dropped with a warning.
 *  - Per replicate, of one (context, op): min = the median over the run's
 *    CPUs of read.min_ns (each the smallest per-batch ns/op of the two
 *    largest batch classes); p50, p99 = the median over CPUs of p50_ns,
 *    p99_ns; mean = sum(ns)/sum(ops) over CPUs (it includes interference:
 *    a vCPU descheduled inside a batch).
 *  - Over replicates every statistic is summarised the same way: the point
 *    is the median of the per-replicate values, the interval the
 *    distribution-free order-statistic interval for the median
 *    [x_(k), x_(n+1-k)], k the largest with 2 P(Bin(n, 1/2) < k) <= 5%; with
 *    n <= 5 that k does not exist and the interval is [min, max] with its
 *    coverage 1 - 2^(1-n) (2: 50%, 3: 75%, 4: 87.5%, 5: 93.75%); with n = 1
 *    no interval.  The point always lies inside its interval.
 *  - net = min - empty's min, delta = min - baseline's min, ratio = min /
 *    baseline's min: paired per CPU within a replicate (the median over the
 *    CPUs of the per-CPU differences/ratios), then summarised as above.
 *    A min_ns of 0 is no measurement (the clock did not advance over a
 *    batch); where no CPU has both mins, the comparison uses p50 instead
 *    and says so (stat column).
 *  - significance: paired test of the per-replicate log ratios against 0,
 *    only with n >= 3 replicates: Yuen's 20%-trimmed t-test (Student's t
 *    below 5 replicates, where nothing is trimmed); q = Benjamini-Hochberg
 *    adjusted p over the tested rows of one (arch, kernel, env) table;
 *    sig = q < 0.05 and a geometric-mean ratio at least 2% away from 1
 *    (sig column '<2%' otherwise: smaller differences are below what TCG
 *    timings support, and the margin keeps the false-positive rate below
 *    the test's nominal 5%: 2.5-3.6% measured, see test_fpr_power).
 *    Rows whose loops are the same code (codegen records) are never tested.  The false-positive rate and the power are measured
 *    by tests/unit/test_report.c (test_fpr_power) on synthetic data.
 *  - gp: from gphist records (log-bucketed histograms) when present: the
 *    buckets are summed over replicates and the percentiles read from the
 *    pooled histogram (true pooled percentiles); from gp records only:
 *    count-weighted means of per-run percentiles (labelled as such).
 */
#ifndef REPORT_STATS_H
#define REPORT_STATS_H

#include <stddef.h>

#include "report_parse.h"
#include "report_table.h"

#define RS_ALPHA	0.05	/* interval 95%, BH q threshold */
#define RS_MIN_REPS	3	/* replicates below which no significance is printed */
#define RS_MIN_EFFECT	0.02	/* the smallest difference called significant: 2% */

struct rs_est {
	double point, lo, hi;	/* lo, hi NAN when n < 2 */
	double level;		/* coverage of [lo, hi]: 0.95, or less with n <= 5 */
	int n;			/* replicates; 0: no estimate */
};

struct rs_env {
	const char *arch, *kernel, *env;
	struct rt_key key;	/* the same three: the group key of its tables */
	const char *preempt;	/* meta preempt of its first file, or NULL */
	const char *host, *machine, *cpu_model;	/* meta of its first file, or NULL */
	int runs;		/* replicates ((boot, run) pairs) with read records */
	int boots;		/* distinct boots among them */
	int ncpus;		/* distinct CPUs in read records */
	int dropped;		/* (boot, run) pairs dropped as duplicates */
	int has_gphist;		/* gp statistics from pooled histograms */
	int invalid;		/* read and lost records skipped: valid not 'ok' */
};

struct rs_cost {
	int env;
	const char *context, *op;
	int runs;		/* replicates */
	struct rs_est min;	/* headline: per-replicate median over CPUs of min_ns */
	struct rs_est p50, p99;	/* per-replicate median over CPUs of p50_ns, p99_ns */
	struct rs_est mean;	/* per-replicate sum(ns)/sum(ops): includes interference */
	struct rs_est net;	/* min - empty's min, paired per CPU */
	struct rs_est delta, ratio;	/* min vs the baseline's, paired per CPU */
	const char *stat;	/* of delta, ratio: "min", or "p50" where no CPU has a
				 * min_ns above 0 in both (the clock did not advance
				 * over a batch: older files); NULL: no comparison */
	const char *net_stat;	/* the same for net */
	double p, q;		/* t-test p, BH-adjusted q; NAN if not tested */
	double gm;		/* exp(20%-trimmed mean log ratio): the ratio the test tests */
	int small;		/* q < 0.05, but |gm - 1| below RS_MIN_EFFECT: not sig */
	int sig;		/* 1 significant, 0 n.s., -1 not tested (see why) */
	const char *why;	/* why not tested; NULL when tested */
	int same_code;		/* 1: loop identical to the baseline's, 0: differs, -1: unknown */
	double odd;		/* the replicate whose min is furthest from the median of
				 * replicates: its min / that median (1: none, NAN: < 3) */
	const char *odd_file;	/* ... and where it is: file name and run */
	long odd_run;
	double cpu_min, cpu_max;	/* min/max over read records of ns/ops */
	double bmin;		/* smallest min_ns of any read record; NAN if none */
};

struct rs_gp {
	int env;
	const char *kind, *load;
	int runs;
	int pooled;		/* 1: percentiles of the pooled gphist histogram */
	double count, min, p50, p90, p99, p999, max, mean;
};

/* one bucket of a pooled grace-period histogram (rs_gp_hist) */
struct rs_bucket {
	double lo, hi, count;
};

struct rs_lost {
	int env;
	const char *context, *op;
	int runs;
	double expected, observed, lost;
	double events;		/* loss events; NAN when no file has the column */
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
	const struct rp_file *files;	size_t nfiles;
	char *drop;			/* per (file, run): 1 dropped as a duplicate */
	long *drop_off;			/* index of file f's run 0 in drop[] */
	int *file_env;			/* env of each file */
};

/* Warnings (duplicate replicates dropped) go here; NULL: stderr. */
void rs_set_warn(rp_warn_fn fn);

/* Compute; strings point into @files, which must outlive @res. 0 or -1 (ENOMEM). */
int rs_compute(const struct rp_file *files, size_t nfiles, const char *baseline,
	       struct rs_result *res);
void rs_free(struct rs_result *res);

/* The cost of (env, context, op) / the gp of (env, kind, load); NULL if none (env < 0: none). */
const struct rs_cost *rs_find_cost(const struct rs_result *res, int env, const char *ctx,
				   const char *op);
const struct rs_gp *rs_find_gp(const struct rs_result *res, int env, const char *kind,
			       const char *load);
/* 1 if run @run of file @file was dropped as a duplicate replicate */
int rs_dropped(const struct rs_result *res, size_t file, long run);

/*
 * The pooled histogram of (env, kind, load) from gphist records, buckets in
 * ascending order; *n buckets (0 if none).  Caller frees.  -1 on ENOMEM.
 */
int rs_gp_hist(const struct rs_result *res, int env, const char *kind, const char *load,
	       struct rs_bucket **out, size_t *n);

/* ---- the estimators, exposed for the unit tests and the side tables ---- */
/* quantile q of v[0..n) (sorts v), linear between order statistics; NAN if n < 1 */
double rs_quantile(double *v, int n, double q);
double rs_median(double *v, int n);	/* rs_quantile(v, n, 0.5) */
/* qsort comparator of char * (strcmp) */
int rs_cmp_str(const void *a, const void *b);
/* median with its order-statistic interval (sorts v) */
struct rs_est rs_median_ci(double *v, int n);
/* Yuen's trimmed (20%) t-test of v[0..n) against 0, two-sided p (Student's
 * t for n < 5); NAN if n < 2 */
double rs_ttest_p(const double *v, int n);
/* Benjamini-Hochberg adjusted q of p[0..n) (NAN entries skipped) */
void rs_bh(const double *p, double *q, int n);
/* the same value from a pooled histogram: quantile q, linear within a bucket */
double rs_hist_quantile(const struct rs_bucket *b, size_t n, double q);

/* unit labels for an env: "ns/op", "ns/op (emulated, TCG)", ... */
const char *rs_unit(const char *env);
const char *rs_gp_unit(const char *env);
/* the legend of the statistics, one line (tables, CSV, MD, JSON, plots) */
const char *rs_legend(const struct rs_result *res);

#endif
