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

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "report_out.h"
#include "report_parse.h"
#include "report_stats.h"

#define FX "tests/unit/fixtures/"
#define TMP "build/report-test"
#define EXAMPLE FX "example-x86_64-tcg.results"

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

/* ---- the estimators ---- */

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void test_estimators(void)
{
	double v[] = { 3, 1, 2 }, w4[] = { 4, 1, 3, 2 }, q7[] = { 1, 2, 3, 4 };
	double t3[] = { 1, 2, 3 }, z[] = { 0.5, 0.5, 0.5 };
	double p[] = { 0.01, 0.04, 0.03, 0.5, NAN }, q[5];
	struct rs_bucket h[] = { { 100, 200, 10 }, { 200, 400, 30 }, { 400, 800, 60 } };
	struct rs_est e;
	double x[32];
	unsigned seed = 12345;
	int n, i, trial, bad = 0, worst = 0;

	NEAR(rs_median(v, 3), 2, 0, "median odd");
	NEAR(rs_median(w4, 4), 2.5, 0, "median even");
	NEAR(rs_quantile(q7, 4, 0.25), 1.75, 1e-12, "quantile linear between order statistics");
	CHECK(isnan(rs_median(v, 0)), "median of nothing is NAN");
	/* the one median (cover, variants-core used their own): bit-identical to the
	 * middle order statistic / the mean of the two middle ones, on random data */
	for (trial = 0, bad = 0; trial < 2000; trial++) {
		static unsigned seed2 = 777;
		double s[9];

		n = 1 + trial % 9;
		for (i = 0; i < n; i++)
			x[i] = (rand_r(&seed2) % 100000) / 7.0 + 1e-3 * (rand_r(&seed2) % 1000);
		memcpy(s, x, n * sizeof(*x));
		qsort(s, n, sizeof(*s), cmp_d);
		bad += rs_median(x, n) != (n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2);
	}
	CHECK(!bad, "rs_median == hand-written middle/mean-of-two-middles (%d of 2000 differ)", bad);
	{
		char *names[] = { "results-b.txt", "a.results", "results.txt" };

		qsort(names, 3, sizeof(*names), rs_cmp_str);
		CHECK(!strcmp(names[0], "a.results") && !strcmp(names[2], "results.txt"),
		      "rs_cmp_str sorts char * by strcmp");
	}
	bad = 0;

	/* order-statistic interval: n = 1 none; 2..5 [min, max] with 1 - 2^(1-n) */
	x[0] = 7;
	e = rs_median_ci(x, 1);
	CHECK(e.n == 1 && e.point == 7 && isnan(e.lo) && isnan(e.hi) && isnan(e.level),
	      "n=1: the value, no interval");
	x[0] = 5, x[1] = 3;
	e = rs_median_ci(x, 2);
	CHECK(e.point == 4 && e.lo == 3 && e.hi == 5, "n=2 (even): point 4 in [3, 5]");
	NEAR(e.level, 0.5, 1e-12, "n=2 coverage");
	x[0] = 9, x[1] = 1, x[2] = 2;
	e = rs_median_ci(x, 3);
	CHECK(e.point == 2 && e.lo == 1 && e.hi == 9, "n=3: [min, max]");
	NEAR(e.level, 0.75, 1e-12, "n=3 coverage 75%");
	x[0] = x[1] = x[2] = 4;
	e = rs_median_ci(x, 3);
	CHECK(e.point == 4 && e.lo == 4 && e.hi == 4, "n=3 ties: [4, 4]");
	for (i = 0; i < 5; i++)
		x[i] = 10 - i;
	e = rs_median_ci(x, 5);
	NEAR(e.level, 0.9375, 1e-12, "n=5 coverage 93.75%");
	CHECK(e.lo == 6 && e.hi == 10, "n=5 [min, max]");
	/* n=10: 2 P(Bin(10,.5) <= 1) = 22/1024 <= 5% < 2 P(<= 2) = 112/1024: k = 2 */
	for (i = 0; i < 10; i++)
		x[i] = i + 1;
	e = rs_median_ci(x, 10);
	CHECK(e.point == 5.5 && e.lo == 2 && e.hi == 9, "n=10: [x(2), x(9)] (%g, %g)", e.lo, e.hi);
	NEAR(e.level, 1 - 22.0 / 1024, 1e-12, "n=10 coverage");
	/* n=20: 2 P(<= 5) = 0.0414 <= 5% < 2 P(<= 6) = 0.1153: k = 6 */
	for (i = 0; i < 20; i++)
		x[i] = 20 - i;
	e = rs_median_ci(x, 20);
	CHECK(e.lo == 6 && e.hi == 15, "n=20: [x(6), x(15)] (%g, %g)", e.lo, e.hi);
	/* the point is never outside its interval: random n 1..30 with many ties */
	for (trial = 0; trial < 20000; trial++) {
		n = 1 + trial % 30;
		for (i = 0; i < n; i++)
			x[i] = (double)(rand_r(&seed) % 5) + (trial & 1 ? 0.25 * (rand_r(&seed) % 3) : 0);
		e = rs_median_ci(x, n);
		if (n > 1 && !(e.lo <= e.point && e.point <= e.hi))
			bad++;
		if (n > 1 && !(e.level >= 0.5 && e.level <= 1))
			bad++;
		if (n >= 6 && e.level < 0.95)
			worst++;
	}
	CHECK(!bad, "point inside its interval in every trial (%d bad)", bad);
	CHECK(!worst, "coverage >= 95%% from 6 replicates (%d below)", worst);

	/* t-test: 1 2 3, t = 2 / (1/sqrt 3) = 3.4641, df 2: p = 1 - t / sqrt(t^2 + 2) */
	NEAR(rs_ttest_p(t3, 3), 1 - 3.464102 / sqrt(3.464102 * 3.464102 + 2), 1e-6, "t-test p");
	NEAR(rs_ttest_p(z, 3), 0, 0, "t-test of equal non-zero values: p 0");
	z[0] = z[1] = z[2] = 0;
	NEAR(rs_ttest_p(z, 3), 1, 0, "t-test of zeros: p 1");
	CHECK(isnan(rs_ttest_p(t3, 1)), "t-test of 1 value: NAN");
	{	/* Yuen, n 5: g 1, h 3, trimmed mean 3, winsorized 2 2 3 4 4: ss 4,
		 * se sqrt(4 / (3 * 2)), t 3.674235, df 2 (Student's t: p .32) */
		double y[] = { 4, 100, 2, 1, 3 }, ty = 3 / sqrt(4 / 6.0);

		NEAR(rs_ttest_p(y, 5), 1 - ty / sqrt(ty * ty + 2), 1e-9, "Yuen trimmed t-test, one wild replicate");
	}
	/* BH: sorted .01 .03 .04 .5 (m 4): 4p/rank .04 .06 .0533 .5, running min from the top */
	rs_bh(p, q, 5);
	NEAR(q[0], 0.04, 1e-12, "BH q of .01");
	NEAR(q[1], 0.16 / 3, 1e-12, "BH q of .04");
	NEAR(q[2], 0.16 / 3, 1e-12, "BH q of .03 (monotone)");
	NEAR(q[3], 0.5, 1e-12, "BH q of .5");
	CHECK(isnan(q[4]), "BH: an untested row stays untested");
	/* pooled histogram: 100 values; p50 = 50th: 40 below 400, 10 of 60 into [400, 800) */
	NEAR(rs_hist_quantile(h, 3, 0.5), 400 + 400 * 10 / 60.0, 1e-9, "histogram p50");
	NEAR(rs_hist_quantile(h, 3, 0.05), 150, 1e-9, "histogram p5");
	NEAR(rs_hist_quantile(h, 3, 1), 800, 1e-9, "histogram p100");

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
	NEAR((e).lo, l, 2e-6, what " lo"); \
	NEAR((e).hi, h, 2e-6, what " hi"); } while (0)

