// SPDX-License-Identifier: GPL-2.0
/*
 * report: statistics, tables and plots from srcubench results files
 * (docs/results-format.md).  See --help.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_arch.h"
#include "report_cover.h"
#include "report_group.h"
#include "report_out.h"
#include "report_side.h"
#include "report_parse.h"
#include "report_plot.h"
#include "report_stats.h"
#include "report_table.h"
#include "report_variants.h"

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
"usage: %s [options] RESULTS...\n"
"       %s [options] --compare A... -- B...\n"
"Statistics of srcubench results files (docs/results-format.md, schema 1).\n"
"Several files (runs, CPUs, archs, kernels, envs) are combined; everything is\n"
"grouped by (arch, kernel, env) from the files' meta records, then by context and op.\n"
"\n"
"options:\n"
"  -f, --format FMT     table (default: aligned, '#' header lines, one row per\n"
"                       line, '-' for missing), csv (one tidy long table:\n"
"                       section,table,arch,kernel,env,ROW KEYS...,column,value,unit),\n"
"                       md or json (groups: the statistics; tables: every section)\n"
"      --csv-dir DIR    also write every table as its own CSV file DIR/NN-SECTION.csv\n"
"  -o, --out FILE       write the report to FILE instead of stdout\n"
"  -b, --baseline OP    op the overhead table compares against (default __this_cpu_inc)\n"
"  -p, --plots DIR      also write plots to DIR: per plot NAME.dat (the data, with\n"
"                       every label in it), NAME.gp (a two-line driver that loads\n"
"                       the template TEMPLATES/KIND.gp), NAME.png/NAME.svg rendered\n"
"                       by running gnuplot; DIR/index.tsv says which (arch, kernel,\n"
"                       env) each plot number N is.  Re-render (after editing a\n"
"                       template, say) with: cd DIR && gnuplot NAME.gp\n"
"  -t, --templates DIR  the gnuplot templates (default: $SRCUBENCH_PLOTS, else\n"
"                       plots/ beside the directory of this binary: build/../plots,\n"
"                       else BINDIR/../share/srcubench/plots)\n"
"  -g, --group-by KEYS  split the files by the values of these meta keys (comma list:\n"
"                       host, machine, cpu_model, boot_id, arch, kernel, env, any\n"
"                       other) and put the groups side by side (each computed from\n"
"                       its own files): min ns/op, lost updates, GP p50/p99:\n"
"                       tables group, group-lost, group-gp in every --format\n"
"      --compare        B against A: the files before '--' are A, after it B (each\n"
"                       one arch/kernel/env); per context x op B/A of the min with\n"
"                       its interval, p50 B/A, GP p50/p99 B/A, lost updates: tables\n"
"                       compare, compare-gp, compare-lost in every --format\n"
"  -h, --help           this text\n"
"\n"
"A RESULTS argument that is a directory stands for every results file under it\n"
"(results.txt, results-*.txt, *.results: e.g. downloaded LAVA jobs, one directory\n"
"each, see lab/README.md); a directory with only a result.txt (LAVA test-case\n"
"lines) gets a table of its cases.\n"
"\n"
"statistics (one policy for every table, plot and format: tools/report/report_stats.h):\n"
"  replicate      one (boot, run): the boot is meta boot_id, or the file's content\n"
"                 hash when it has none; the CPUs of one run are not replicates.\n"
"                 The same (boot, run) given twice is dropped with a warning\n"
"  runs, boots    replicates and distinct boots of a table (title); ci%%: coverage\n"
"  min_ns         headline: per replicate the median over its CPUs of min_ns (the\n"
"                 smallest per-batch ns/op of the largest batch classes; 0 = no\n"
"                 measurement); then the median over replicates\n"
"  p50_ns p99_ns  per replicate the median over CPUs of p50_ns / p99_ns, then the\n"
"                 median over replicates\n"
"  mean_ns        per replicate sum(ns)/sum(ops): includes interference (a vCPU\n"
"                 descheduled inside a batch), so it is not the headline\n"
"  _lo _hi        order-statistic interval of the median over replicates,\n"
"                 [x(k), x(n+1-k)] with 95%% coverage, or [min, max] with its\n"
"                 coverage (2: 50%%, 3: 75%%, 4: 87.5%%, 5: 93.75%%); none with 1;\n"
"                 the point is always inside\n"
"  net_min        min - empty's min, paired per CPU, median over CPUs, then over\n"
"                 replicates\n"
"  ratio, delta   min / baseline's min and min - baseline's min, paired the same\n"
"                 way (stat=p50 where no CPU has a min above 0 in both: older files)\n"
"  code           same: the two loops are the same instructions (codegen records);\n"
"                 such rows are never tested (sig=same-code)\n"
"  p, q, sig      paired t-test of the per-replicate log ratios (>= 3 replicates,\n"
"                 else '-' and a note saying why; Yuen's 20%%-trimmed t from 5 on);\n"
"                 q: Benjamini-Hochberg over the table; sig: q < 0.05 and the\n"
"                 ratio >= 2%% from 1 ('<2%%' when q < 0.05 but smaller).  Measured\n"
"                 on synthetic TCG-shaped data (tests/unit/test_report.c): 2.5-3.6%%\n"
"                 of identical comparisons flagged; a 10%% difference 61-81%% of\n"
"                 the time with 3 replicates, 81-92%% with 5\n"
"  cpu_min/max    smallest/largest per-CPU mean (JSON)\n"
"  sample         time-series plot: ns/op of each interval between consecutive\n"
"                 samples of one reader (running totals; columns ns and seg\n"
"                 optional; without ns: delta t_ns / delta ops, wall time)\n"
"  gp             per (kind, load): count summed over replicates, min/max the\n"
"                 extremes, mean the pooled mean; percentiles from the gphist\n"
"                 histograms pooled over replicates (pctl=pooled), or, without\n"
"                 gphist records, count-weighted means of per-run percentiles\n"
"                 (pctl=per-run)\n"
"  lost           expected/observed/lost (and loss events) summed over runs and CPUs\n"
"units: ns/op; env tcg: 'ns/op (emulated, TCG)', not hardware time; env tcg-icount:\n"
"'instructions/op (TCG icount)'.\n"
"\n"
"input checking: any malformed line is an error 'file:line: reason' and exit\n"
"status 2 (wrong field count, non-numeric number, unknown meta schema, missing\n"
"meta schema/arch/kernel/env, no end record, record before its header, a\n"
"duplicate record of any type, ...).  A '#' line is a header only when every\n"
"word is an identifier and, for a known type, every required column is named;\n"
"anything else after '#' is a comment (docs/results-format.md).  After 'end\n"
"aborted N' the complete runs 0..N-1 are used and the partial run N's records\n"
"dropped, with a warning saying how many.  A record of an unknown type (with its\n"
"header) is skipped with a warning, for forward compatibility.  Names from the\n"
"files go into plots only as data, never as gnuplot syntax.\n"
"exit status: 0 ok, 1 usage or output error (every write is checked: a full\n"
"disk is an error), 2 malformed input\n", prog, prog);
}

/* the templates directory (absolute): --templates, $SRCUBENCH_PLOTS, or beside the binary */
static int find_templates(const char *opt, char *out, size_t len)
{
	static const char *const rel[] = { "/../plots", "/../share/srcubench/plots" };
	char exe[PATH_MAX], try[2 * PATH_MAX], *slash;
	const char *env = getenv("SRCUBENCH_PLOTS");
	ssize_t n;
	size_t i;

	if (opt || (env && *env)) {
		if (!realpath(opt ? opt : env, out)) {
			fprintf(stderr, "report: plot templates %s: %s\n", opt ? opt : env, strerror(errno));
			return -1;
		}
		return 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			snprintf(try, sizeof(try), "%s%s/common.gp", exe, rel[i]);
			if (!access(try, R_OK) && len >= PATH_MAX) {
				snprintf(try, sizeof(try), "%s%s", exe, rel[i]);
				if (realpath(try, out))
					return 0;
			}
		}
	}
	fprintf(stderr, "report: no plot templates found beside %s; give --templates DIR or "
		"SRCUBENCH_PLOTS\n", n > 0 ? exe : "the binary");
	return -1;
}

