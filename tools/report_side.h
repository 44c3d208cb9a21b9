/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_side: the side-by-side tables -- srcubench against the kernel's
 * refscale/rcuscale run in the same boot (peer records), perf stat A/B
 * (perf records), and where each context really ran (exec records).
 */
#ifndef REPORT_SIDE_H
#define REPORT_SIDE_H

#include <stdio.h>

#include "report_parse.h"
#include "report_stats.h"
#include "report_table.h"

/* Append the side tables (nest, exec, codegen, same-code, peers, peers-gp,
 * perf, bpfgp) to @d; 0, or -1 on ENOMEM. */
int rsd_tables(struct rt_doc *d, const struct rp_file *files, size_t nfiles,
	       const struct rs_result *res);
/* rsd_tables printed as the terminal table; 0, or -1 on a write error or out of memory. */
int rsd_write(FILE *out, const struct rp_file *files, size_t nfiles,
	      const struct rs_result *res);

#endif
