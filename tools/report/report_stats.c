// SPDX-License-Identifier: GPL-2.0
/* report_stats: see report_stats.h for every definition used here. */
#include "report_stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- estimators ---- */

double rs_quantile(double *v, int n, double q)
{
	if (n < 1)
		return NAN;
	gsl_sort(v, 1, n);
	return gsl_stats_quantile_from_sorted_data(v, 1, n, q);
}

double rs_median(double *v, int n)
{
	return rs_quantile(v, n, 0.5);
}

int rs_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct rs_est rs_median_ci(double *v, int n)
{
	struct rs_est e = { NAN, NAN, NAN, NAN, n > 0 ? n : 0 };
	int k;

	if (n < 1)
		return e;
	e.point = rs_median(v, n);	/* sorts v */
	if (n < 2)
		return e;
	/*
	 * [x_(k), x_(n+1-k)] covers the median with probability
	 * 1 - 2 P(Bin(n, 1/2) <= k - 1): the largest k with coverage >= 95%,
	 * else k = 1 (the whole range) with the coverage it has.
	 */
	for (k = 1; k + 1 <= (n + 1) / 2 &&
		    2 * gsl_cdf_binomial_P(k, 0.5, n) <= RS_ALPHA; k++)
		;
	e.lo = v[k - 1];
	e.hi = v[n - k];
	e.level = 1 - 2 * (k > 1 ? gsl_cdf_binomial_P(k - 1, 0.5, n) : pow(0.5, n));
	return e;
}

/*
 * Yuen's trimmed t-test of v[0..n) against 0 (Yuen 1974; Wilcox,
 * "Introduction to Robust Estimation and Hypothesis Testing"): g =
 * floor(0.2 n) values trimmed from each end, h = n - 2g kept; T = trimmed
 * mean / sqrt((n - 1) s_w^2 / (h (h - 1))), s_w^2 the winsorized variance,
 * df h - 1.  With n < 5 nothing is trimmed: Student's t-test.  One replicate
 * hit as a whole (the host busy for one op's phase) then cannot hide a real
 * difference from 5 replicates on.
 */
double rs_ttest_p(const double *v, int n)
{
	double *w, tm = 0, wm = 0, ss = 0, se, t;
	int g = (int)floor(0.2 * n), h = n - 2 * g, i;

	if (n < 2 || !(w = malloc(n * sizeof(*w))))
		return NAN;
	memcpy(w, v, n * sizeof(*w));
	gsl_sort(w, 1, n);
	for (i = g; i < n - g; i++)
		tm += w[i] / h;
	for (i = 0; i < n; i++)		/* winsorize */
		w[i] = w[i < g ? g : i >= n - g ? n - g - 1 : i];
	wm = gsl_stats_mean(w, 1, n);
	for (i = 0; i < n; i++)
		ss += (w[i] - wm) * (w[i] - wm);
	free(w);
	se = sqrt(ss / (h * (h - 1.0)));
	if (!(se > 0))
		return tm == 0 ? 1 : 0;
	t = fabs(tm) / se;
	return 2 * gsl_cdf_tdist_Q(t, h - 1);
}

void rs_bh(const double *p, double *q, int n)
{
	size_t *ix = malloc((n + 1) * sizeof(*ix));
	double *pv = malloc((n + 1) * sizeof(*pv)), *qv = malloc((n + 1) * sizeof(*qv)), run = 1;
	int i, m = 0;

	for (i = 0; i < n; i++)
		q[i] = NAN;
	if (!ix || !pv || !qv)
		goto out;
	for (i = 0; i < n; i++)
		if (!isnan(p[i]))
			pv[m++] = p[i];
	if (m)
		gsl_sort_index(ix, pv, 1, m);
	/* q of the i-th smallest p = min over j >= i of m p_(j) / j */
	for (i = m - 1; i >= 0; i--) {
		run = fmin(run, pv[ix[i]] * m / (i + 1));
		qv[ix[i]] = run;
	}
	for (i = 0, m = 0; i < n; i++)
		if (!isnan(p[i]))
			q[i] = qv[m++];
out:
	free(ix);
	free(pv);
	free(qv);
}