static int run(const char *args, char *out, size_t outlen, char *err, size_t errlen);
static long fsize(const char *path);
static char warned[4096];

static void catch_warn(const char *msg)
{
	size_t l = strlen(warned);

	snprintf(warned + l, sizeof(warned) - l, "%s\n", msg);
}

static void test_hand3(void)
{
	const char *p[] = { FX "hand3.results" };
	struct rp_file f[1];
	struct rs_result r;
	const struct rs_cost *b, *t, *e;
	double tt = 5.340465;	/* .543627 / (.176312 / sqrt 3) */

	if (load(p, 1, f, &r, "__this_cpu_inc"))
		return;
	CHECK(r.nenvs == 1 && r.envs[0].runs == 3 && r.envs[0].ncpus == 2 && r.envs[0].boots == 1,
	      "hand3 env runs/boots/cpus");
	CHECK(!strcmp(rp_meta(&f[0], "harness.scenario"), "hand"), "harness. meta is ordinary meta");
	b = find_cost(&r, "x86_64", "process", "__this_cpu_inc");
	t = find_cost(&r, "x86_64", "process", "this_cpu_inc");
	e = find_cost(&r, "x86_64", "process", "empty");
	CHECK(b && t && e && r.ncosts == 3, "hand3 groups");
	if (!b || !t || !e)
		goto out;
	CHECK(b->runs == 3, "hand3 3 replicates");
	EST(b->min, 1.8, 1.8, 1.8, "__this_cpu_inc min");
	EST(t->min, 2.8, 2.8, 3.8, "this_cpu_inc min");
	NEAR(t->min.level, 0.75, 1e-12, "3 replicates: [min, max], 75%");
	EST(t->p50, 3.1, 2.925, 3.925, "this_cpu_inc p50");
	EST(t->mean, 3.2, 3.0, 4.0, "this_cpu_inc mean");
	EST(b->mean, 2.1, 2.0, 2.2, "__this_cpu_inc mean");
	EST(t->net, 1.8, 1.7, 2.8, "this_cpu_inc net");
	EST(t->delta, 1.0, 1.0, 2.0, "this_cpu_inc delta");
	EST(t->ratio, 2.8 / 1.8, 2.8 / 1.8, 3.8 / 1.8, "this_cpu_inc ratio");
	CHECK(t->stat && !strcmp(t->stat, "min"), "compared on min");
	/* log ratios .441833 .441833 .747214: mean .543627 sd .176312 */
	NEAR(t->p, 1 - tt / sqrt(tt * tt + 2), 1e-5, "t-test p of the log ratios");
	NEAR(t->q, t->p, 1e-12, "one tested row: q = p");
	CHECK(t->sig == 1 && !t->why, "p .033 < .05: significant");
	CHECK(b->delta.n == 0 && e->delta.n == 0, "no delta for baseline and empty");
	CHECK(e->net.n == 0 && isnan(e->net.point), "no net for empty");
	NEAR(t->cpu_min, 3.0, 1e-12, "cpu_min");
	NEAR(t->cpu_max, 4.0, 1e-12, "cpu_max");
	CHECK(r.ngps == 1, "one gp group");
	if (r.ngps == 1) {
		NEAR(r.gps[0].count, 400, 0, "gp count");
		NEAR(r.gps[0].p50, 1750, 1e-9, "gp p50 count-weighted (no gphist)");
		CHECK(!r.gps[0].pooled, "gp without gphist: not pooled");
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
		CHECK(isnan(r.losts[1].events), "no events column: NAN");
	}
	CHECK(r.nunavail == 1 && !strcmp(r.unavail[0].op, "srcu_nmisafe"), "unavailable op");
out:
	unload(f, 1, &r);

	/* another baseline: this_cpu_inc vs empty is then delta = net */
	if (load(p, 1, f, &r, "empty"))
		return;
	t = find_cost(&r, "x86_64", "process", "this_cpu_inc");
	if (t)
		EST(t->delta, 1.8, 1.7, 2.8, "--baseline empty delta");
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
		CHECK(b->runs == 1 && t->min.n == 1, "1 run: 1 replicate, its CPUs are not replicates");
		NEAR(b->min.point, 2.5, 1e-12, "1-run __this_cpu_inc min (median of CPUs)");
		NEAR(t->mean.point, 4.0, 1e-12, "1-run this_cpu_inc mean");
		CHECK(isnan(t->mean.lo) && isnan(t->min.lo), "1 replicate: no interval");
		NEAR(t->net.point, 2.0, 1e-12, "1-run net");
		NEAR(t->delta.point, 1.0, 1e-12, "1-run delta");
		NEAR(t->ratio.point, 1.5, 1e-12, "1-run ratio");
		CHECK(t->sig == -1 && isnan(t->p) && t->why && strstr(t->why, "1 replicate"),
		      "1 replicate: not tested (%s)", t->why ? t->why : "");
	}
	unload(f, 1, &r);
}

