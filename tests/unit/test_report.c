// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the srcubench reporter: statistics on hand-computed fixtures
 * (the hand computation is in each fixture's "#=" comment lines), one
 * malformed-input fixture per error kind (exact "file:line: reason", exit
 * status 2, nothing on stdout), the output formats, and the plots.
 *
 * Run from the repository root: build/test-report.  Ends with "N passed, M failed".
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report_out.h"
#include "report_parse.h"
#include "report_stats.h"

#define FX "tests/unit/fixtures/"
#define TMP "build/report-test"

static int passed, failed;
static const char *bin = "build/report";

#define CHECK(cond, ...) check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static void check(int ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#include <stdarg.h>
static void check(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		return;
	}
	failed++;
	fprintf(stderr, "FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#define NEAR(a, b, tol, what) \
	CHECK(fabs((a) - (b)) <= (tol), "%s: got %.6f, want %.6f", what, (double)(a), (double)(b))

/* ---- helpers ---- */

static void test_helpers(void)
{
	double v[] = { 3, 1, 2 }, w4[] = { 4, 1, 3, 2 };
	double pv[] = { 2.0, 1.9, 2.1 }, pw[] = { 3000, 1000, 6000 };
	double lo, hi, t1[] = { 2.0, 2.2, 2.1 };

	NEAR(rs_t975(1), 12.7062, 1e-9, "t975(1)");
	NEAR(rs_t975(2), 4.3027, 1e-9, "t975(2)");
	NEAR(rs_t975(30), 2.0423, 1e-9, "t975(30)");
	NEAR(rs_t975(60), 2.0003, 2e-4, "t975(60) (table value 2.0003)");
	NEAR(rs_t975(120), 1.9799, 2e-4, "t975(120) (table value 1.9799)");
	CHECK(isnan(rs_t975(0)), "t975(0) is NAN");
	NEAR(rs_median(v, 3), 2, 0, "median odd");
	NEAR(rs_median(w4, 4), 2.5, 0, "median even");
	/* weights 1000@1.9, 3000@2.0, 6000@2.1: half 5000 is reached at 2.1 */
	NEAR(rs_wmedian(pv, pw, 3), 2.1, 0, "weighted median");
	pw[2] = 1000;	/* 1000@1.9 3000@2.0 (cum 4000 >= 2500) */
	NEAR(rs_wmedian(pv, pw, 3), 2.0, 0, "weighted median 2");
	/* mean 2.1, sd 0.1, se 0.057735 -> +-0.248417 */
	rs_tci(t1, 3, &lo, &hi);
	NEAR(lo, 1.851583, 2e-6, "tci lo");
	NEAR(hi, 2.348417, 2e-6, "tci hi");
	rs_tci(t1, 1, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi), "tci of 1 value is NAN");
	CHECK(!strcmp(rs_unit("kvm"), "ns/op"), "unit kvm");
	CHECK(!strcmp(rs_unit("bare-metal"), "ns/op"), "unit bare-metal");
	CHECK(!strcmp(rs_unit("tcg"), "ns/op (emulated, TCG)"), "unit tcg");
	CHECK(!strcmp(rs_unit("tcg-icount"), "instructions/op (TCG icount)"), "unit icount");
}

/* ---- statistics on hand-computed fixtures ---- */

static const struct rs_cost *find_cost(const struct rs_result *r, const char *arch,
				       const char *ctx, const char *op)
{
	size_t i;

	for (i = 0; i < r->ncosts; i++)
		if (!strcmp(r->envs[r->costs[i].env].arch, arch) &&
		    !strcmp(r->costs[i].context, ctx) && !strcmp(r->costs[i].op, op))
			return &r->costs[i];
	return NULL;
}

static int load(const char **paths, int n, struct rp_file *files, struct rs_result *res,
		const char *baseline)
{
	char err[RP_ERR];
	int i;

	for (i = 0; i < n; i++)
		if (rp_parse_path(paths[i], &files[i], NULL, err, sizeof(err))) {
			CHECK(0, "parse %s: %s", paths[i], err);
			while (i--)
				rp_file_free(&files[i]);
			return -1;
		}
	if (rs_compute(files, n, baseline, res)) {
		CHECK(0, "rs_compute");
		return -1;
	}
	return 0;
}

static void unload(struct rp_file *files, int n, struct rs_result *res)
{
	rs_free(res);
	while (n--)
		rp_file_free(&files[n]);
}

#define EST(e, p, l, h, what) do { \
	NEAR((e).point, p, 2e-6, what " point"); \
	NEAR((e).lo, l, 2e-6, what " ci_lo"); \
	NEAR((e).hi, h, 2e-6, what " ci_hi"); } while (0)