double rs_hist_quantile(const struct rs_bucket *b, size_t n, double q)
{
	double tot = 0, cum = 0, t;
	size_t i;

	for (i = 0; i < n; i++)
		tot += b[i].count;
	if (!(tot > 0))
		return NAN;
	t = q * tot;
	for (i = 0; i < n; i++) {
		if (b[i].count > 0 && cum + b[i].count >= t)
			return b[i].lo + (b[i].hi - b[i].lo) * (t - cum) / b[i].count;
		cum += b[i].count;
	}
	return b[n - 1].hi;
}

const char *rs_unit(const char *env)
{
	if (!strcmp(env, "tcg"))
		return "ns/op (emulated, TCG)";
	if (!strcmp(env, "tcg-icount"))
		return "instructions/op (TCG icount)";
	return "ns/op";
}

const char *rs_gp_unit(const char *env)
{
	if (!strcmp(env, "tcg"))
		return "ns (emulated, TCG)";
	if (!strcmp(env, "tcg-icount"))
		return "instructions (TCG icount)";
	return "ns";
}

static char legend[1024];

const char *rs_legend(const struct rs_result *res)
{
	snprintf(legend, sizeof(legend),
		 "legend: a replicate is one (boot, run), never a CPU; per replicate min = median over "
		 "CPUs of min_ns (smallest batch of the largest classes), p50/p99 = median over CPUs "
		 "of p50_ns/p99_ns, mean = sum(ns)/sum(ops) (includes interference); each column = "
		 "median over replicates, [lo, hi] its order-statistic interval (ci%% = its coverage: "
		 ">= 95 from 6 replicates, [min, max] = 50/75/87.5/93.8 with 2/3/4/5; none with 1); net = min - empty's min, "
		 "delta/ratio = min vs baseline %s's min, paired per CPU; p = paired (Yuen 20%%-trimmed) "
		 "t-test of the log ratios over replicates (>= %d), q = Benjamini-Hochberg over the table, sig = "
		 "q < 0.05 and a ratio >= 2%% from 1 ('<2%%': q < 0.05, smaller); same-code rows "
		 "(codegen) are not tested", res->baseline, RS_MIN_REPS);
	return legend;
}

/* ---- replicates ---- */

static rp_warn_fn warn_fn;

void rs_set_warn(rp_warn_fn fn)
{
	warn_fn = fn;
}

static void warn(const char *msg)
{
	if (warn_fn)
		warn_fn(msg);
	else
		fprintf(stderr, "%s\n", msg);
}

/* the boot of a file: meta boot_id, else (absent, '-' or 'unknown': two
 * such files may be different boots) its content hash */
static void boot_key(const struct rp_file *f, char *buf, size_t len)
{
	const char *b = rp_meta(f, "boot_id");

	if (b && *b && strcmp(b, "-") && strcmp(b, "unknown"))
		snprintf(buf, len, "%s", b);
	else
		snprintf(buf, len, "content:%016llx", f->hash);
}

int rs_dropped(const struct rs_result *res, size_t file, long run)
{
	if (file >= res->nfiles || run < 0 || run >= res->files[file].end_runs)
		return 0;
	return res->drop[res->drop_off[file] + run];
}

/* ---- grouping ---- */

struct row {
	int env;
	long rep;		/* global replicate index: drop_off[file] + run */
	const struct rp_read *r;
};

struct cx {
	const struct rs_result *res;
	struct row *rows;
	size_t nrows;
};

/* the rows of one (env, context, op) */
struct grp {
	const struct row **r;
	size_t n;
};

static int gather(const struct cx *c, int env, const char *ctx, const char *op, struct grp *g)
{
	size_t i;

	g->n = 0;
	g->r = malloc((c->nrows + 1) * sizeof(*g->r));
	if (!g->r)
		return -1;
	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].env == env && !strcmp(c->rows[i].r->context, ctx) &&
		    !strcmp(c->rows[i].r->op, op))
			g->r[g->n++] = &c->rows[i];
	return 0;
}

/* distinct replicates of a group, in order of appearance */
static size_t group_reps(const struct grp *g, long *reps)
{
	size_t i, j, n = 0;

	for (i = 0; i < g->n; i++) {
		for (j = 0; j < n && reps[j] != g->r[i]->rep; j++)
			;
		if (j == n)
			reps[n++] = g->r[i]->rep;
	}
	return n;
}

enum stat { S_MIN, S_P50, S_P99, S_MEAN };

static int has_batches(const struct rp_read *r)
{
	return r->batches > 0 && r->ops > 0;
}