/*
 * hand3 given twice: the same content, so the same boot (no boot_id: the
 * content hash), runs 0-2 of the second copy dropped with a warning, the
 * statistics those of hand3 alone.  With hand1 (another arch) a third file.
 */
static void test_multi(void)
{
	const char *p[] = { FX "hand3.results", FX "hand3.results", FX "hand1.results" };
	struct rp_file f[3];
	struct rs_result r;
	const struct rs_cost *t;

	warned[0] = '\0';
	rs_set_warn(catch_warn);
	if (load(p, 3, f, &r, "__this_cpu_inc"))
		return;
	rs_set_warn(NULL);
	CHECK(strstr(warned, FX "hand3.results: warning: 3 runs of boot content:") &&
	      strstr(warned, "already read from " FX "hand3.results: dropped"),
	      "duplicate file: warned (%s)", warned);
	CHECK(r.nenvs == 2 && r.envs[0].runs == 3 && r.envs[0].dropped == 3 && r.envs[1].runs == 1,
	      "multi-file envs: the copy adds no replicate");
	CHECK(rs_dropped(&r, 1, 0) && rs_dropped(&r, 1, 2) && !rs_dropped(&r, 0, 0), "rs_dropped");
	t = find_cost(&r, "x86_64", "process", "this_cpu_inc");
	CHECK(t && t->runs == 3, "3 replicates, not 6");
	if (t) {
		EST(t->min, 2.8, 2.8, 3.8, "multi-file min = hand3's");
		NEAR(t->p, 1 - 5.340465 / sqrt(5.340465 * 5.340465 + 2), 1e-5, "multi-file p = hand3's");
	}
	t = find_cost(&r, "riscv64", "process", "this_cpu_inc");
	CHECK(t && t->runs == 1, "other arch kept apart");
	CHECK(r.ngps == 1 && r.gps[0].count == 400, "gp counts of the dropped copy not added");
	CHECK(r.nlosts >= 2 && r.losts[1].expected == 10000, "lost of the dropped copy not added");
	unload(f, 3, &r);
}

/*
 * meta boot_id: two different files of one boot (dup-boot-a: runs 0 1,
 * dup-boot-b: runs 0 1 2 of the same boot) keep runs 0 1 of a and run 2 of
 * b; another boot (dup-boot-c, same numbers as a) is a replicate of its own.
 */
static void test_dup_boot(void)
{
	const char *p[] = { FX "dup-boot-a.results", FX "dup-boot-b.results", FX "dup-boot-c.results" };
	static char out[1 << 16], err[1 << 12];
	struct rp_file f[3];
	struct rs_result r;
	const struct rs_cost *t;
	int st;

	warned[0] = '\0';
	rs_set_warn(catch_warn);
	if (load(p, 3, f, &r, "__this_cpu_inc"))
		return;
	rs_set_warn(NULL);
	CHECK(strstr(warned, FX "dup-boot-b.results: warning: 2 runs of boot 5f1c-aaaa already read from "
		     FX "dup-boot-a.results: dropped"), "same boot_id and run: warned (%s)", warned);
	CHECK(r.envs[0].runs == 4 && r.envs[0].boots == 2 && r.envs[0].dropped == 2,
	      "boot_id: 4 replicates (a0 a1 b2 c0) of 2 boots, 2 dropped (%d %d %d)",
	      r.envs[0].runs, r.envs[0].boots, r.envs[0].dropped);
	CHECK(rs_dropped(&r, 1, 0) && rs_dropped(&r, 1, 1) && !rs_dropped(&r, 1, 2) &&
	      !rs_dropped(&r, 2, 0), "which runs are dropped");
	t = find_cost(&r, "x86_64", "process", "this_cpu_inc");
	/* per-replicate min: a0 3.0, a1 3.1, b2 3.2, c0 3.0 (b's runs 0 1 read 9.0: dropped) */
	CHECK(t && t->runs == 4, "this_cpu_inc: 4 replicates");
	if (t)
		NEAR(t->min.point, 3.05, 1e-9, "the dropped runs' values are not used");
	unload(f, 3, &r);
	/* boot_id unknown (unreadable): not one boot; the content decides */
	CHECK(system("sed 's/^meta boot_id .*/meta boot_id unknown/' " FX "dup-boot-a.results >" TMP "/unk-a.results && "
		     "sed 's/^meta boot_id .*/meta boot_id unknown/' " FX "dup-boot-c.results >" TMP "/unk-c.results") == 0,
	      "sed boot_id unknown copies");
	st = run(TMP "/unk-a.results " TMP "/unk-c.results " TMP "/unk-a.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(out, "runs=3 boots=2") && strstr(err, "unk-a.results: warning: 2 runs of boot content:"),
	      "boot_id unknown: keyed by content (%s)", err);
	st = run(FX "dup-boot-a.results " FX "dup-boot-b.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(err, "dup-boot-b.results: warning: 2 runs of boot 5f1c-aaaa") &&
	      strstr(out, "# note: 2 duplicate (boot, run) pairs dropped"),
	      "report: duplicate warned on stderr, noted in the table (%d: %s)", st, err);
}