static void test_hand3(void)
{
	const char *p[] = { FX "hand3.results" };
	struct rp_file f[1];
	struct rs_result r;
	const struct rs_cost *b, *t, *e;

	if (load(p, 1, f, &r, "__this_cpu_inc"))
		return;
	CHECK(r.nenvs == 1 && r.envs[0].runs == 3 && r.envs[0].ncpus == 2, "hand3 env runs/cpus");
	CHECK(!strcmp(rp_meta(&f[0], "harness.scenario"), "hand"), "harness. meta is ordinary meta");
	b = find_cost(&r, "x86_64", "process", "__this_cpu_inc");
	t = find_cost(&r, "x86_64", "process", "this_cpu_inc");
	e = find_cost(&r, "x86_64", "process", "empty");
	CHECK(b && t && e && r.ncosts == 3, "hand3 groups");
	if (!b || !t || !e)
		goto out;
	CHECK(!b->by_cpu && b->runs == 3, "hand3 CI over runs");
	EST(b->raw, 2.1, 1.851583, 2.348417, "__this_cpu_inc raw");
	EST(t->raw, 3.2, 2.085503, 4.714497, "this_cpu_inc raw");
	EST(t->net, 2.1, 0.998495, 3.734838, "this_cpu_inc net");
	EST(t->delta, 1.0, 0.00919, 2.59081, "this_cpu_inc delta");
	EST(t->ratio, 1.5, 1.114212, 2.319913, "this_cpu_inc ratio (log-scale CI)");
	CHECK(t->sig == 1, "delta CI excludes 0: significant");
	CHECK(b->delta.n == 0 && e->delta.n == 0, "no delta for baseline and empty");
	CHECK(e->net.n == 0 && isnan(e->net.point), "no net for empty");
	NEAR(b->p50, 2.0, 0, "__this_cpu_inc pooled p50");
	NEAR(t->p50, 2.95, 0, "this_cpu_inc pooled p50");
	NEAR(t->cpu_min, 3.0, 1e-12, "cpu_min");
	NEAR(t->cpu_max, 4.0, 1e-12, "cpu_max");
	CHECK(r.ngps == 1, "one gp group");
	if (r.ngps == 1) {
		NEAR(r.gps[0].count, 400, 0, "gp count");
		NEAR(r.gps[0].p50, 1750, 1e-9, "gp p50 count-weighted");
		NEAR(r.gps[0].mean, 1875, 1e-9, "gp mean");
		NEAR(r.gps[0].min, 500, 0, "gp min");
		NEAR(r.gps[0].max, 12000, 0, "gp max");
		CHECK(r.gps[0].runs == 3, "gp runs");
	}
	CHECK(r.nlosts == 2 && !strcmp(r.losts[1].op, "__this_cpu_inc"), "lost groups");
	if (r.nlosts == 2) {
		NEAR(r.losts[1].expected, 10000, 0, "lost expected");
		NEAR(r.losts[1].observed, 9985, 0, "lost observed");
		NEAR(r.losts[1].lost, 15, 0, "lost lost");
	}
	CHECK(r.nunavail == 1 && !strcmp(r.unavail[0].op, "srcu_nmisafe"), "unavailable op");
out:
	unload(f, 1, &r);

	/* another baseline: this_cpu_inc vs empty is then delta = net */
	if (load(p, 1, f, &r, "empty"))
		return;
	t = find_cost(&r, "x86_64", "process", "this_cpu_inc");
	if (t)
		EST(t->delta, 2.1, 0.998495, 3.734838, "--baseline empty delta");
	unload(f, 1, &r);
}

static void test_hand1(void)
{
	const char *p[] = { FX "hand1.results" };
	struct rp_file f[1];
	struct rs_result r;
	const struct rs_cost *b, *t;

	if (load(p, 1, f, &r, "__this_cpu_inc"))
		return;
	b = find_cost(&r, "riscv64", "process", "__this_cpu_inc");
	t = find_cost(&r, "riscv64", "process", "this_cpu_inc");
	CHECK(b && t, "hand1 groups");
	if (b && t) {
		CHECK(b->by_cpu && t->by_cpu, "1 run: CI across CPUs");
		EST(b->raw, 2.625, 1.257917, 3.742083, "1-run __this_cpu_inc raw");
		EST(t->raw, 4.0, -0.3027, 8.3027, "1-run this_cpu_inc raw");
		EST(t->net, 3.0, -1.3027, 7.3027, "1-run net");
		EST(t->delta, 1.375, -1.786241, 4.786241, "1-run delta");
		EST(t->ratio, 1.523810, 0.811237, 2.895481, "1-run ratio (log-scale CI)");
		CHECK(t->sig == 0, "1-run delta n.s.");
	}
	unload(f, 1, &r);
}

/*
 * hand3 given twice: 6 runs of one (arch, kernel, env).  this_cpu_inc per-run
 * 3 3 3.2 3.2 4 4: median 3.2, mean 3.4, ss 1.12, var .224, sd .473286,
 * se .193218, t(5) 2.5706, h .496686 -> [2.903314, 3.896686].
 * With hand1 (another arch) as a third file, two groups.
 */
static void test_multi(void)
{
	const char *p[] = { FX "hand3.results", FX "hand3.results", FX "hand1.results" };
	struct rp_file f[3];
	struct rs_result r;
	const struct rs_cost *t;

	if (load(p, 3, f, &r, "__this_cpu_inc"))
		return;
	CHECK(r.nenvs == 2 && r.envs[0].runs == 6 && r.envs[1].runs == 1, "multi-file envs");
	t = find_cost(&r, "x86_64", "process", "this_cpu_inc");
	CHECK(t && t->runs == 6, "6 runs combined");
	if (t)
		EST(t->raw, 3.2, 2.903314, 3.896686, "multi-file raw");
	t = find_cost(&r, "riscv64", "process", "this_cpu_inc");
	CHECK(t && t->by_cpu, "other arch kept apart");
	CHECK(r.ngps == 1 && r.gps[0].count == 800, "gp counts add over files");
	unload(f, 3, &r);
}

/* ---- the binary: malformed input, formats, plots ---- */