/* the validity column, where the file has one, says 'ok' (else the record is skipped) */
static int valid(const char *v)
{
	return !strcmp(v, "-") || !strcmp(v, "ok");
}

/*
 * The per-CPU value of @s; NAN if none.  A min_ns of 0 is no measurement:
 * the clock did not advance over a whole batch (older modules took the
 * minimum over every batch, warm-up ones of a few ops included).
 */
static double cpu_stat(const struct rp_read *r, enum stat s)
{
	if (!has_batches(r))
		return NAN;
	switch (s) {	/* '-' in the file reads NAN */
	case S_MIN:	return r->min_ns > 0 ? r->min_ns : NAN;
	case S_P50:	return r->p50_ns;
	case S_P99:	return r->p99_ns;
	default:	return r->ns / r->ops;
	}
}

/* the per-replicate value of @s (tmp: room for g->n values) */
static double rep_stat(const struct grp *g, long rep, enum stat s, double *tmp)
{
	double ns = 0, ops = 0;
	size_t i;
	int m = 0;

	for (i = 0; i < g->n; i++) {
		const struct rp_read *r = g->r[i]->r;

		if (g->r[i]->rep != rep)
			continue;
		if (s == S_MEAN) {
			ns += r->ns;
			ops += r->ops;
		} else if (!isnan(cpu_stat(r, s))) {
			tmp[m++] = cpu_stat(r, s);
		}
	}
	if (s == S_MEAN)
		return ops > 0 ? ns / ops : NAN;
	return rs_median(tmp, m);
}

/* per replicate: median over CPUs of a's @s - b's @s (or a / b) */
static double rep_pair(const struct grp *a, const struct grp *b, long rep, enum stat s,
		       int ratio, double *tmp)
{
	size_t i, j;
	int m = 0;

	for (i = 0; i < a->n; i++) {
		const struct rp_read *x = a->r[i]->r, *y = NULL;
		double vx = cpu_stat(x, s), vy;

		if (a->r[i]->rep != rep || isnan(vx))
			continue;
		for (j = 0; j < b->n && !y; j++)
			if (b->r[j]->rep == rep && b->r[j]->r->cpu == x->cpu)
				y = b->r[j]->r;
		if (!y || isnan(vy = cpu_stat(y, s)))
			continue;
		if (ratio && !(vy > 0 && vx > 0))
			continue;
		tmp[m++] = ratio ? vx / vy : vx - vy;
	}
	return rs_median(tmp, m);
}

/* the estimate over the replicates of @a (paired with @b when non-NULL) */
static int estimate(const struct grp *a, const struct grp *b, enum stat s, int ratio,
		    struct rs_est *e, double *logs, int *nlogs)
{
	long *reps = malloc((a->n + 1) * sizeof(*reps));
	double *tmp = malloc((a->n + 1) * sizeof(*tmp));
	double *v = malloc((a->n + 1) * sizeof(*v));
	size_t nr, i;
	int n = 0;

	if (!reps || !tmp || !v) {
		free(reps);
		free(tmp);
		free(v);
		return -1;
	}
	nr = group_reps(a, reps);
	for (i = 0; i < nr; i++) {
		double x = b ? rep_pair(a, b, reps[i], s, ratio, tmp) : rep_stat(a, reps[i], s, tmp);

		if (!isnan(x))
			v[n++] = x;
	}
	if (logs) {
		*nlogs = 0;
		for (i = 0; i < (size_t)n; i++)
			if (v[i] > 0)
				logs[(*nlogs)++] = log(v[i]);
	}
	*e = rs_median_ci(v, n);
	free(reps);
	free(tmp);
	free(v);
	return 0;
}

/* the loop code of @op on the arch and kernel of env @env (codegen records), or NULL */
static const char *code_of(const struct rs_result *res, int env, const char *op)
{
	const struct rs_env *e = &res->envs[env];
	size_t f, i;

	for (f = 0; f < res->nfiles; f++) {
		const struct rp_file *F = &res->files[f];

		if (strcmp(F->arch, e->arch) ||
		    (res->file_env[f] != env && strcmp(rp_meta(F, "kernel"), e->kernel)))
			continue;
		for (i = 0; i < F->ncodegens; i++)
			if (!strcmp(F->codegens[i].op, op))
				return F->codegens[i].code;
	}
	return NULL;
}

