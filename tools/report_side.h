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

/* Terminal-table text; 0, or -1 on a write error or out of memory. */
int rsd_write(FILE *out, const struct rp_file *files, size_t nfiles,
	      const struct rs_result *res);

#endif
