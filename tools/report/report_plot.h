/* SPDX-License-Identifier: GPL-2.0 */
/* report_plot: gnuplot scripts, data and rendered PNG/SVG figures. */
#ifndef REPORT_PLOT_H
#define REPORT_PLOT_H

#include <stddef.h>

#include "report_parse.h"
#include "report_stats.h"
#include "report_table.h"

struct rpl_opt {
	const char *templates;	/* directory of the gnuplot templates (plots/) */
	int render;		/* 1: run gnuplot on each plot; 0: write the files only */
	int quiet;		/* 1: no notes on stderr (the fuzzer) */
	const struct rt_doc *doc;	/* the report's tables, for the templates that
					 * name one (srcubench-data:); NULL: none */
};

/*
 * Write the plots into @dir (created if missing) and, if @opt->render, render
 * each with gnuplot.  Notes (skipped plots) go to stderr.  0, or -1 on failure.
 */
int rpl_plots(const char *dir, const struct rp_file *files, size_t nfiles,
	      const struct rs_result *res, const struct rpl_opt *opt);

#endif
