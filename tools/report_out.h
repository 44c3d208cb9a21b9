/* SPDX-License-Identifier: GPL-2.0 */
/* report_out: the statistics as a terminal table, CSV, Markdown or JSON. */
#ifndef REPORT_OUT_H
#define REPORT_OUT_H

#include <stdio.h>

#include "report_stats.h"
#include "report_table.h"

/* the same values as enum rt_format */
enum ro_format { RO_TABLE = RT_TABLE, RO_CSV = RT_CSV, RO_MD = RT_MD, RO_JSON = RT_JSON };

/* Append the per-env sections (cost, unavailable, baseline, gp, lost) to @d; 0 or -1. */
int ro_tables(struct rt_doc *d, const struct rs_result *res);
/* Print @d (every section) in @fmt, with the legend (table, md) and, in JSON,
 * the statistics of @res as "groups" beside the "tables".  0, or -1 on a write
 * error / out of memory */
int ro_write_doc(FILE *out, enum ro_format fmt, const struct rs_result *res,
		 const struct rt_doc *d);
/* ro_tables + ro_write_doc */
int ro_write(FILE *out, enum ro_format fmt, const struct rs_result *res);
/* the one-line legend (CI method, baseline), also used by the plots */
const char *ro_legend(const struct rs_result *res);

#endif
