/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_arch: the architectures side by side.  Each (arch, kernel, timed
 * env) of the results is one column (or row group), with the TCG icount
 * results of the same arch and kernel beside it: this_cpu_inc against
 * __this_cpu_inc per context, the op matrix, lost updates and grace-period
 * latency.
 */
#ifndef REPORT_ARCH_H
#define REPORT_ARCH_H

#include <stdio.h>

#include "report_stats.h"
#include "report_table.h"

#define RA_MAX 16

struct ra_arch {
	const char *arch, *kernel;
	int timed;	/* env index of its timed results (tcg, ...), -1 if none */
	int icount;	/* env index of its tcg-icount results, -1 if none */
};

/* The columns of @res in first-appearance order (at most RA_MAX); their count. */
size_t ra_arches(const struct rs_result *res, struct ra_arch *out);

/*
 * The name of column @i for headers and plot tick labels: "arch/env" (env of
 * its timed results, else tcg-icount), with "/kernel" when another column
 * would read the same.
 */
void ra_label(const struct rs_result *res, const struct ra_arch *a, size_t n, size_t i,
	      char *buf, size_t len);

/* Distinct arch names among @a[0..n). */
size_t ra_narch(const struct ra_arch *a, size_t n);

/*
 * Instructions/op of @op beyond the empty loop in context @ctx of icount env
 * @env: smallest batch of the op minus smallest batch of the empty op; NAN
 * if either is missing.
 */
double ra_icount_net(const struct rs_result *res, int env, const char *ctx, const char *op);

/* Append the "across architectures" tables (arches, arches-inc, arches-icount,
 * arches-net, arches-lost, arches-gp) to @d, when @res has two arches or more. */
int ra_tables(struct rt_doc *d, const struct rs_result *res);
/* ra_tables printed as the terminal table. */
int ra_write(FILE *out, const struct rs_result *res);

#endif
