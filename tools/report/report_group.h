/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_group: results from several machines (or kernels, boots, envs).
 *
 *  - Directories: every results file under a directory (results.txt,
 *    results-*.txt, *.results: what lab/lava-run.sh and lab/lava-log.py
 *    write per LAVA job), and the result.txt test-case lines of a directory
 *    that has no results file (a job whose log was not kept).
 *  - --group-by KEY[,KEY]: the files split by the values of those meta
 *    keys (host, machine, cpu_model, boot_id, arch, kernel, env, any
 *    other); each group's statistics are computed on its own files alone
 *    (report_stats, the same policy), and the groups are put side by side.
 *  - --compare A... -- B...: B against A per context x op: the ratio of the
 *    headline estimates (min) with an interval, p50 ratio, GP p50/p99
 *    ratios, lost updates.
 */
#ifndef REPORT_GROUP_H
#define REPORT_GROUP_H

#include <stdio.h>

#include "report_parse.h"
#include "report_table.h"

/* The result.txt lines of one directory without a results file. */
struct rg_case {
	char *name, *result, *measurement, *units;	/* the last two NULL if absent */
};
struct rg_cases {
	char *label;		/* the directory, relative to the one given */
	struct rg_case *v;	size_t n;
};
struct rg_input {
	char **paths;		size_t npaths;	/* results files, in order */
	struct rg_cases *sets;	size_t nsets;	/* result.txt-only directories */
};

/*
 * Expand @args[0..n): a file is taken as it is, a directory is searched
 * (recursively, paths sorted) for results files and result.txt-only
 * directories.  0, or -1 with the reason in @err.
 */
int rg_expand(char *const *args, int n, struct rg_input *in, char *err, size_t errlen);
void rg_input_free(struct rg_input *in);

/* Split "a,b" into the group-by keys; at most RG_MAX_KEYS.  0 or -1. */
#define RG_MAX_KEYS 8
int rg_keys(const char *spec, char keys[RG_MAX_KEYS][RP_NAME], int *nkeys);

/*
 * The across-groups tables: one set of columns per group (and per (arch,
 * kernel, env) inside a group that has several), numbered c1, c2, ...:
 * tables group (context, op, cN, cN_lo, cN_hi), group-lost (contexts, op,
 * lost_cN, expected_cN) and group-gp (kind, load, p50_cN, p99_cN), each
 * column's "cN = <group value>: arch=... cpus=N" line a legend line (text:
 * "# cN = ..." above the first table; other formats: in every table's
 * notes).  Printed in @fmt; with @csvdir also one CSV file per table there.
 * 0, 1 (too many columns, or --csv-dir failed: said on stderr), -1 (write
 * error, ENOMEM).
 */
int rg_write_groups(FILE *out, enum rt_format fmt, const char *csvdir, const struct rp_file *files,
		    size_t n, char keys[RG_MAX_KEYS][RP_NAME], int nkeys, const char *baseline);

/*
 * B against A.  Each side must be one (arch, kernel, env) (checked: 1 with
 * the reason on stderr); a side that pools several machines or hosts says
 * so.  Three tables (compare, compare-gp, compare-lost) printed in @fmt; with
 * @csvdir also one CSV file per table.  0, 1 (sides not comparable or
 * --csv-dir failed), -1 (write error, ENOMEM).
 */
int rg_write_compare(FILE *out, enum rt_format fmt, const char *csvdir,
		     const struct rp_file *a, size_t na,
		     const struct rp_file *b, size_t nb, const char *baseline);

/* The result.txt-only directories side by side (case x directory). */
int rg_write_cases(FILE *out, const struct rg_input *in);

#endif