static int cost(const struct cx *c, const char *baseline, struct rs_cost *k)
{
	const struct rs_est none = { NAN, NAN, NAN, NAN, 0 };
	struct grp a = { 0 }, emp = { 0 }, base = { 0 };
	double *logs = NULL;
	long *reps = NULL;
	size_t i;
	int nlogs = 0, ret = -1;
	/* an op spaced by gap= (<op>@g<N>): its empty loop is empty@g<N> */
	const char *at = strstr(k->op, "@g");
	char empty[RP_NAME + 8];

	snprintf(empty, sizeof(empty), "empty%s", at ? at : "");
	if (gather(c, k->env, k->context, k->op, &a) ||
	    gather(c, k->env, k->context, empty, &emp) ||
	    gather(c, k->env, k->context, baseline, &base))
		goto out;
	reps = malloc((a.n + 1) * sizeof(*reps));
	logs = malloc((a.n + 1) * sizeof(*logs));
	if (!reps || !logs)
		goto out;
	k->runs = (int)group_reps(&a, reps);
	if (estimate(&a, NULL, S_MIN, 0, &k->min, NULL, NULL) ||
	    estimate(&a, NULL, S_P50, 0, &k->p50, NULL, NULL) ||
	    estimate(&a, NULL, S_P99, 0, &k->p99, NULL, NULL) ||
	    estimate(&a, NULL, S_MEAN, 0, &k->mean, NULL, NULL))
		goto out;
	k->net = k->delta = k->ratio = none;
	k->p = k->q = k->gm = NAN;
	k->sig = -1;
	k->same_code = -1;
	k->why = NULL;
	k->net_stat = k->stat = NULL;
	if (strcmp(k->op, empty) && emp.n) {
		/* min, or p50 where no CPU has a min of both (min_ns 0: see cpu_stat) */
		if (estimate(&a, &emp, S_MIN, 0, &k->net, NULL, NULL))
			goto out;
		k->net_stat = "min";
		if (!k->net.n) {
			if (estimate(&a, &emp, S_P50, 0, &k->net, NULL, NULL))
				goto out;
			k->net_stat = "p50";
		}
	}
	if (strcmp(k->op, baseline) && strcmp(k->op, empty) && !at && base.n) {
		const char *x = code_of(c->res, k->env, k->op), *y = code_of(c->res, k->env, baseline);
		enum stat s = S_MIN;

		if (estimate(&a, &base, s, 1, &k->ratio, logs, &nlogs))
			goto out;
		if (!k->ratio.n) {
			s = S_P50;
			if (estimate(&a, &base, s, 1, &k->ratio, logs, &nlogs))
				goto out;
		}
		k->stat = s == S_MIN ? "min" : "p50";
		if (estimate(&a, &base, s, 0, &k->delta, NULL, NULL))
			goto out;
		if (x && y)
			k->same_code = !strcmp(x, y);
		if (!k->ratio.n)
			k->why = "no pairs";
		else if (k->same_code == 1)
			k->why = "same code";
		else if (nlogs < RS_MIN_REPS)
			k->why = nlogs == 1 ? "1 replicate" : "< 3 replicates";
		else {
			k->p = rs_ttest_p(logs, nlogs);	/* q and sig: per table, later */
			/* the ratio the test tests: its 20%-trimmed geometric mean */
			gsl_sort(logs, 1, nlogs);
			k->gm = exp(gsl_stats_trmean_from_sorted_data(0.2, logs, 1, nlogs));
		}
	}

	/* the replicate furthest from the others (a phase the host slowed?) */
	k->odd = NAN;
	k->odd_file = NULL;
	if (k->runs >= RS_MIN_REPS && !isnan(k->min.point) && k->min.point > 0) {
		double *tmp = logs;	/* room for a.n values */

		k->odd = 1;
		for (i = 0; i < (size_t)k->runs; i++) {
			double x = rep_stat(&a, reps[i], S_MIN, tmp) / k->min.point;
			size_t f;

			if (isnan(x) || fabs(log(x)) <= fabs(log(k->odd)))
				continue;
			k->odd = x;
			for (f = 0; f < c->res->nfiles; f++)
				if (reps[i] >= c->res->drop_off[f] &&
				    reps[i] < c->res->drop_off[f] + c->res->files[f].end_runs) {
					k->odd_file = c->res->files[f].name;
					k->odd_run = reps[i] - c->res->drop_off[f];
				}
		}
	}
	k->cpu_min = k->bmin = INFINITY;
	k->cpu_max = -INFINITY;
	for (i = 0; i < a.n; i++) {
		const struct rp_read *r = a.r[i]->r;

		if (!(r->ops > 0))
			continue;
		k->cpu_min = fmin(k->cpu_min, r->ns / r->ops);
		k->cpu_max = fmax(k->cpu_max, r->ns / r->ops);
		if (has_batches(r) && !isnan(r->min_ns))
			k->bmin = fmin(k->bmin, r->min_ns);
	}
	if (isinf(k->cpu_min))
		k->cpu_min = k->cpu_max = NAN;
	if (isinf(k->bmin))
		k->bmin = NAN;
	ret = 0;
out:
	free(a.r);
	free(emp.r);
	free(base.r);
	free(reps);
	free(logs);
	return ret;
}