/* ---- false-positive rate and power, on synthetic data ---- */

/*
 * Synthetic results shaped like TCG on an oversubscribed host (issue #11):
 * per replicate (boot, run) a host speed factor exp(N(0, .10)) shared by
 * both ops (boot-to-boot CV of min_ns 6-13%), per (replicate, CPU) a vCPU
 * factor exp(N(0, .15)) shared by both ops (per-CPU min_ns differ by 30%
 * with the same pattern for both), per (replicate, op) a residual drift
 * exp(N(0, .02)); per batch of 1000 ops a tight body (1% noise) and, with
 * probability 3%, an additive outlier of 1..1000 times the cost (the vCPU
 * descheduled inside the batch: means stretched 10x).  4 CPUs, 100 batches
 * per CPU and op, context softirq, op B = this_cpu_inc costs (1 + effect)
 * times op A = __this_cpu_inc.
 */
#define SYN_CPUS	4
#define SYN_BATCHES	100
#define SYN_OPS		1000

static int syn_file(gsl_rng *g, int reps, double effect, double phase_hit, char *buf, size_t len)
{
	static const char *const ops[] = { "__this_cpu_inc", "this_cpu_inc" };
	double bt[SYN_BATCHES], srt[SYN_BATCHES];
	size_t n;
	int r, c, o, k;

	n = (size_t)snprintf(buf, len, "meta schema 1\nmeta arch x86_64\nmeta kernel 6.1.0-syn\n"
			     "meta env tcg\nmeta boot_id syn\n"
			     "# read run cpu context op ops ns batches mean_ns p50_ns p95_ns p99_ns min_ns max_ns\n"
			     "# end status runs\n");
	for (r = 0; r < reps; r++) {
		double boot = exp(gsl_ran_gaussian(g, 0.10)), cpu[SYN_CPUS];

		for (c = 0; c < SYN_CPUS; c++)
			cpu[c] = exp(gsl_ran_gaussian(g, 0.15));
		for (o = 0; o < 2; o++) {
			double mu = 5.0 * (o ? 1 + effect : 1) * boot * exp(gsl_ran_gaussian(g, 0.02));

			if (gsl_rng_uniform(g) < phase_hit)	/* the host busy for this op's whole phase */
				mu *= 1 + 2 * gsl_rng_uniform(g);

			for (c = 0; c < SYN_CPUS; c++) {
				double ns = 0, mn = INFINITY, mx = 0;

				for (k = 0; k < SYN_BATCHES; k++) {
					double x = mu * cpu[c] * (1 + gsl_ran_gaussian(g, 0.01));

					if (gsl_rng_uniform(g) < 0.03)
						x += mu * (1 + 999 * gsl_rng_uniform(g));
					x = round(x * 1000) / 1000;	/* the file's 3 decimals */
					bt[k] = srt[k] = x;
					ns += x * SYN_OPS;
					mn = fmin(mn, x);
					mx = fmax(mx, x);
				}
				ns = round(ns);
				n += (size_t)snprintf(buf + n, len - n,
					"read %d %d softirq %s %d %.0f %d %.3f %.3f %.3f %.3f %.3f %.3f\n",
					r, c, ops[o], SYN_BATCHES * SYN_OPS, ns, SYN_BATCHES,
					ns / (SYN_BATCHES * SYN_OPS), rs_quantile(srt, SYN_BATCHES, 0.5),
					rs_quantile(srt, SYN_BATCHES, 0.95), rs_quantile(srt, SYN_BATCHES, 0.99),
					mn, mx);
				(void)bt;
			}
		}
	}
	n += (size_t)snprintf(buf + n, len - n, "end complete %d\n", reps);
	return n < len ? (int)n : -1;
}

/* the share of @trials synthetic comparisons flagged sig; *naive: the share
 * a t-test of the per-CPU log min ratios of run 0 flags (CPUs as replicates) */
static double flagged(gsl_rng *g, int reps, double effect, double phase_hit, int trials, double *naive)
{
	static char buf[1 << 16];
	char err[RP_ERR];
	int t, sig = 0, nsig = 0;

	for (t = 0; t < trials; t++) {
		struct rp_file f;
		struct rs_result r;
		const struct rs_cost *k;
		int n = syn_file(g, reps, effect, phase_hit, buf, sizeof(buf));

		if (n < 0 || rp_parse_buf("syn", buf, n, &f, NULL, err, sizeof(err))) {
			CHECK(0, "synthetic file: %s", n < 0 ? "too long" : err);
			return NAN;
		}
		if (rs_compute(&f, 1, "__this_cpu_inc", &r)) {
			rp_file_free(&f);
			return NAN;
		}
		k = rs_find_cost(&r, 0, "softirq", "this_cpu_inc");
		sig += k && k->sig == 1;
		if (naive) {	/* run 0's CPUs taken as replicates (pseudo-replication) */
			double lr[SYN_CPUS];
			size_t i, j;
			int m = 0;

			for (i = 0; i < f.nreads; i++)
				for (j = 0; j < f.nreads; j++)
					if (f.reads[i].run == 0 && f.reads[j].run == 0 &&
					    f.reads[i].cpu == f.reads[j].cpu && m < SYN_CPUS &&
					    !strcmp(f.reads[i].op, "this_cpu_inc") &&
					    !strcmp(f.reads[j].op, "__this_cpu_inc"))
						lr[m++] = log(f.reads[i].min_ns / f.reads[j].min_ns);
			nsig += rs_ttest_p(lr, m) < 0.05;
		}
		rs_free(&r);
		rp_file_free(&f);
	}
	if (naive)
		*naive = (double)nsig / trials;
	return (double)sig / trials;
}

