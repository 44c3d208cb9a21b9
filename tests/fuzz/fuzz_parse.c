// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the whole reporter on one input.  The input is one
 * results file, or two separated by a NUL byte (a NUL is never valid inside a
 * file, so the split is unambiguous): two files of different arches reach the
 * across-architectures tables and plot.  When every part parses: the
 * statistics, then every writer -- the across-arch tables, the table, CSV,
 * Markdown and JSON formats, the side tables (peers, perf A/B, exec, codegen,
 * bpfgp), --group-by arch,machine in every format, and the plots' data and driver files, written into a temporary
 * directory with no gnuplot run.  Then, for one file, the statistics once
 * more with it twice (one group of two files) and the table of that.
 * Build and run: make fuzz-smoke  (clang -fsanitize=fuzzer,address,undefined)
 */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_arch.h"
#include "report_group.h"
#include "report_out.h"
#include "report_parse.h"
#include "report_plot.h"
#include "report_side.h"
#include "report_stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *null;
static char dir[64];
static struct rpl_opt opt = { .render = 0, .quiet = 1 };

static void setup(void)
{
	const char *tmp = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";

	null = fopen("/dev/null", "w");
	snprintf(dir, sizeof(dir), "%s/fuzz-plots-XXXXXX", tmp);
	if (!null || !mkdtemp(dir))
		abort();
	opt.templates = getenv("FUZZ_TEMPLATES") ? getenv("FUZZ_TEMPLATES") : "plots";
}

static void writers(const struct rp_file *f, size_t n, const char *baseline, int all)
{
	struct rs_result r;

	if (rs_compute(f, n, baseline, &r))
		return;
	ra_write(null, &r);
	if (!all) {	/* the second pass: the grouping of two files, one writer */
		ro_write(null, RO_TABLE, &r);
		rs_free(&r);
		return;
	}
	{	/* every section in every format, as report.c builds them */
		struct rt_doc d = { 0 };

		if (!ra_tables(&d, &r) && !ro_tables(&d, &r) && !rsd_tables(&d, f, n, &r) &&
		    !rt_sections(&d, f, n, &r)) {
			ro_write_doc(null, RO_TABLE, &r, &d);
			ro_write_doc(null, RO_CSV, &r, &d);
			ro_write_doc(null, RO_MD, &r, &d);
			ro_write_doc(null, RO_JSON, &r, &d);
		}
		opt.doc = &d;	/* the templates that name a table (srcubench-data:) */
		rpl_plots(dir, f, n, &r, &opt);
		opt.doc = NULL;
		rt_doc_free(&d);
	}
	{	/* --group-by arch,machine: one set of columns per group, every format */
		static const enum rt_format fmts[] = { RT_TABLE, RT_CSV, RT_MD, RT_JSON };
		char keys[RG_MAX_KEYS][RP_NAME];
		int nkeys, k;

		if (!rg_keys("arch,machine", keys, &nkeys))
			for (k = 0; k < 4; k++)
				rg_write_groups(null, fmts[k], NULL, f, n, keys, nkeys, baseline);
	}
	rs_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *nul = memchr(buf, '\0', size);
	size_t len[2] = { nul ? (size_t)(nul - buf) : size, nul ? size - (nul - buf) - 1 : 0 };
	const char *part[2] = { buf, nul ? nul + 1 : NULL };
	struct rp_file f[2];
	char err[RP_ERR];
	size_t n = nul ? 2 : 1, i;

	if (!null)
		setup();
	for (i = 0; i < n; i++) {
		static const char *const names[] = { "fuzz", "fuzz2" };

		if (rp_parse_buf(names[i], part[i], len[i], &f[i], NULL, err, sizeof(err))) {
			/* every error names file:line */
			if (strncmp(err, names[i], strlen(names[i])) || err[strlen(names[i])] != ':')
				__builtin_trap();
			while (i--)
				rp_file_free(&f[i]);
			return 0;
		}
	}
	writers(f, n, "__this_cpu_inc", 1);
	if (n == 1) {	/* the same file twice: one group of two files */
		if (!rp_parse_buf("fuzz2", part[0], len[0], &f[1], NULL, err, sizeof(err))) {
			writers(f, 2, "empty", 0);
			rp_file_free(&f[1]);
		}
	} else {
		rp_file_free(&f[1]);
	}
	rp_file_free(&f[0]);
	return 0;
}