/* q and sig of every tested row of each env's table */
static int adjust(struct rs_result *res)
{
	double *p = malloc((res->ncosts + 1) * sizeof(*p));
	double *q = malloc((res->ncosts + 1) * sizeof(*q));
	size_t e, i;
	int n;

	if (!p || !q) {
		free(p);
		free(q);
		return -1;
	}
	for (e = 0; e < res->nenvs; e++) {
		for (i = 0, n = 0; i < res->ncosts; i++)
			if (res->costs[i].env == (int)e)
				p[n++] = res->costs[i].p;
		rs_bh(p, q, n);
		for (i = 0, n = 0; i < res->ncosts; i++) {
			struct rs_cost *k = &res->costs[i];

			if (k->env != (int)e)
				continue;
			k->q = q[n++];
			if (isnan(k->q))
				continue;
			k->small = k->q < RS_ALPHA && fabs(log(k->gm)) < log1p(RS_MIN_EFFECT);
			k->sig = k->q < RS_ALPHA && !k->small;
		}
	}
	free(p);
	free(q);
	return 0;
}

/* index of s in names (first-appearance order), adding it */
static int name_idx(const char ***names, size_t *n, const char *s)
{
	size_t i;
	const char **p;

	for (i = 0; i < *n; i++)
		if (!strcmp((*names)[i], s))
			return (int)i;
	p = rp_push(names, n, sizeof(**names));
	if (!p)
		return -1;
	*p = s;
	return (int)(*n - 1);
}

static const char **g_ctx, **g_op;
static size_t g_nctx, g_nop;

static int cmp_cost(const void *a, const void *b)
{
	const struct rs_cost *x = a, *y = b;

	if (x->env != y->env)
		return x->env - y->env;
	if (x->context != y->context)
		return name_idx(&g_ctx, &g_nctx, x->context) - name_idx(&g_ctx, &g_nctx, y->context);
	return name_idx(&g_op, &g_nop, x->op) - name_idx(&g_op, &g_nop, y->op);
}

/* mark duplicate (boot, run) pairs; 0 or -1 */
static int replicates(struct rs_result *res)
{
	size_t f, g, total = 0;
	char kf[RP_NAME + 32], kg[RP_NAME + 32], msg[RP_ERR + 256];

	res->drop_off = calloc(res->nfiles + 1, sizeof(*res->drop_off));
	if (!res->drop_off)
		return -1;
	for (f = 0; f < res->nfiles; f++) {
		res->drop_off[f] = (long)total;
		total += res->files[f].end_runs > 0 ? res->files[f].end_runs : 0;
	}
	res->drop = calloc(total + 1, 1);
	if (!res->drop)
		return -1;
	for (f = 0; f < res->nfiles; f++) {
		const struct rp_file *F = &res->files[f];
		long r, n = 0;
		size_t first = 0;

		boot_key(F, kf, sizeof(kf));
		for (r = 0; r < F->end_runs; r++) {
			for (g = 0; g < f; g++) {
				boot_key(&res->files[g], kg, sizeof(kg));
				if (!strcmp(kf, kg) && r < res->files[g].end_runs &&
				    !res->drop[res->drop_off[g] + r])
					break;
			}
			if (g < f) {
				res->drop[res->drop_off[f] + r] = 1;
				if (!n++)
					first = g;
			}
		}
		if (n) {
			snprintf(msg, sizeof(msg), "%s: warning: %ld run%s of boot %s already read from %s: "
				 "dropped (the same boot and run is one replicate)", F->name, n,
				 n == 1 ? "" : "s", kf, res->files[first].name);
			warn(msg);
		}
	}
	return 0;
}