/*
 * Stated (and checked here), fixed seed, deterministic:
 *  model A (as above): of 2000 comparisons of identical distributions at
 *  most 5% are flagged, with 3 and with 5 replicates (measured 2.45%,
 *  3.60%; the trimmed t-test's nominal level is 5%, the 2% margin takes
 *  the rest); a 10% true difference is flagged in >= 70% of 1000
 *  comparisons with 3 replicates (80.5%) and >= 85% with 5 (92.0%);
 *  model B: A plus, with probability 5% per op and replicate, the host busy
 *  for that op's whole phase (its cost x 1..3, as seen in real 3-run TCG
 *  boots): identical <= 5% (2.55%, 2.85%); 10% flagged >= 50% with 3
 *  replicates (60.8%) and >= 70% with 5 (81.1%: Yuen's trimming drops the
 *  hit replicate);
 *  CPUs of one run taken as replicates flag identical distributions ~75%.
 */
static void test_fpr_power(void)
{
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	double f3, f5, p3, p5, naive;
	int m;

	gsl_rng_set(g, 20261201);
	for (m = 0; m < 2; m++) {
		double hit = m ? 0.05 : 0;

		f3 = flagged(g, 3, 0, hit, 2000, &naive);
		f5 = flagged(g, 5, 0, hit, 2000, NULL);
		p3 = flagged(g, 3, 0.10, hit, 1000, NULL);
		p5 = flagged(g, 5, 0.10, hit, 1000, NULL);
		printf("fpr/power (synthetic, model %c): identical: %.2f%% flagged with 3 replicates, "
		       "%.2f%% with 5 (2000 each; CPUs of one run as replicates: %.1f%%); 10%% difference: "
		       "%.1f%% flagged with 3, %.1f%% with 5 (1000 each)\n", 'A' + m,
		       100 * f3, 100 * f5, 100 * naive, 100 * p3, 100 * p5);
		CHECK(f3 <= 0.05, "model %c: false-positive rate with 3 replicates %.4f > 5%%", 'A' + m, f3);
		CHECK(f5 <= 0.05, "model %c: false-positive rate with 5 replicates %.4f > 5%%", 'A' + m, f5);
		CHECK(naive > 0.05, "CPUs of one run as replicates: false positives above 5%% (%.3f)", naive);
		CHECK(p3 >= (m ? 0.50 : 0.70), "model %c: power for 10%% with 3 replicates %.3f", 'A' + m, p3);
		CHECK(p5 >= (m ? 0.70 : 0.85), "model %c: power for 10%% with 5 replicates %.3f", 'A' + m, p5);
	}
	gsl_rng_free(g);
}

/* ---- same code, pooled GP histograms, the new records ---- */

static char *slurp(const char *path)
{
	static char buf[1 << 17];
	FILE *fp = fopen(path, "r");
	size_t n = fp ? fread(buf, 1, sizeof(buf) - 1, fp) : 0;

	buf[n] = '\0';
	if (fp)
		fclose(fp);
	return buf;
}

/*
 * Issue #11 on x86_64: this_cpu_inc and __this_cpu_inc are the same
 * 'incq %gs:' (codegen records), so every comparison row says so and none is
 * significant.  x86_64-tcg-3runs: a real 3-run TCG boot (2 vCPUs) of this
 * module; example-x86_64-tcg: the issue's kind of file (1 run, means
 * stretched by interference: hardirq __this_cpu_inc mean 21.3 against p50
 * 2.1), whose codegen comes from the icount file of the same kernel.
 */