static int run(const char *args, char *out, size_t outlen, char *err, size_t errlen);

static int run_limited(const char *pre, const char *args, char *out, size_t outlen, char *err,
		       size_t errlen);

static int run(const char *args, char *out, size_t outlen, char *err, size_t errlen)
{
	return run_limited("", args, out, outlen, err, errlen);
}

/* run the binary with @args after the shell commands @pre (e.g. a ulimit) */
static int run_limited(const char *pre, const char *args, char *out, size_t outlen, char *err,
		       size_t errlen)
{
	char cmd[2048];
	FILE *fp;
	size_t n;
	int st;

	snprintf(cmd, sizeof(cmd), "%s%s %s >" TMP "/stdout 2>" TMP "/stderr", pre, bin, args);
	st = system(cmd);
	out[0] = err[0] = '\0';
	if ((fp = fopen(TMP "/stdout", "r"))) {
		n = fread(out, 1, outlen - 1, fp);
		out[n] = '\0';
		fclose(fp);
	}
	if ((fp = fopen(TMP "/stderr", "r"))) {
		n = fread(err, 1, errlen - 1, fp);
		err[n] = '\0';
		fclose(fp);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_malformed(void)
{
	static const struct { const char *file, *msg; } bad[] = {
		{ "field-count", "10: read record has 12 fields, its header names 13" },
		{ "not-integer", "10: read column 'ops': '10x0' is not a non-negative integer" },
		{ "negative", "10: read column 'ops': '-1000' is not a non-negative integer" },
		{ "not-number", "10: read column 'mean_ns': '9.0.0' is not a non-negative number" },
		{ "nan", "10: read column 'mean_ns': 'nan' is not a non-negative number" },
		{ "unknown-schema", "1: unknown meta schema '2' (this report reads schema 1)" },
		{ "missing-schema", "12: missing meta 'schema'" },
		{ "missing-arch", "12: missing meta 'arch'" },
		{ "missing-kernel", "12: missing meta 'kernel'" },
		{ "missing-env", "12: missing meta 'env'" },
		{ "truncated", "12: no end record: the file is truncated" },
		{ "truncated-midline", "12: gp record has 6 fields, its header names 11 "
		  "(last line has no newline: truncated file?)" },
		{ "empty", "1: no end record: the file is truncated" },
		{ "before-header", "5: 'read' record before its '# read ...' header line" },
		{ "no-header", "8: 'read' record before its '# read ...' header line" },
		/* a '#' line lacking a required column is a comment, not a header */
		{ "header-lacks-column", "9: 'read' record before its '# read ...' header line "
		  "(line 5 is a comment, not a header: it lacks column 'ns')" },
		{ "header-redefined", "10: read header redefined with other columns (first on line 5)" },
		{ "header-too-many", "11: lost record has 7 fields, its header names 64" },
		{ "header-wide", "11: 'lost' record before its '# lost ...' header line "
		  "(line 6 is a comment, not a header: it has more than 64 columns)" },
		{ "after-end", "14: 'read' record after the end record" },
		{ "duplicate-read", "11: duplicate read record (run 0 cpu 0 process empty), first on line 9" },
		{ "duplicate-meta", "5: duplicate meta 'arch'" },
		/* duplicates of every record type, not only read */
		{ "duplicate-op", "19: duplicate op record (srcu), first on line 17" },
		{ "duplicate-lost", "19: duplicate lost record (run 0 cpu 0 process __this_cpu_inc), first on line 17" },
		{ "duplicate-gp", "18: duplicate gp record (run 0 sync idle), first on line 16" },
		{ "duplicate-sample", "19: duplicate sample record (run 0 cpu 0 process srcu seg 0 t_ns 100), first on line 17" },
		{ "duplicate-peer", "18: duplicate peer record (refscale srcu ns_per_loop 1), first on line 16" },
		{ "duplicate-exec", "18: duplicate exec record (run 0 process), first on line 16" },
		{ "duplicate-codegen", "18: duplicate codegen record (x86_64 empty), first on line 16" },
		{ "duplicate-bpfgp", "18: duplicate bpfgp record (sync), first on line 16" },
		/* the perf A/B table overflowed its ratio array on these (heap) */
		{ "duplicate-perf", "18: duplicate perf record (side A pair 1 cycles), first on line 16" },
		{ "mean-mismatch", "10: read: mean_ns 8.000 disagrees with ns/ops = 9.000" },
		{ "percentile-order", "10: read: percentiles not ordered p50 <= p95 <= p99 <= max, min <= max" },
		{ "lost-mismatch", "11: lost: 0 is not expected - observed" },
		{ "gp-dash", "12: gp column 'min_ns': '-' is not a non-negative integer" },
		{ "run-beyond-end", "13: end record says 1 runs, but there are records of run 3" },
		{ "end-status", "13: end status 'finished' is neither complete nor aborted" },
		{ "meta-fields", "4: meta record has 4 fields, expected 'meta key value'" },
		{ "nul-byte", "10: NUL byte in line" },
		{ "perf-value", "14: perf column 'value': '1x0' is not a non-negative number" },
		{ "sample-ns", "15: sample column 'ns': '12e' is not a non-negative integer" },
	};
	static char out[1 << 16], err[1 << 12];
	char args[512], want[1024];
	size_t i;
	int st;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(args, sizeof(args), FX "bad/%s.results", bad[i].file);
		snprintf(want, sizeof(want), FX "bad/%s.results:%s\n", bad[i].file, bad[i].msg);
		st = run(args, out, sizeof(out), err, sizeof(err));
		CHECK(st == 2, "%s: exit status %d, want 2", bad[i].file, st);
		CHECK(!strcmp(err, want), "%s: stderr\n  got  %s  want %s", bad[i].file, err, want);
		CHECK(!out[0], "%s: nothing on stdout", bad[i].file);
	}
	/* a bad file among good ones still fails the whole report */
	st = run(FX "hand3.results " FX "bad/truncated.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 2 && !out[0], "bad second file: exit 2, no output");

	st = run(FX "ok-unknown-type.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0, "unknown record type: exit 0");
	CHECK(strstr(err, "ok-unknown-type.results:12: warning: unknown record type 'sample2' skipped"),
	      "unknown record type warned: %s", err);
	st = run(FX "ok-gp-empty.results " FX "ok-crlf.results " FX "ok-base.results",
		 out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && !err[0], "count-0 gp, CRLF lines: accepted (%d, %s)", st, err);
	st = run("--format xml " FX "ok-base.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 1, "bad --format: exit 1");
	st = run("", out, sizeof(out), err, sizeof(err));
	CHECK(st == 1, "no file: exit 1");
	st = run("--help", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(out, "--baseline") && strstr(out, "unknown type"), "--help");
}

static void test_formats(void)
{
	static char out[1 << 20], err[1 << 12];
	json_error_t je;
	json_t *root, *c;
	size_t i;
	int st, found = 0;
	const char *last;

	st = run(FX "hand3.results " FX "hand1.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0, "table: exit 0");
	CHECK(strstr(out, "## read-side cost per op: arch=x86_64 kernel=6.1.0-hand env=kvm unit=ns/op"),
	      "table header names arch, kernel, env, unit");
	CHECK(strstr(out, "env=tcg-icount unit=instructions/op (TCG icount)"), "icount unit");
	CHECK(strstr(out, "  process this_cpu_inc 1.000 0.009 2.591 1.500 1.114 2.320 sig\n"),
	      "baseline row");
	CHECK(strstr(out, "  process this_cpu_inc 1.375 -1.786 4.786 1.524 0.811 2.895 n.s.\n"),
	      "n.s. row");
	out[strlen(out) - 1] = '\0';
	last = strrchr(out, '\n');
	CHECK(last && !strncmp(last, "\n# legend: CI = 95% Student-t", 29) &&
	      strstr(last, "baseline = __this_cpu_inc"), "ends with the legend line");

	st = run("--format csv " FX "hand3.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(out, "table,arch,kernel,env,unit,context,op,runs,ci_by,ns_op,") &&
	      strstr(out, "cost,x86_64,6.1.0-hand,kvm,ns/op,process,this_cpu_inc,3,runs,3.200,2.086,4.714,"),
	      "csv");
	st = run("--format md --baseline empty " FX "hand3.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(out, "### overhead vs baseline empty: arch=x86_64") &&
	      strstr(out, "| process | this_cpu_inc | 2.100 |"), "md, --baseline");

	st = run("--format json --out " TMP "/r.json " FX "hand3.results " FX "hand1.results",
		 out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && !out[0], "json --out: exit 0, stdout empty");
	root = json_load_file(TMP "/r.json", 0, &je);
	CHECK(root != NULL, "json parses: %s", root ? "" : je.text);
	if (!root)
		return;
	c = json_object_get(json_array_get(json_object_get(root, "groups"), 0), "costs");
	for (i = 0; i < json_array_size(c); i++) {
		json_t *o = json_array_get(c, i);

		if (strcmp(json_string_value(json_object_get(o, "op")), "this_cpu_inc"))
			continue;
		found = 1;
		NEAR(json_real_value(json_object_get(json_object_get(o, "ns_op"), "point")),
		     3.2, 1e-9, "json ns_op");
		NEAR(json_real_value(json_object_get(json_object_get(o, "ratio"), "ci_lo")),
		     1.114212, 2e-6, "json ratio ci_lo");
		CHECK(json_is_true(json_object_get(o, "significant")), "json significant");
	}
	CHECK(found, "json has this_cpu_inc");
	CHECK(!strcmp(json_string_value(json_object_get(json_array_get(
		json_object_get(root, "groups"), 1), "unit")), "instructions/op (TCG icount)"),
	      "json unit");
	json_decref(root);
}

/*
 * The real results file from the module in qemu (docs/example-results.txt, an
 * x86_64 TCG run of 6.1.0-56-amd64 on 4 CPUs, 1 run): it parses, and every
 * (context, op) of its read records gets a row in the library's result, the
 * table, the CSV and the JSON; every counting op a lost row; every gp record
 * a gp row; the headings carry the TCG unit.  Spot values recomputed from the
 * file by hand (awk over the read records):
 *   process this_cpu_inc: sum(ns)/sum(ops) over CPUs 0-3 = 4.280 ns/op
 *   process+softirq+hardirq racy_inc lost: 22532 expected, 20598 observed, 1934 lost
 */
#define EXAMPLE FX "example-x86_64-tcg.results"

static int table_has_row(const char *out, const char *a, const char *b)
{
	const char *l = out;
	char f1[128], f2[128];

	while (l && *l) {
		if (*l != '#' && sscanf(l, "%127s %127s", f1, f2) == 2 &&
		    !strcmp(f1, a) && !strcmp(f2, b))
			return 1;
		l = strchr(l, '\n');
		if (l)
			l++;
	}
	return 0;
}

static void test_example(void)
{
	const char *p[] = { EXAMPLE };
	static char out[1 << 20], err[1 << 12], line[512];
	struct rp_file f[1];
	struct rs_result r;
	const struct rs_cost *c;
	size_t i, j, pairs = 0, bad = 0, nolost = 0, nocsv = 0, ngp;
	json_error_t je;
	json_t *root;
	int st;

	if (load(p, 1, f, &r, "__this_cpu_inc"))
		return;
	CHECK(f[0].nreads == 132 && f[0].nlosts == 36 && f[0].ngps == 8 && f[0].nops == 14,
	      "example: record counts (read %zu lost %zu gp %zu op %zu)",
	      f[0].nreads, f[0].nlosts, f[0].ngps, f[0].nops);
	CHECK(r.nenvs == 1 && r.envs[0].runs == 1 && r.envs[0].ncpus == 4 &&
	      !strcmp(r.envs[0].env, "tcg"), "example: one env, 1 run, 4 CPUs, tcg");
	CHECK(!strcmp(rp_meta(&f[0], "srcutree.exp_holdoff"), "25000"), "example: srcutree meta");
	c = find_cost(&r, "x86_64", "process", "this_cpu_inc");
	CHECK(c && fabs(c->raw.point - 4.280) < 5e-4 && c->by_cpu, "example: process this_cpu_inc 4.280");
	CHECK(r.nunavail == 3, "example: 3 unavailable ops");
	CHECK(r.nlosts == 9, "example: 9 counting ops have lost rows (%zu)", r.nlosts);
	for (i = 0; i < r.nlosts; i++)
		if (!strcmp(r.losts[i].op, "racy_inc"))
			CHECK(r.losts[i].expected == 22532 && r.losts[i].observed == 20598 &&
			      r.losts[i].lost == 1934, "example: racy_inc lost totals");

	st = run(EXAMPLE, out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && !err[0], "example table: exit %d (%s)", st, err);
	CHECK(strstr(out, "arch=x86_64 kernel=6.1.0-56-amd64 env=tcg unit=ns/op (emulated, TCG)"),
	      "example: headings carry arch, kernel, env and the TCG unit");
	for (i = 0; i < f[0].nreads; i++) {
		const struct rp_read *x = &f[0].reads[i];

		for (j = 0; j < i; j++)
			if (!strcmp(f[0].reads[j].context, x->context) &&
			    !strcmp(f[0].reads[j].op, x->op))
				break;
		if (j < i)
			continue;
		pairs++;
		c = find_cost(&r, "x86_64", x->context, x->op);
		if (!c || !isfinite(c->raw.point) || !(c->raw.point > 0) ||
		    !table_has_row(out, x->context, x->op)) {
			bad++;
			CHECK(0, "example: no row for %s %s", x->context, x->op);
		}
	}
	CHECK(pairs == 33 && !bad, "example: rows for all %zu (context, op) pairs", pairs);
	for (i = 0; i < r.nlosts; i++)
		if (!table_has_row(out, r.losts[i].context, r.losts[i].op))
			nolost++;
	CHECK(!nolost, "example: table has every lost row");
	for (i = 0, ngp = 0; i < f[0].ngps; i++)
		ngp += table_has_row(out, f[0].gps[i].kind, f[0].gps[i].load);
	CHECK(ngp == 8, "example: table has every gp row (%zu)", ngp);

	st = run("--format csv " EXAMPLE, out, sizeof(out), err, sizeof(err));
	CHECK(st == 0, "example csv: exit 0");
	for (i = 0; i < r.ncosts; i++) {
		snprintf(line, sizeof(line),
			 "\ncost,x86_64,6.1.0-56-amd64,tcg,\"ns/op (emulated, TCG)\",%s,%s,1,cpus,",
			 r.costs[i].context, r.costs[i].op);
		if (!strstr(out, line))
			nocsv++;
	}
	CHECK(r.ncosts == 33 && !nocsv, "example csv: every cost row (%zu missing)", nocsv);
	st = run("--format json --out " TMP "/example.json " EXAMPLE, out, sizeof(out), err, sizeof(err));
	root = st == 0 ? json_load_file(TMP "/example.json", 0, &je) : NULL;
	CHECK(root && json_array_size(json_object_get(json_array_get(json_object_get(root, "groups"), 0),
						      "costs")) == 33, "example json: 33 cost rows");
	json_decref(root);
	st = run("--format md " EXAMPLE, out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(out, "| hardirq | racy_inc |"), "example md");
	unload(f, 1, &r);
}

static long fsize(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : (long)st.st_size;
}

static void test_plots(void)
{
	static char out[1 << 20], err[1 << 14];
	static const char *const names[] = {
		"this_cpu_inc", "ops-1", "ops-2", "gp-cdf-1", "gp-cdf-2", "percpu-1", "percpu-2",
	};
	char path[512];
	size_t i;
	int st;

	st = run("--plots " TMP "/plots --out " TMP "/plots.txt " FX "x86_64-kvm.results "
		 FX "aarch64-tcg.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0, "plots: exit 0 (%s)", err);
	CHECK(strstr(err, "(time series) skipped: no sample records"), "no sample records: time series skipped, noted");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), TMP "/plots/%s.gp", names[i]);
		CHECK(fsize(path) > 40, "%s exists", path);
		snprintf(path, sizeof(path), TMP "/plots/%s.dat", names[i]);
		CHECK(fsize(path) > 50, "%s exists", path);
		snprintf(path, sizeof(path), TMP "/plots/%s.png", names[i]);
		CHECK(fsize(path) > 8000, "%s > 8 KB (%ld)", path, fsize(path));
		snprintf(path, sizeof(path), TMP "/plots/%s.svg", names[i]);
		CHECK(fsize(path) > 8000, "%s > 8 KB (%ld)", path, fsize(path));
	}
	/* sample records: the time series appears */
	st = run("--plots " TMP "/plots2 --out " TMP "/plots2.txt " FX "samples.results",
		 out, sizeof(out), err, sizeof(err));
	CHECK(st == 0, "plots with samples: exit 0 (%s)", err);
	CHECK(fsize(TMP "/plots2/timeseries-1.png") > 8000,
	      "time series png");
	/* the plotted values (hand computation in samples.results' #= lines) */
	{
		static char dat[1 << 14];
		FILE *fp = fopen(TMP "/plots2/timeseries-1.dat", "r");
		size_t n = fp ? fread(dat, 1, sizeof(dat) - 1, fp) : 0;

		dat[n] = '\0';
		if (fp)
			fclose(fp);
		/* panels: process from block 2 (2 ops), softirq from block 4 (1 op) */
		CHECK(strstr(dat, "\n\n\n2\t2\tprocess\n4\t1\tsoftirq\n\n\n"), "time series: panels");
		CHECK(strstr(dat, "\n\n\nthis_cpu_inc\n?\t?\t?\t?\n100.000\t3\t0\t0\n200.000\t3\t0\t0\n"),
		      "time series: delta ns / delta ops of cpu 0");
		CHECK(strstr(dat, "500.000\t3.5\t1\t0\n700.000\t5\t0\t1\n800.000\t5\t0\t1\n"),
		      "time series: seg restart starts a new series (no 600 ms interval)");
		CHECK(strstr(dat, "\n\n\nthis_cpu_inc\n?\t?\t?\t?\n100.000\t4\t0\t0\n"), "time series: softirq");
		CHECK(!strstr(dat, "600.000"), "time series: no interval across the restart");
	}
	/* re-render one from its script alone */
	remove(TMP "/plots/this_cpu_inc.svg");
	st = system("cd " TMP "/plots && gnuplot this_cpu_inc.gp");
	CHECK(st == 0 && fsize(TMP "/plots/this_cpu_inc.svg") > 8000, "gnuplot NAME.gp re-renders");
}

/* The side-by-side tables of fixtures/side.results (hand computation in its #= lines). */
static void test_side(void)
{
	static const char *const want[] = {
		"  refscale  kthreads           50.000 [  25.158,   74.842]",
		"(mean of 3 runs, median 50.000)",
		"  rcuscale  sync loaded      100         1000        50000        99000       100000",
		"  rcuscale  exp  loaded        3           10           20           30           30",
		"  task-clock         msec             150.00         145.00   1.0000 [-0.2706,  2.2706]",
		"  cycles             -                     -              -        -   (not supported",
		"# A = ops=this_cpu_inc ; B = ops=__this_cpu_inc",
		"  this_cpu_inc         4     1        -  incq_%gs:0x0(%rip)_<sb_counter>",
		"  x86_64   6.1.0-side             voluntary    hardirq             5            0            0",
		"  sync        20       20   yes          250          250          200          400    0.00%",
		"  exp         20       19    NO          250          200          200          400   25.00%",
	};
	static char out[1 << 16], err[1 << 12];
	size_t i;
	int st = run(FX "side.results", out, sizeof(out), err, sizeof(err));

	CHECK(st == 0, "side.results: exit %d (%s)", st, err);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK(strstr(out, want[i]), "side tables lack '%s'", want[i]);
	CHECK(!strstr(out, "missing"), "side tables have a missing cell");
}

/*
 * The architectures side by side, from real results: arm64 under TCG, x86_64
 * and riscv64 under TCG icount (instructions beyond the empty loop: x86
 * this_cpu_inc is one incq; riscv64's is __this_cpu_inc's 8 plus the
 * csrrc/and/csrs of its irq save/restore, see tools/codegen.sh records).
 */
static void test_arches(void)
{
	static const char *const want[] = {
		"## across architectures: 3 columns",
		"# columns: aarch64=6.1.0-56-arm64(tcg,preempt=voluntary) x86_64=6.1.0-56-amd64(tcg-icount,preempt=voluntary) riscv64=6.12.107+deb13-riscv64(tcg-icount,preempt=voluntary)",
		"  x86_64   6.1.0-56-amd64           -          hardirq          -         -      -      -      -    -      1.00      1.00   0.00",
		"  riscv64  6.12.107+deb13-riscv64   -          softirq          -         -      -      -      -    -     11.00      8.00   3.00",
		"  this_cpu_inc   process                      -                   1.00                  11.00",
		"  irqsave_inc    hardirq                      -                   9.00                  11.00",
		"  this_cpu_inc   process                  25.13                      -                      -",
		"  racy_inc       tcg               240577(7.4%)                      -                      -",
		"  __this_cpu_inc icount                       -                      0           216400(3.6%)",
		/* columns named arch/env, kernels on a second line when they differ */
		"# op context                        aarch64/tcg      x86_64/tcg-icount     riscv64/tcg-icount\n"
		"#   kernel                       6.1.0-56-arm64         6.1.0-56-amd64 6.12.107+deb13-riscv64\n",
		"  aarch64  6.1.0-56-arm64           tcg        sync           loaded       43   10886.7   22410.8   39723.2   12365.6",
	};
	static char out[1 << 17], err[1 << 12];
	size_t i;
	int st = run(FX "tcg-arm64.results " FX "icount-x86_64.results " FX "icount-riscv64.results",
		     out, sizeof(out), err, sizeof(err));

	CHECK(st == 0, "arches: exit %d (%s)", st, err);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK(strstr(out, want[i]), "arches tables lack '%s'", want[i]);
	CHECK(!strstr(out, "nan"), "arches tables: no nan (a kind without grace periods reads '-')");
	CHECK(!strstr(out, "differ in preemption model"), "arches: one preemption model, no note");
	/* the riscv64 column under lazy preemption (as Debian's 7.x kernels) */
	CHECK(system("sed 's/^meta preempt voluntary$/meta preempt lazy/' " FX "icount-riscv64.results >"
		     TMP "/lazy.results") == 0, "sed a lazy-preemption copy");
	st = run(FX "tcg-arm64.results " TMP "/lazy.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(out, "riscv64=6.12.107+deb13-riscv64(tcg-icount,preempt=lazy)") &&
	      strstr(out, "# note: the columns' kernels differ in preemption model"),
	      "arches: preemption models named, the difference noted (exit %d)", st);
	CHECK(strstr(out, "  aarch64  6.1.0-56-arm64           tcg        sync-normal    loaded        0         -"),
	      "arches GP table: sync-normal loaded, count 0, '-'");
	st = run(FX "icount-x86_64.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && !strstr(out, "across architectures"), "one arch: no across-architectures tables");
	st = run("--plots " TMP "/arches " FX "tcg-arm64.results " FX "icount-x86_64.results",
		 out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && fsize(TMP "/arches/arches.png") > 8000 && fsize(TMP "/arches/arches.svg") > 8000,
	      "arches plot rendered (exit %d: %s)", st, err);
}

/*
 * Every fixture, good and malformed, through the reporter built with
 * ASan+UBSan (build/report-asan, or $REPORT_ASAN) in every format: exit 0 or
 * 2, never a sanitizer report.  The 1-byte stack overflow of do_header
 * (ok-header-long) and the perf A/B heap overflow showed only so.
 */
static void test_asan(void)
{
	static const char *const fmts[] = { "table", "csv", "md", "json" };
	static char out[1 << 20], err[1 << 16];
	const char *asan = getenv("REPORT_ASAN") ? getenv("REPORT_ASAN") : "build/report-asan";
	const char *saved = bin;
	char args[1024];
	FILE *ls;
	int files = 0, bad = 0;

	if (access(asan, X_OK)) {
		CHECK(0, "%s missing (make build/report-asan)", asan);
		return;
	}
	ls = popen("ls " FX "*.results " FX "bad/*.results", "r");
	if (!ls) {
		CHECK(0, "ls fixtures");
		return;
	}
	bin = asan;
	while (fgets(args + 32, (int)sizeof(args) - 32, ls)) {
		char *path = args + 32;
		size_t k;

		path[strcspn(path, "\n")] = '\0';
		files++;
		for (k = 0; k < 4; k++) {
			char a[1200];
			int st;

			snprintf(a, sizeof(a), "--format %s %s", fmts[k], path);
			st = run(a, out, sizeof(out), err, sizeof(err));
			if ((st != 0 && st != 2) || strstr(err, "AddressSanitizer") || strstr(err, "runtime error")) {
				bad++;
				CHECK(0, "asan: %s --format %s: exit %d\n%.600s", path, fmts[k], st, err);
			}
		}
	}
	pclose(ls);
	bin = saved;
	CHECK(files > 40 && !bad, "asan: %d fixtures in 4 formats, %d failed", files, bad);
}

/* Labels come from the data's meta env: kvm columns are not "emulated, TCG" */
static void test_labels(void)
{
	static char out[1 << 18], err[1 << 12], dat[1 << 14];
	FILE *fp;
	size_t n;
	int st;

	CHECK(system("sed 's/^meta env tcg$/meta env kvm/' " FX "aarch64-tcg.results >" TMP "/arm64-kvm.results") == 0,
	      "sed a kvm copy of the arm64 results");
	st = run("--plots " TMP "/labels " FX "x86_64-kvm.results " TMP "/arm64-kvm.results", out, sizeof(out),
		 err, sizeof(err));
	CHECK(st == 0 && strstr(out, "## across architectures"), "kvm x86_64 + kvm arm64: exit %d (%s)", st, err);
	CHECK(!strstr(out, "emulated"), "kvm columns: no 'emulated' in the tables");
	CHECK(strstr(out, "env kvm: KVM guest"), "kvm columns: the tables say KVM guest");
	n = 0;
	if ((fp = fopen(TMP "/labels/arches.dat", "r"))) {
		n = fread(dat, 1, sizeof(dat) - 1, fp);
		fclose(fp);
	}
	dat[n] = '\0';
	CHECK(n && !strstr(dat, "emulated") && strstr(dat, "timed: KVM guest") && strstr(dat, "\tns/op\t"),
	      "kvm columns: the arches plot says KVM guest, unit ns/op, not emulated");
	/* two x86_64 columns, tcg and kvm, and an arm64 one: the headers tell them apart */
	st = run(FX "x86_64-kvm.results " EXAMPLE " " FX "tcg-arm64.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(out, " x86_64/kvm ") && strstr(out, " x86_64/tcg ") && strstr(out, " aarch64/tcg"),
	      "x86_64 tcg and kvm columns: headers name arch/env (exit %d)", st);
	CHECK(strstr(out, "#   kernel ") && strstr(out, "6.1.0-28-amd64") && strstr(out, "6.1.0-56-amd64"),
	      "columns of different kernels: a kernel header line");
	CHECK(strstr(out, "env kvm: KVM guest; tcg: emulated, TCG -- not hardware time"),
	      "mixed envs: each env named with what it is");
}

/* icount on 2 vCPUs (a real arm64 run): the tables say what the means are */
static void test_icount_smp(void)
{
	static char out[1 << 17], err[1 << 12];
	const char *note = "# note: icount on several vCPUs: guest time counts every vCPU's instructions";
	int st = run(FX "icount-arm64-2vcpu.results", out, sizeof(out), err, sizeof(err));

	CHECK(st == 0 && strstr(out, "env=tcg-icount") && strstr(out, "cpus=2"),
	      "icount 2 vCPUs: exit %d (%s)", st, err);
	CHECK(strstr(out, note), "icount 2 vCPUs: the tables carry the note");
	st = run(FX "icount-x86_64.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && !strstr(out, "# note: icount"), "icount 1 vCPU: no note");
	st = run(FX "tcg-arm64.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && !strstr(out, "# note: icount"), "tcg, several CPUs: no note");
}

/* the binary with stdout on /dev/full; its exit status, stderr in @err */
static int run_full(const char *args, char *err, size_t errlen)
{
	char cmd[2048];
	FILE *fp;
	size_t n = 0;
	int st;

	snprintf(cmd, sizeof(cmd), "%s %s >/dev/full 2>" TMP "/stderr", bin, args);
	st = system(cmd);
	if ((fp = fopen(TMP "/stderr", "r"))) {
		n = fread(err, 1, errlen - 1, fp);
		fclose(fp);
	}
	err[n] = '\0';
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Foreign input: the parser cases of issue 15 (each failed before its fix). */
static void test_foreign(void)
{
	static char out[1 << 17], err[1 << 12];
	const char *p[] = { FX "ok-aborted.results" };
	struct rp_file f[1];
	struct rs_result r;
	const struct rs_cost *t;
	int st;

	/* end aborted 2 with records of run 2: runs 0 and 1 kept (it exited 2) */
	st = run(FX "ok-aborted.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0, "aborted run: exit %d, want 0 (%s)", st, err);
	CHECK(strstr(err, "ok-aborted.results:52: warning: run aborted after 2 complete runs; using those, "
		      "11 records of the partial run 2 dropped"), "aborted run: warning says what was dropped: %s", err);
	if (!load(p, 1, f, &r, "__this_cpu_inc")) {
		t = find_cost(&r, "x86_64", "process", "this_cpu_inc");
		CHECK(r.envs[0].runs == 2 && f[0].nreads == 12, "aborted run: 2 runs, 12 read records kept");
		CHECK(t && t->runs == 2 && fabs(t->raw.point - 3.1) < 1e-9, "aborted run: median of runs 0, 1 = 3.1");
		unload(f, 1, &r);
	}
	/* '# read the following lines' is a comment, not a redefinition */
	st = run(FX "ok-comment.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && !err[0], "comment starting with a record type: exit %d (%s)", st, err);
	/* '# foo' with 64 columns of 95 characters: the 1-byte stack overflow in do_header */
	st = run(FX "ok-header-long.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0, "64 columns of 95 characters: exit %d (%s)", st, err);
	/* a pair number of 999999999 allocated 8 GB for the perf ratios: sized by what is counted */
	st = run_limited("ulimit -v 1000000; ", FX "ok-perf-bigpair.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(out, "perf stat A/B (999999999 pairs"), "perf pair 999999999 under a 1 GB limit: exit %d (%s)", st, err);
	/* write errors: stdout on a full device, --out on one, a plot directory that cannot be made */
	st = run_full(FX "hand3.results", err, sizeof(err));
	CHECK(st == 1 && strstr(err, "No space left on device"), "report > /dev/full: exit %d, want 1 (%s)", st, err);
	st = run_full("--format json " FX "hand3.results", err, sizeof(err));
	CHECK(st == 1 && strstr(err, "No space left on device"), "report -f json > /dev/full: exit %d (%s)", st, err);
	st = run("--out /dev/full " FX "side.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 1 && strstr(err, "/dev/full"), "report --out /dev/full: exit %d (%s)", st, err);
	st = run("--plots /dev/full/x " FX "hand3.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 1 && strstr(err, "/dev/full/x"), "report --plots in a non-directory: exit %d (%s)", st, err);
}

int main(void)
{
	const char *b = getenv("REPORT_BIN");

	if (b)
		bin = b;
	mkdir("build", 0755);
	mkdir(TMP, 0755);
	test_helpers();
	test_hand3();
	test_hand1();
	test_multi();
	test_malformed();
	test_formats();
	test_example();
	test_plots();
	test_side();
	test_arches();
	test_icount_smp();
	test_foreign();
	test_labels();
	test_asan();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