static int gp_groups(struct rs_result *res);

int rs_compute(const struct rp_file *files, size_t nfiles, const char *baseline,
	       struct rs_result *res)
{
	struct cx c = { .res = res };
	size_t f, i, j;
	long *cpus = NULL;
	size_t ncpus;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	res->baseline = baseline;
	res->files = files;
	res->nfiles = nfiles;
	g_ctx = g_op = NULL;
	g_nctx = g_nop = 0;
	res->file_env = calloc(nfiles + 1, sizeof(int));
	if (!res->file_env || replicates(res))
		goto out;
	for (f = 0; f < nfiles; f++) {
		const struct rp_file *F = &files[f];

		for (i = 0; i < res->nenvs; i++)
			if (!strcmp(res->envs[i].arch, F->arch) &&
			    !strcmp(res->envs[i].kernel, F->kernel) &&
			    !strcmp(res->envs[i].env, F->env))
				break;
		if (i == res->nenvs) {
			struct rs_env *e = rp_push(&res->envs, &res->nenvs, sizeof(*e));

			if (!e)
				goto out;
			e->arch = F->arch;
			e->kernel = F->kernel;
			e->env = F->env;
			rt_key_set(&e->key, F->arch, F->kernel, F->env);
			e->preempt = rp_meta(F, "preempt");
			e->host = rp_meta(F, "host");
			e->machine = rp_meta(F, "machine");
			e->cpu_model = rp_meta(F, "cpu_model");
		}
		res->file_env[f] = (int)i;
		if (F->ngphists)
			res->envs[i].has_gphist = 1;
		for (i = 0; i < F->nops; i++)
			if (name_idx(&g_op, &g_nop, F->ops[i].name) < 0)
				goto out;
		for (i = 0; i < F->nreads; i++) {
			struct row *w;

			if (rs_dropped(res, f, F->reads[i].run))
				continue;
			if (!valid(F->reads[i].valid)) {
				res->envs[res->file_env[f]].invalid++;
				continue;
			}
			w = rp_push(&c.rows, &c.nrows, sizeof(*w));
			if (!w || name_idx(&g_ctx, &g_nctx, F->reads[i].context) < 0 ||
			    name_idx(&g_op, &g_nop, F->reads[i].op) < 0)
				goto out;
			w->env = res->file_env[f];
			w->rep = res->drop_off[f] + F->reads[i].run;
			w->r = &F->reads[i];
		}
		res->nsamples += F->nsamples;
		for (i = 0; i < (size_t)F->end_runs; i++)
			res->envs[res->file_env[f]].dropped += res->drop[res->drop_off[f] + i];
	}

	/* per env: replicates, boots and CPUs */
	for (i = 0; i < res->nenvs; i++) {
		long *reps = NULL;
		size_t nreps = 0, k;
		size_t *boots = NULL;
		size_t nboots = 0;

		ncpus = 0;
		for (j = 0; j < c.nrows; j++) {
			if (c.rows[j].env != (int)i)
				continue;
			for (k = 0; k < ncpus && cpus[k] != c.rows[j].r->cpu; k++)
				;
			if (k == ncpus) {
				long *p = rp_push(&cpus, &ncpus, sizeof(*cpus));

				if (!p)
					goto out;
				*p = c.rows[j].r->cpu;
			}
			for (k = 0; k < nreps && reps[k] != c.rows[j].rep; k++)
				;
			if (k == nreps) {
				long *p = rp_push(&reps, &nreps, sizeof(*reps));

				if (!p) {
					free(reps);
					goto out;
				}
				*p = c.rows[j].rep;
			}
		}
		for (f = 0; f < nfiles; f++) {	/* boots: files' keys with replicates */
			char kb[RP_NAME + 32];
			int used = 0;

			if (res->file_env[f] != (int)i)
				continue;
			for (j = 0; j < (size_t)files[f].end_runs; j++)
				for (k = 0; k < nreps; k++)
					used |= reps[k] == res->drop_off[f] + (long)j;
			if (!used)
				continue;
			boot_key(&files[f], kb, sizeof(kb));
			for (k = 0; k < nboots; k++) {
				char ko[RP_NAME + 32];

				boot_key(&files[boots[k]], ko, sizeof(ko));
				if (!strcmp(ko, kb))
					break;
			}
			if (k == nboots) {
				size_t *p = rp_push(&boots, &nboots, sizeof(*boots));

				if (!p) {
					free(reps);
					free(boots);
					goto out;
				}
				*p = f;
			}
		}
		res->envs[i].runs = (int)nreps;
		res->envs[i].boots = (int)nboots;
		res->envs[i].ncpus = (int)ncpus;
		free(reps);
		free(boots);
		free(cpus);
		cpus = NULL;
	}