static void test_same_code(void)
{
	static const char *const ctxs[] = { "process", "softirq", "hardirq" };
	static char out[1 << 17], err[1 << 12];
	const char *p[] = { FX "x86_64-tcg-3runs.results" };
	const char *p2[] = { EXAMPLE, FX "icount-x86_64.results" };
	const char *p3[] = { FX "tcg-arm64.results" };
	struct rp_file f[2];
	struct rs_result r;
	const struct rs_cost *t;
	const char *dat;
	int k, st;

	if (!load(p, 1, f, &r, "__this_cpu_inc"))  {
		CHECK(r.envs[0].runs == 3, "3-run fixture: 3 replicates");
		for (k = 0; k < 3; k++) {
			t = find_cost(&r, "x86_64", ctxs[k], "this_cpu_inc");
			CHECK(t && t->same_code == 1 && t->sig == -1 && t->why && !strcmp(t->why, "same code"),
			      "%s this_cpu_inc: same code, not tested", ctxs[k]);
			CHECK(t && t->ratio.lo <= 1.02 && t->ratio.hi >= 0.98 && fabs(t->ratio.point - 1) < 0.02,
			      "%s this_cpu_inc ~ __this_cpu_inc on min (%.3f [%.3f, %.3f])", ctxs[k],
			      t ? t->ratio.point : NAN, t ? t->ratio.lo : NAN, t ? t->ratio.hi : NAN);
			t = find_cost(&r, "x86_64", ctxs[k], "preempt_inc");
			CHECK(t && t->same_code == 0 && t->sig == 1, "%s preempt_inc: different code, sig", ctxs[k]);
		}
		unload(f, 1, &r);
	}
	st = run(FX "x86_64-tcg-3runs.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(out, "  softirq this_cpu_inc    same  min") && strstr(out, "same-code\n") &&
	      strstr(out, "# note: code=same: the two loops are the same instructions"),
	      "table: same-code rows say so");
	CHECK(strstr(out, "## same code (a comparison of two of them says code=same, never tested): arch=x86_64") &&
	      strstr(out, "\n  this_cpu_inc this_cpu_inc = __this_cpu_inc = raw_cpu_inc\n"),
	      "static code table: groups of identical loops");
	st = run("--plots " TMP "/same " FX "x86_64-tcg-3runs.results", out, sizeof(out), err, sizeof(err));
	dat = slurp(TMP "/same/this_cpu_inc.dat");
	CHECK(st == 0 && strstr(dat, "process: same code\t") && strstr(dat, "softirq: same code\t") &&
	      strstr(dat, "hardirq: same code\t") && strstr(dat, "coverage 75%"),
	      "headline plot: each context marked same code, interval coverage named (%d: %s)", st, err);
	CHECK(fsize(TMP "/same/this_cpu_inc.png") > 8000, "headline plot rendered");

	/* the example: 1 run, no significance, and same code from the icount file's codegen */
	if (!load(p2, 2, f, &r, "__this_cpu_inc")) {
		t = find_cost(&r, "x86_64", "hardirq", "this_cpu_inc");
		CHECK(t && r.envs[t->env].runs == 1 && t->same_code == 1 && t->sig == -1 &&
		      fabs(t->ratio.point - 1) < 0.03, "example: hardirq this_cpu_inc same code, ratio %.3f",
		      t ? t->ratio.point : NAN);
		t = find_cost(&r, "x86_64", "hardirq", "__this_cpu_inc");
		CHECK(t && t->mean.point > 5 * t->p50.point, "example: the mean (%.1f) is interference, p50 %.2f",
		      t ? t->mean.point : NAN, t ? t->p50.point : NAN);
		unload(f, 2, &r);
	}
	/* a baseline replicate far from the others is named (arm64 3-run boot: run 0's
	 * __this_cpu_inc phase read min 6.235 on both CPUs, runs 1 and 2 2.63) */
	st = run(FX "arm64-tcg-3runs.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(out, "process 2.37x in run 0 of " FX "arm64-tcg-3runs.results") &&
	      strstr(out, "the baseline's min in that replicate against the median"),
	      "odd baseline replicate noted");
	CHECK(strstr(out, "  process this_cpu_inc differs  min  3.301  1.391  3.304"),
	      "arm64 this_cpu_inc: 3.3x, the interval shows the odd replicate");
	/* issue #11 on arm64 (LL/SC against ldr/add/str): flagged in a boot without
	 * an odd replicate (-b), and over both boots (6 replicates: the trimmed
	 * test drops the odd one) in every context */
	{
		const char *pa[] = { FX "arm64-tcg-3runs-b.results" };
		const char *pb[] = { FX "arm64-tcg-3runs.results", FX "arm64-tcg-3runs-b.results" };

		if (!load(pa, 1, f, &r, "__this_cpu_inc")) {
			t = find_cost(&r, "aarch64", "process", "this_cpu_inc");
			CHECK(t && t->same_code == 0 && t->sig == 1 && t->ratio.lo > 3,
			      "arm64 boot b: process this_cpu_inc flagged (ratio %.3f)", t ? t->ratio.point : NAN);
			unload(f, 1, &r);
		}
		if (!load(pb, 2, f, &r, "__this_cpu_inc")) {
			for (k = 0; k < 3; k++) {
				t = find_cost(&r, "aarch64", ctxs[k], "this_cpu_inc");
				CHECK(t && t->runs == 6 && t->sig == 1, "arm64 two boots: %s this_cpu_inc flagged", ctxs[k]);
				t = find_cost(&r, "aarch64", ctxs[k], "raw_cpu_inc");
				CHECK(t && t->same_code == 1 && t->sig == -1, "arm64 two boots: %s raw_cpu_inc same code",
				      ctxs[k]);
			}
			unload(f, 2, &r);
		}
	}
	/* arm64: LL/SC this_cpu_inc is other code than __this_cpu_inc's ldr/add/str */
	if (!load(p3, 1, f, &r, "__this_cpu_inc")) {
		t = find_cost(&r, "aarch64", "process", "this_cpu_inc");
		CHECK(t && t->same_code == 0 && t->ratio.point > 3, "arm64: this_cpu_inc differs (ratio %.2f)",
		      t ? t->ratio.point : NAN);
		t = find_cost(&r, "aarch64", "process", "raw_cpu_inc");
		CHECK(t && t->same_code == 1, "arm64: raw_cpu_inc is __this_cpu_inc's code");
		unload(f, 1, &r);
	}
}

static void test_gphist(void)
{
	const char *p[] = { FX "gphist.results" }, *p2[] = { FX "gphist.results", FX "hand3.results" };
	static char out[1 << 16], err[1 << 12];
	struct rp_file f[2];
	struct rs_result r;
	const struct rs_gp *g;
	const char *dat;
	int st;

	if (load(p, 1, f, &r, "__this_cpu_inc"))
		return;
	CHECK(f[0].ngphists == 2 && f[0].nnests == 2 && f[0].reads[1].batches == 0 &&
	      isnan(f[0].reads[1].min_ns) && !strcmp(f[0].reads[0].valid, "ok") &&
	      f[0].losts[0].events == 3, "gphist, nest, read valid, '-' in a cell without batches, lost events parsed");
	g = rs_find_gp(&r, 0, "sync", "idle");
	CHECK(g && g->pooled && g->count == 250, "gp pooled from the histograms");
	if (g) {
		NEAR(g->p50, 100000 + 100000 * 25 / 150.0, 1e-6, "pooled p50 (not 90600)");
		NEAR(g->p90, 100000 + 100000 * 125 / 150.0, 1e-6, "pooled p90");
		NEAR(g->p99, 100000 + 100000 * 147.5 / 150.0, 1e-6, "pooled p99");
		NEAR(g->mean, 84560, 1e-9, "pooled mean, exact");
		NEAR(g->min, 1100, 0, "min exact");
	}
	NEAR(r.losts[0].events, 3, 0, "loss events summed");
	NEAR(r.losts[0].lost, 10, 0, "the offline CPU's lost record skipped");
	CHECK(r.envs[0].invalid == 2 && !rs_find_cost(&r, 0, "softirq", "empty"),
	      "records with valid not ok skipped (%d)", r.envs[0].invalid);
	CHECK(rs_find_cost(&r, 0, "hardirq", "empty") && rs_find_cost(&r, 0, "hardirq", "empty")->mean.point == 2 &&
	      isnan(rs_find_cost(&r, 0, "hardirq", "empty")->min.point), "every batch hit: a mean, no min");
	unload(f, 1, &r);
	/* a table mixing files with and without histograms: hand3's group is per-run */
	if (!load(p2, 2, f, &r, "__this_cpu_inc")) {
		CHECK(r.nenvs == 2 && rs_find_gp(&r, 1, "sync", "idle") && !rs_find_gp(&r, 1, "sync", "idle")->pooled,
		      "without gphist: per-run percentiles");
		unload(f, 2, &r);
	}
	st = run("--plots " TMP "/hist " FX "gphist.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(out, "sync idle    2   250 1100 116667 183333 198333") &&
	      strstr(out, "pooled\n") && strstr(out, "# note: pctl=pooled"), "gp table: pooled (%d %s)", st, err);
	CHECK(strstr(out, "# interrupted\\by process softirq hardirq\n"
			  "  process              0      12       0\n"
			  "  softirq              0       0       3\n"), "nest matrix printed");
	dat = slurp(TMP "/hist/gp-cdf-1.dat");
	CHECK(strstr(dat, "from the gphist histograms pooled over runs") && strstr(dat, "1100\t0\n2000\t0.4\n") &&
	      strstr(dat, "199000\t1\n"), "GP CDF drawn from the pooled histogram");
	CHECK(fsize(TMP "/hist/gp-cdf-1.png") > 8000, "GP CDF rendered");
	st = run("--plots " TMP "/nohist " FX "hand3.results", out, sizeof(out), err, sizeof(err));
	dat = slurp(TMP "/nohist/gp-cdf-1.dat");
	CHECK(st == 0 && strstr(dat, "no gphist records: count-weighted over runs, not pooled") &&
	      strstr(dat, "6 percentiles"), "GP CDF without gphist says so");
}