static void warn_cb(const char *msg)
{
	fprintf(stderr, "%s\n", msg);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "plots", required_argument, NULL, 'p' },
		{ "templates", required_argument, NULL, 't' },
		{ "group-by", required_argument, NULL, 'g' },
		{ "compare", no_argument, NULL, 'C' },
		{ "csv-dir", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *csvdir = NULL;
	struct rt_doc doc = { 0 };
	const char *outpath = NULL, *plotdir = NULL, *baseline = "__this_cpu_inc", *tmpl = NULL;
	char tdir[PATH_MAX];
	struct rpl_opt popt = { .templates = NULL, .render = 1 };
	enum ro_format fmt = RO_TABLE;
	struct rp_file *files;
	struct rs_result res;
	char err[RP_ERR];
	FILE *out = stdout;
	int c, i, n, ret = 0;
	char gkeys[RG_MAX_KEYS][RP_NAME];
	int ngkeys = 0, compare = 0, nb = 0, dd = -1, argc0 = argc;
	struct rg_input in = { 0 }, inb = { 0 };
	struct rp_file *fb = NULL;

	/* --compare A... -- B...: getopt sees the arguments before the '--' only */
	for (i = 1; i < argc && strcmp(argv[i], "--compare"); i++)
		;
	for (; i < argc && strcmp(argv[i], "--"); i++)
		;
	if (i < argc) {
		dd = i;
		argc = i;
	}

	while ((c = getopt_long(argc, argv, "f:o:b:p:t:g:h", lo, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "table"))
				fmt = RO_TABLE;
			else if (!strcmp(optarg, "csv"))
				fmt = RO_CSV;
			else if (!strcmp(optarg, "md"))
				fmt = RO_MD;
			else if (!strcmp(optarg, "json"))
				fmt = RO_JSON;
			else {
				fprintf(stderr, "%s: unknown format '%s' (table, csv, md, json)\n",
					argv[0], optarg);
				return 1;
			}
			break;
		case 'o': outpath = optarg; break;
		case 'b': baseline = optarg; break;
		case 'p': plotdir = optarg; break;
		case 't': tmpl = optarg; break;
		case 'g':
			if (rg_keys(optarg, gkeys, &ngkeys)) {
				fprintf(stderr, "%s: --group-by '%s': expected KEY[,KEY] (at most %d keys)\n",
					argv[0], optarg, RG_MAX_KEYS);
				return 1;
			}
			break;
		case 'C': compare = 1; break;
		case 'D': csvdir = optarg; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 1;
		}
	}
	if (compare && ngkeys) {
		fprintf(stderr, "%s: --compare and --group-by go separately: give each side's files\n",
			argv[0]);
		return 1;
	}
	if (compare && (dd < 0 || dd == optind || dd + 1 == argc0)) {
		fprintf(stderr, "%s: --compare A... -- B...: give files on both sides of '--'\n", argv[0]);
		return 1;
	}
	if (rg_expand(argv + optind, argc - optind, &in, err, sizeof(err)) ||
	    (compare && rg_expand(argv + dd + 1, argc0 - dd - 1, &inb, err, sizeof(err)))) {
		fprintf(stderr, "%s: %s\n", argv[0], err);
		rg_input_free(&in);
		return 2;
	}
	n = (int)in.npaths;
	if (n < 1 && !in.nsets) {
		fprintf(stderr, "%s: no results file given (see --help)\n", argv[0]);
		return 1;
	}
	if (plotdir) {	/* before any work: a missing template is a usage error */
		if (find_templates(tmpl, tdir, sizeof(tdir)))
			return 1;
		popt.templates = tdir;
	}
	nb = (int)inb.npaths;
	files = calloc(n + nb + 1, sizeof(*files));
	if (!files)
		return 1;
	for (i = 0; i < n + nb; i++) {
		if (rp_parse_path(i < n ? in.paths[i] : inb.paths[i - n], &files[i], warn_cb, err,
				  sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			while (i--)
				rp_file_free(&files[i]);
			free(files);
			rg_input_free(&in);
			rg_input_free(&inb);
			return 2;
		}
	}
	fb = files + n;
	if (compare || ngkeys || !n) {	/* report_group's tables instead of the pooled ones */
		if (outpath && !(out = fopen(outpath, "w"))) {
			perror(outpath);
			ret = 1;
			goto out_files;
		}
		errno = 0;
		c = compare ? rg_write_compare(out, (enum rt_format)fmt, csvdir, files, n, fb, nb, baseline) :
		    n ? rg_write_groups(out, (enum rt_format)fmt, csvdir, files, n, gkeys, ngkeys, baseline) : 0;
		if (c == 1)
			ret = 1;	/* sides not comparable, too many group columns: said on stderr */
		if (in.nsets && fmt != RO_TABLE)
			fprintf(stderr, "%s: result.txt-only directories are listed in the text table only\n",
				argv[0]);
		if (c < 0 || (fmt == RO_TABLE && rg_write_cases(out, &in)) || fflush(out) || ferror(out)) {
			fprintf(stderr, "%s: error writing the report to %s: %s\n", argv[0],
				outpath ? outpath : "stdout", errno ? strerror(errno) : "write error");
			ret = 1;
		}
		if (out != stdout && fclose(out)) {
			fprintf(stderr, "%s: %s: %s\n", argv[0], outpath, strerror(errno));
			ret = 1;
		}
		goto out_files;
	}
	if (rs_compute(files, n, baseline, &res)) {
		fprintf(stderr, "%s: out of memory\n", argv[0]);
		ret = 1;
		goto out_files;
	}
	if (outpath && !(out = fopen(outpath, "w"))) {
		perror(outpath);
		ret = 1;
		goto out_res;
	}
	/* every section builds its tables into one document (report_table.h) */
	if (rc_tables(&doc, &res) || ra_tables(&doc, &res) || ro_tables(&doc, &res) || rv_tables(&doc, &res) || rsd_tables(&doc, files, n, &res) ||
	    rt_sections(&doc, files, n, &res)) {
		fprintf(stderr, "%s: out of memory\n", argv[0]);
		ret = 1;
		goto out_res;
	}
	errno = 0;
	if (ro_write_doc(out, fmt, &res, &doc) ||
	    (fmt == RO_TABLE && rg_write_cases(out, &in)) ||
	    fflush(out) || ferror(out)) {
		fprintf(stderr, "%s: error writing the report to %s: %s\n", argv[0],
			outpath ? outpath : "stdout", errno ? strerror(errno) : "write error");
		ret = 1;
	}
	if (out != stdout && fclose(out)) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], outpath, strerror(errno));
		ret = 1;
	}
	if (csvdir && rt_csv_dir(csvdir, &doc)) {
		fprintf(stderr, "%s: --csv-dir %s: %s\n", argv[0], csvdir, strerror(errno));
		ret = 1;
	}
	popt.doc = &doc;
	if (plotdir && rpl_plots(plotdir, files, n, &res, &popt))
		ret = 1;
out_res:
	rt_doc_free(&doc);
	rs_free(&res);
out_files:
	for (i = 0; i < n + nb; i++)
		rp_file_free(&files[i]);
	free(files);
	rg_input_free(&in);
	rg_input_free(&inb);
	/* stdout is flushed above; a close error here (e.g. NFS) is still an error */
	if (fclose(stdout) && !ret) {
		fprintf(stderr, "%s: stdout: %s\n", argv[0], strerror(errno));
		ret = 1;
	}
	return ret;
}