	/* cost groups */
	for (j = 0; j < c.nrows; j++) {
		const struct rp_read *r = c.rows[j].r;
		struct rs_cost *k;

		for (i = 0; i < res->ncosts; i++)
			if (res->costs[i].env == c.rows[j].env &&
			    !strcmp(res->costs[i].context, r->context) &&
			    !strcmp(res->costs[i].op, r->op))
				break;
		if (i < res->ncosts)
			continue;
		k = rp_push(&res->costs, &res->ncosts, sizeof(*k));
		if (!k)
			goto out;
		k->env = c.rows[j].env;
		k->context = g_ctx[name_idx(&g_ctx, &g_nctx, r->context)];
		k->op = r->op;
	}
	if (res->ncosts)
		qsort(res->costs, res->ncosts, sizeof(*res->costs), cmp_cost);
	for (i = 0; i < res->ncosts; i++)
		if (cost(&c, baseline, &res->costs[i]))
			goto out;
	if (adjust(res) || gp_groups(res))
		goto out;
	ret = 0;
out:
	free(cpus);
	free(c.rows);
	free(g_ctx);
	free(g_op);
	g_ctx = g_op = NULL;
	g_nctx = g_nop = 0;
	if (ret)
		rs_free(res);
	return ret;
}

/* grace periods, lost updates, unavailable ops */
static int gp_groups(struct rs_result *res)
{
	size_t f, i, j;

	for (f = 0; f < res->nfiles; f++) {
		const struct rp_file *F = &res->files[f];
		int env = res->file_env[f];

		for (j = 0; j < F->ngps; j++) {
			const struct rp_gp *g = &F->gps[j];
			struct rs_gp *q;

			if (rs_dropped(res, f, g->run))
				continue;
			for (i = 0; i < res->ngps; i++)
				if (res->gps[i].env == env && !strcmp(res->gps[i].kind, g->kind) &&
				    !strcmp(res->gps[i].load, g->load))
					break;
			if (i == res->ngps) {
				q = rp_push(&res->gps, &res->ngps, sizeof(*q));
				if (!q)
					return -1;
				q->env = env;
				q->kind = g->kind;
				q->load = g->load;
				q->min = INFINITY;
				q->max = -INFINITY;
				q->pooled = 1;
			}
			q = &res->gps[i];
			q->runs++;
			q->pooled &= F->ngphists > 0;	/* every file contributes a histogram */
			if (!(g->count > 0))
				continue;
			q->count += g->count;
			q->min = fmin(q->min, g->min_ns);
			q->max = fmax(q->max, g->max_ns);
			q->p50 += g->count * g->p50_ns;
			q->p90 += g->count * g->p90_ns;
			q->p99 += g->count * g->p99_ns;
			q->p999 += g->count * g->p999_ns;
			q->mean += g->count * g->mean_ns;	/* the pooled mean, exactly */
		}
		for (j = 0; j < F->nlosts; j++) {
			const struct rp_lost *l = &F->losts[j];
			struct rs_lost *q;

			if (rs_dropped(res, f, l->run) || !valid(l->valid)) {
				res->envs[env].invalid += !valid(l->valid);
				continue;
			}
			for (i = 0; i < res->nlosts; i++)
				if (res->losts[i].env == env && !strcmp(res->losts[i].op, l->op) &&
				    !strcmp(res->losts[i].context, l->context))
					break;
			if (i == res->nlosts) {
				q = rp_push(&res->losts, &res->nlosts, sizeof(*q));
				if (!q)
					return -1;
				q->env = env;
				q->op = l->op;
				q->context = l->context;
				q->events = NAN;
			}
			q = &res->losts[i];
			q->expected += l->expected;
			q->observed += l->observed;
			q->lost += l->lost;
			if (!isnan(l->events))
				q->events = (isnan(q->events) ? 0 : q->events) + l->events;
		}
		for (j = 0; j < F->nops; j++) {
			const struct rp_op *o = &F->ops[j];
			struct rs_unavail *u;

			if (strcmp(o->status, "unavailable"))
				continue;
			/* another arch's variant (module/variants.c): not this kernel's lack */
			if (!strncmp(o->reason, "variant-of-another-arch", 23))
				continue;
			for (i = 0; i < res->nunavail; i++)
				if (res->unavail[i].env == env && !strcmp(res->unavail[i].op, o->name))
					break;
			if (i < res->nunavail)
				continue;
			u = rp_push(&res->unavail, &res->nunavail, sizeof(*u));
			if (!u)
				return -1;
			u->env = env;
			u->op = o->name;
			u->reason = o->reason;
		}
	}
	for (i = 0; i < res->ngps; i++) {
		struct rs_gp *q = &res->gps[i];
		struct rs_bucket *b = NULL;
		size_t nb = 0;

		if (!(q->count > 0)) {
			q->min = q->max = q->p50 = q->p90 = q->p99 = q->p999 = q->mean = NAN;
			q->pooled = 0;
			continue;
		}
		q->p50 /= q->count;
		q->p90 /= q->count;
		q->p99 /= q->count;
		q->p999 /= q->count;
		q->mean /= q->count;
		if (q->pooled && rs_gp_hist(res, q->env, q->kind, q->load, &b, &nb))
			return -1;
		q->pooled = nb > 0;
		if (nb) {
			double *pv[] = { &q->p50, &q->p90, &q->p99, &q->p999 };
			const double qs[] = { 0.5, 0.9, 0.99, 0.999 };

			for (j = 0; j < 4; j++)	/* within the observed extremes */
				*pv[j] = fmin(q->max, fmax(q->min, rs_hist_quantile(b, nb, qs[j])));
		}
		free(b);
	}
	for (i = 0; i < res->nlosts; i++)	/* runs: over all files of the env */
		res->losts[i].runs = res->envs[res->losts[i].env].runs;
	return 0;
}

