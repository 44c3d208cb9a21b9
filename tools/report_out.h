/* SPDX-License-Identifier: GPL-2.0 */
/* report_out: the statistics as a terminal table, CSV, Markdown or JSON. */
#ifndef REPORT_OUT_H
#define REPORT_OUT_H

#include <stdio.h>

#include "report_stats.h"

enum ro_format { RO_TABLE, RO_CSV, RO_MD, RO_JSON };

/* 0, or -1 on a write error / out of memory */
int ro_write(FILE *out, enum ro_format fmt, const struct rs_result *res);
/* the one-line legend (CI method, baseline), also used by the plots */
const char *ro_legend(const struct rs_result *res);

#endif
