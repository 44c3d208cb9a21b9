/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_cover: the cover-letter table (issue 12), one per (arch, kernel,
 * env): the 2017 bug and the three fixes on the same readers and writers,
 * from the module's check, chkgp, model and disturb records.
 */
#ifndef REPORT_COVER_H
#define REPORT_COVER_H

#include "report_stats.h"
#include "report_table.h"

/* Append the cover-letter tables of @res to @d (none without check records). 0 or -1. */
int rc_tables(struct rt_doc *d, const struct rs_result *res);

/* The rows of one env's table for plots/cover-letter.gp (a header line, then
 * tab-separated rows, "?" missing): the number of rows, or -1. */
int rc_write_dat(FILE *out, const struct rs_result *res, int env);

#endif