static int cmp_bucket(const void *a, const void *b)
{
	const struct rs_bucket *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo ? 1 : x->hi < y->hi ? -1 : x->hi > y->hi;
}

int rs_gp_hist(const struct rs_result *res, int env, const char *kind, const char *load,
	       struct rs_bucket **out, size_t *n)
{
	struct rs_bucket *b = NULL;
	size_t f, i, j, nb = 0;

	*out = NULL;
	*n = 0;
	for (f = 0; f < res->nfiles; f++) {
		const struct rp_file *F = &res->files[f];

		if (res->file_env[f] != env)
			continue;
		for (i = 0; i < F->ngphists; i++) {
			const struct rp_gphist *h = &F->gphists[i];
			struct rs_bucket *p;

			if (strcmp(h->kind, kind) || strcmp(h->load, load) ||
			    rs_dropped(res, f, h->run) || !(h->count > 0))
				continue;
			for (j = 0; j < nb && !(b[j].lo == h->lo_ns && b[j].hi == h->hi_ns); j++)
				;
			if (j == nb) {
				p = rp_push(&b, &nb, sizeof(*b));
				if (!p) {
					free(b);
					return -1;
				}
				p->lo = h->lo_ns;
				p->hi = h->hi_ns;
			}
			b[j].count += h->count;
		}
	}
	if (nb)
		qsort(b, nb, sizeof(*b), cmp_bucket);
	*out = b;
	*n = nb;
	return 0;
}

const struct rs_cost *rs_find_cost(const struct rs_result *res, int env, const char *ctx,
				   const char *op)
{
	size_t i;

	for (i = 0; env >= 0 && i < res->ncosts; i++)
		if (res->costs[i].env == env && !strcmp(res->costs[i].context, ctx) &&
		    !strcmp(res->costs[i].op, op))
			return &res->costs[i];
	return NULL;
}

const struct rs_gp *rs_find_gp(const struct rs_result *res, int env, const char *kind,
			       const char *load)
{
	size_t i;

	for (i = 0; env >= 0 && i < res->ngps; i++)
		if (res->gps[i].env == env && !strcmp(res->gps[i].kind, kind) &&
		    !strcmp(res->gps[i].load, load))
			return &res->gps[i];
	return NULL;
}

void rs_free(struct rs_result *res)
{
	free(res->envs);
	free(res->costs);
	free(res->gps);
	free(res->losts);
	free(res->unavail);
	free(res->drop);
	free(res->drop_off);
	free(res->file_env);
	memset(res, 0, sizeof(*res));
}