/* every estimate of every fixture: the point inside its interval, q >= p, BH order */
static void test_all_intervals(void)
{
	static const char *const fx[] = { "hand3", "hand1", "example-x86_64-tcg", "x86_64-tcg-3runs",
		"tcg-arm64", "icount-x86_64", "icount-riscv64", "icount-arm64-2vcpu", "x86_64-kvm",
		"aarch64-tcg", "samples", "side", "gphist", "dup-boot-a", "arm64-tcg-3runs", "arm64-tcg-3runs-b" };
	char path[256];
	size_t i, j;
	int bad = 0, n = 0, tested = 0;

	for (i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		const char *p[1] = { path };
		struct rp_file f[1];
		struct rs_result r;

		snprintf(path, sizeof(path), FX "%s.results", fx[i]);
		if (load(p, 1, f, &r, "__this_cpu_inc"))
			continue;
		for (j = 0; j < r.ncosts; j++) {
			const struct rs_cost *k = &r.costs[j];
			const struct rs_est *e[] = { &k->min, &k->p50, &k->p99, &k->mean, &k->net,
						     &k->delta, &k->ratio };
			size_t m;

			for (m = 0; m < sizeof(e) / sizeof(e[0]); m++, n++) {
				if (!e[m]->n || isnan(e[m]->lo))
					continue;
				if (!(e[m]->lo <= e[m]->point && e[m]->point <= e[m]->hi)) {
					bad++;
					CHECK(0, "%s %s %s estimate %zu: %g outside [%g, %g]", fx[i], k->context,
					      k->op, m, e[m]->point, e[m]->lo, e[m]->hi);
				}
			}
			if (!isnan(k->p)) {
				tested++;
				CHECK(k->q >= k->p && k->q <= 1, "%s %s %s: q %g < p %g", fx[i], k->context,
				      k->op, k->q, k->p);
				CHECK(k->runs >= RS_MIN_REPS && k->same_code != 1, "%s: tested with %d replicates",
				      fx[i], k->runs);
			}
			CHECK(!k->small || (k->q < RS_ALPHA && k->sig == 0), "%s %s %s: '<2%%' only when q < .05",
			      fx[i], k->context, k->op);
			if (k->runs < RS_MIN_REPS)
				CHECK(k->sig == -1, "%s %s %s: %d replicates, yet a verdict", fx[i], k->context,
				      k->op, k->runs);
		}
		unload(f, 1, &r);
	}
	CHECK(!bad && n > 1000 && tested > 10, "every point inside its interval (%d estimates, %d tested rows)",
	      n, tested);
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
	CHECK(strstr(out, "  process this_cpu_inc    -  min 1.556 1.556 2.111 1.000 1.000 2.000  75 0.033 0.033 sig\n"),
	      "baseline row");
	CHECK(strstr(out, "  process this_cpu_inc    -  min 1.500    -    - 1.000    -    -   - - -   -\n"),
	      "1-replicate row: no interval, not tested");
	CHECK(strstr(out, "# note: icount on several vCPUs") &&
	      strstr(out, "no significance: 1 replicate (a replicate is a (boot, run); the CPUs of one run "
		     "are not replicates); it takes 3 or more runs or boots"), "1 replicate: the table says why");
	out[strlen(out) - 1] = '\0';
	last = strrchr(out, '\n');
	CHECK(last && !strncmp(last, "\n# legend: a replicate is one (boot, run), never a CPU", 54) &&
	      strstr(last, "baseline __this_cpu_inc's min") && strstr(last, "Benjamini-Hochberg") &&
	      strstr(last, "mean = sum(ns)/sum(ops) (includes interference)"), "ends with the legend line");

	st = run("--format csv " FX "hand3.results", out, sizeof(out), err, sizeof(err));
	/* one tidy long table: one line per cell, row keys of every table as columns */
	CHECK(st == 0 && !strncmp(out, "section,table,arch,kernel,env,context,op,kind,load,column,value,unit\n", 68) &&
	      strstr(out, "\ncost,1,x86_64,6.1.0-hand,kvm,process,this_cpu_inc,,,min_ns,2.800,ns/op\n") &&
	      strstr(out, "\ncost,1,x86_64,6.1.0-hand,kvm,process,this_cpu_inc,,,p99_ns,3.900,ns/op\n") &&
	      strstr(out, "\ncost,1,x86_64,6.1.0-hand,kvm,process,this_cpu_inc,,,ci%,75,%\n") &&
	      strstr(out, "\nbaseline,3,x86_64,6.1.0-hand,kvm,process,this_cpu_inc,,,ratio,1.556,ratio\n") &&
	      strstr(out, "\nbaseline,3,x86_64,6.1.0-hand,kvm,process,this_cpu_inc,,,sig,sig,-\n") &&
	      strstr(out, "\ngp,4,x86_64,6.1.0-hand,kvm,,,sync,idle,p50,1750,ns\n") && !strstr(out, "\n#"),
	      "csv");
	st = run("--format md --baseline empty " FX "hand3.results", out, sizeof(out), err, sizeof(err));
	CHECK(st == 0 && strstr(out, "### overhead vs baseline empty: arch=x86_64") &&
	      strstr(out, "| process | this_cpu_inc | - | min | 2.800 |"), "md, --baseline");

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
		NEAR(json_real_value(json_object_get(json_object_get(o, "min"), "point")),
		     2.8, 1e-9, "json min");
		NEAR(json_real_value(json_object_get(json_object_get(o, "mean"), "point")),
		     3.2, 1e-9, "json mean");
		NEAR(json_real_value(json_object_get(json_object_get(o, "ratio"), "ci_lo")),
		     2.8 / 1.8, 2e-6, "json ratio ci_lo");
		NEAR(json_real_value(json_object_get(json_object_get(o, "ratio"), "ci_level")),
		     0.75, 1e-9, "json ratio ci_level");
		NEAR(json_real_value(json_object_get(o, "p")), 0.033320, 1e-5, "json p");
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
	CHECK(c && fabs(c->mean.point - 4.280) < 5e-4 && c->runs == 1, "example: process this_cpu_inc mean 4.280");
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
		if (!c || !isfinite(c->mean.point) || !(c->mean.point > 0) ||
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
			 "\ncost,1,x86_64,6.1.0-56-amd64,tcg,%s,%s,,,runs,1,replicates\n",
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
		"# tool      context     min min_lo min_hi net_min net_lo net_hi   mean runs\n"
		"  srcubench process   9.000      -      -   8.000      -      -  9.000    1\n"
		"  refscale  kthreads 50.000 40.000 60.000       -      -      - 50.000    3\n",
		"  rcuscale  sync loaded   100 1000 50500 99010 100000\n",
		"  rcuscale  exp  loaded     3   10    20    30     30\n",
		"  task-clock msec 150.00 145.00 1.0000 0.9000 1.1000   50",
		"  cycles        -      -      -      -      -      -    - not supported on this machine",
		"# note: A = ops=this_cpu_inc ; B = ops=__this_cpu_inc",
		"  this_cpu_inc    4   1      - incq_%gs:0x0(%rip)_<sb_counter>",
		"env=kvm preempt=voluntary\n# context hardirq softirq task\n  process       0       0   17\n  hardirq       5       0    0\n",
		"  sync     20  20   yes         250      250     200     400      0.00\n",
		"  exp      20  19    NO         250      200     200     400     25.00\n",
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
		"## across architectures: 3 columns\n# label                 arch                 kernel timed     icount   preempt\n"
		"  aarch64/tcg        aarch64         6.1.0-56-arm64   tcg          - voluntary\n"
		"  x86_64/tcg-icount   x86_64         6.1.0-56-amd64     - tcg-icount voluntary\n"
		"  riscv64/tcg-icount riscv64 6.12.107+deb13-riscv64     - tcg-icount voluntary\n",
		"  x86_64  6.1.0-56-amd64         -   hardirq       -         -     -    -    -   -     1.00      1.00  0.00\n",
		"  riscv64 6.12.107+deb13-riscv64 -   softirq       -         -     -    -    -   -    11.00      8.00  3.00\n",
		"  this_cpu_inc   process           -              1.00              11.00\n",
		"  irqsave_inc    hardirq           -              9.00              11.00\n",
		"  this_cpu_inc   process        9.37                 -                  -\n",
		"  aarch64 6.1.0-56-arm64         tcg process  10.475     2.372 4.417    -    -   -        -         -     -\n",
		"  racy_inc       tcg    240577(7.4%)                 -                  -\n",
		"  __this_cpu_inc icount            -                 0       216400(3.6%)\n",
		/* columns named arch/env, kernels in a note when they differ */
		"# note: kernels: aarch64/tcg=6.1.0-56-arm64 x86_64/tcg-icount=6.1.0-56-amd64 riscv64/tcg-icount=6.12.107+deb13-riscv64\n"
		"# op             context aarch64/tcg x86_64/tcg-icount riscv64/tcg-icount\n",
		"  aarch64 6.1.0-56-arm64 tcg sync         loaded    43 10886.7 22410.8 39723.2 12365.6\n",
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
	CHECK(st == 0 && strstr(out, "  riscv64/tcg-icount riscv64 6.12.107+deb13-riscv64     - tcg-icount      lazy\n") &&
	      strstr(out, "# note: the columns' kernels differ in preemption model"),
	      "arches: preemption models named, the difference noted (exit %d)", st);
	CHECK(strstr(out, "  aarch64 6.1.0-56-arm64 tcg sync-normal  loaded     0       -       -       -       -\n"),
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
	CHECK(strstr(out, "# note: kernels: ") && strstr(out, "=6.1.0-28-amd64") && strstr(out, "=6.1.0-56-amd64"),
	      "columns of different kernels: a kernels note");
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
		CHECK(t && t->runs == 2 && fabs(t->mean.point - 3.1) < 1e-9, "aborted run: median of runs 0, 1 = 3.1");
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
	test_estimators();
	test_hand3();
	test_hand1();
	test_multi();
	test_dup_boot();
	test_fpr_power();
	test_same_code();
	test_gphist();
	test_all_intervals();
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
