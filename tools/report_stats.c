// SPDX-License-Identifier: GPL-2.0
/* report_stats: see report_stats.h for every definition used here. */
#include "report_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* t quantile 0.975 for df 1..30 */
static const double t975[31] = { NAN,
	12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
	2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
	2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423 };

double rs_t975(int df)
{
	const double z = 1.959964;
	double d = df;

	if (df < 1)
		return NAN;
	if (df <= 30)
		return t975[df];
	/* Cornish-Fisher expansion; error < 1e-4 for df > 30 */
	return z + (z * z * z + z) / (4 * d) +
	       (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * d * d);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double rs_median(double *v, int n)
{
	if (n < 1)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Lower weighted median: the smallest v whose cumulative weight >= half. */
double rs_wmedian(const double *v, const double *w, int n)
{
	int *ix, i, j, t;
	double tot = 0, cum = 0, r = NAN;

	if (n < 1 || !(ix = malloc(n * sizeof(*ix))))
		return NAN;
	for (i = 0; i < n; i++) {
		ix[i] = i;
		tot += w[i];
	}
	for (i = 1; i < n; i++)		/* insertion sort by value */
		for (j = i; j > 0 && v[ix[j - 1]] > v[ix[j]]; j--) {
			t = ix[j];
			ix[j] = ix[j - 1];
			ix[j - 1] = t;
		}
	for (i = 0; i < n && tot > 0; i++) {
		cum += w[ix[i]];
		if (cum >= tot / 2) {
			r = v[ix[i]];
			break;
		}
	}
	free(ix);
	return r;
}

void rs_tci(const double *v, int n, double *lo, double *hi)
{
	double m = 0, ss = 0, h;
	int i;

	*lo = *hi = NAN;
	if (n < 2)
		return;
	for (i = 0; i < n; i++)
		m += v[i];
	m /= n;
	for (i = 0; i < n; i++)
		ss += (v[i] - m) * (v[i] - m);
	h = rs_t975(n - 1) * sqrt(ss / (n - 1)) / sqrt(n);
	*lo = m - h;
	*hi = m + h;
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

/* ---- grouping ---- */

struct row {
	int env, file;
	const struct rp_read *r;
};

struct smp {
	int file;
	long run, cpu;
	double ns, ops;
};

struct cx {
	const struct rp_file *files;
	size_t nfiles;
	struct row *rows;
	size_t nrows;
	int *file_env;
};

/* Samples of one group: per (file, run), or per (file, run, cpu) if by_cpu. */
static int samples(const struct cx *c, int env, const char *ctx, const char *op,
		   int by_cpu, struct smp **out, size_t *nout)
{
	size_t i, j, n = 0;
	struct smp *s = NULL, *p;

	for (i = 0; i < c->nrows; i++) {
		const struct row *w = &c->rows[i];

		if (w->env != env || strcmp(w->r->context, ctx) || strcmp(w->r->op, op))
			continue;
		for (j = 0; j < n; j++)
			if (s[j].file == w->file && s[j].run == w->r->run &&
			    (!by_cpu || s[j].cpu == w->r->cpu))
				break;
		if (j == n) {
			p = rp_push(&s, &n, sizeof(*s));
			if (!p) {
				free(s);
				return -1;
			}
			p->file = w->file;
			p->run = w->r->run;
			p->cpu = by_cpu ? w->r->cpu : -1;
		}
		s[j].ns += w->r->ns;
		s[j].ops += w->r->ops;
	}
	for (i = j = 0; i < n; i++)	/* drop samples without operations */
		if (s[i].ops > 0)
			s[j++] = s[i];
	*out = s;
	*nout = j;
	return 0;
}

enum pair { P_NONE, P_DIFF, P_RATIO };

/* An estimate for @op, or paired against @ref (P_DIFF or P_RATIO). */
static int estimate(const struct cx *c, int env, const char *ctx, const char *op,
		    const char *ref, enum pair how, int by_cpu, struct rs_est *e)
{
	struct smp *a = NULL, *b = NULL;
	size_t na = 0, nb = 0, i, j;
	double *v = NULL, ans = 0, aops = 0, bns = 0, bops = 0;
	int n = 0, ret = -1;

	e->point = e->lo = e->hi = NAN;
	e->n = 0;
	if (samples(c, env, ctx, op, by_cpu, &a, &na))
		goto out;
	if (how != P_NONE && samples(c, env, ctx, ref, by_cpu, &b, &nb))
		goto out;
	v = malloc((na + 1) * sizeof(*v));
	if (!v)
		goto out;
	for (i = 0; i < na; i++) {
		double x = a[i].ns / a[i].ops, y = 0;

		if (how != P_NONE) {
			for (j = 0; j < nb; j++)
				if (b[j].file == a[i].file && b[j].run == a[i].run &&
				    b[j].cpu == a[i].cpu)
					break;
			if (j == nb)
				continue;
			y = b[j].ns / b[j].ops;
			if (how == P_RATIO && !(y > 0))
				continue;
			bns += b[j].ns;
			bops += b[j].ops;
		}
		ans += a[i].ns;
		aops += a[i].ops;
		v[n++] = how == P_NONE ? x : how == P_DIFF ? x - y : x / y;
	}
	ret = 0;
	if (!n)
		goto out;
	e->n = n;
	if (how == P_RATIO) {
		/* ratios: t-interval of the mean log ratio, back-transformed
		 * (a geometric interval, never below 0); none if a ratio is 0 */
		double *lv = malloc(n * sizeof(*lv));
		int k, pos = 1;

		if (!lv) {
			ret = -1;
			goto out;
		}
		for (k = 0; k < n; k++) {
			pos &= v[k] > 0;
			lv[k] = v[k] > 0 ? log(v[k]) : 0;
		}
		rs_tci(lv, n, &e->lo, &e->hi);
		e->lo = pos ? exp(e->lo) : NAN;
		e->hi = pos ? exp(e->hi) : NAN;
		free(lv);
	} else {
		rs_tci(v, n, &e->lo, &e->hi);
	}
	if (!by_cpu)
		e->point = rs_median(v, n);
	else if (how == P_NONE)
		e->point = ans / aops;
	else if (how == P_DIFF)
		e->point = ans / aops - bns / bops;
	else
		e->point = (ans / aops) / (bns / bops);
out:
	free(a);
	free(b);
	free(v);
	return ret;
}

static int has_group(const struct cx *c, int env, const char *ctx, const char *op)
{
	size_t i;

	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].env == env && !strcmp(c->rows[i].r->context, ctx) &&
		    !strcmp(c->rows[i].r->op, op))
			return 1;
	return 0;
}

static int cost(const struct cx *c, const char *baseline, struct rs_cost *k)
{
	struct smp *s = NULL;
	size_t ns = 0, i, m = 0;
	double *val = NULL, *wt = NULL;
	double *pv[3] = { &k->p50, &k->p95, &k->p99 };
	int q, ret = -1;

	if (samples(c, k->env, k->context, k->op, 0, &s, &ns))
		return -1;
	k->runs = (int)ns;
	k->by_cpu = ns < 2;
	free(s);
	if (estimate(c, k->env, k->context, k->op, NULL, P_NONE, k->by_cpu, &k->raw))
		return -1;
	k->net = k->delta = k->ratio = (struct rs_est){ NAN, NAN, NAN, 0 };
	if (strcmp(k->op, "empty") && has_group(c, k->env, k->context, "empty") &&
	    estimate(c, k->env, k->context, k->op, "empty", P_DIFF, k->by_cpu, &k->net))
		return -1;
	if (strcmp(k->op, baseline) && strcmp(k->op, "empty") &&
	    has_group(c, k->env, k->context, baseline) &&
	    (estimate(c, k->env, k->context, k->op, baseline, P_DIFF, k->by_cpu, &k->delta) ||
	     estimate(c, k->env, k->context, k->op, baseline, P_RATIO, k->by_cpu, &k->ratio)))
		return -1;
	k->sig = k->delta.n < 2 ? -1 : !(k->delta.lo <= 0 && k->delta.hi >= 0);

	val = malloc(c->nrows * sizeof(*val) + 1);
	wt = malloc(c->nrows * sizeof(*wt) + 1);
	if (!val || !wt)
		goto out;
	k->cpu_min = k->bmin = INFINITY;
	k->cpu_max = -INFINITY;
	for (q = 0; q < 3; q++) {
		m = 0;
		for (i = 0; i < c->nrows; i++) {
			const struct rp_read *r = c->rows[i].r;

			if (c->rows[i].env != k->env || strcmp(r->context, k->context) ||
			    strcmp(r->op, k->op) || !(r->ops > 0))
				continue;
			val[m] = q == 0 ? r->p50_ns : q == 1 ? r->p95_ns : r->p99_ns;
			wt[m++] = r->ops;
			if (r->ns / r->ops < k->cpu_min)
				k->cpu_min = r->ns / r->ops;
			if (r->ns / r->ops > k->cpu_max)
				k->cpu_max = r->ns / r->ops;
			if (r->min_ns < k->bmin)
				k->bmin = r->min_ns;
		}
		*pv[q] = rs_wmedian(val, wt, (int)m);
	}
	if (!m)
		k->cpu_min = k->cpu_max = k->bmin = NAN;
	ret = 0;
out:
	free(val);
	free(wt);
	return ret;
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

int rs_compute(const struct rp_file *files, size_t nfiles, const char *baseline,
	       struct rs_result *res)
{
	struct cx c = { .files = files, .nfiles = nfiles };
	size_t f, i, j, nruns;
	long *cpus = NULL;
	size_t ncpus;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	res->baseline = baseline;
	g_ctx = g_op = NULL;
	g_nctx = g_nop = 0;
	c.file_env = calloc(nfiles + 1, sizeof(int));
	if (!c.file_env)
		return -1;
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
			e->preempt = rp_meta(F, "preempt");
		}
		c.file_env[f] = (int)i;
		for (i = 0; i < F->nops; i++)
			if (name_idx(&g_op, &g_nop, F->ops[i].name) < 0)
				goto out;
		for (i = 0; i < F->nreads; i++) {
			struct row *w = rp_push(&c.rows, &c.nrows, sizeof(*w));

			if (!w || name_idx(&g_ctx, &g_nctx, F->reads[i].context) < 0 ||
			    name_idx(&g_op, &g_nop, F->reads[i].op) < 0)
				goto out;
			w->env = c.file_env[f];
			w->file = (int)f;
			w->r = &F->reads[i];
		}
		res->nsamples += F->nsamples;
	}

	/* per env: runs and CPUs */
	for (i = 0; i < res->nenvs; i++) {
		nruns = ncpus = 0;
		for (f = 0; f < nfiles; f++) {
			long maxrun = -1;

			if (c.file_env[f] != (int)i)
				continue;
			for (j = 0; j < files[f].nreads; j++)
				if (files[f].reads[j].run > maxrun)
					maxrun = files[f].reads[j].run;
			nruns += maxrun + 1;
		}
		for (j = 0; j < c.nrows; j++) {
			size_t k;

			if (c.rows[j].env != (int)i)
				continue;
			for (k = 0; k < ncpus; k++)
				if (cpus[k] == c.rows[j].r->cpu)
					break;
			if (k == ncpus) {
				long *p = rp_push(&cpus, &ncpus, sizeof(*cpus));

				if (!p)
					goto out;
				*p = c.rows[j].r->cpu;
			}
		}
		res->envs[i].runs = (int)nruns;
		res->envs[i].ncpus = (int)ncpus;
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

	/* grace periods, lost updates, unavailable ops */
	for (f = 0; f < nfiles; f++) {
		const struct rp_file *F = &files[f];
		int env = c.file_env[f];

		for (j = 0; j < F->ngps; j++) {
			const struct rp_gp *g = &F->gps[j];
			struct rs_gp *q;

			for (i = 0; i < res->ngps; i++)
				if (res->gps[i].env == env && !strcmp(res->gps[i].kind, g->kind) &&
				    !strcmp(res->gps[i].load, g->load))
					break;
			if (i == res->ngps) {
				q = rp_push(&res->gps, &res->ngps, sizeof(*q));
				if (!q)
					goto out;
				q->env = env;
				q->kind = g->kind;
				q->load = g->load;
				q->min = INFINITY;
				q->max = -INFINITY;
			}
			q = &res->gps[i];
			q->runs++;
			if (!(g->count > 0))
				continue;
			q->count += g->count;
			q->min = fmin(q->min, g->min_ns);
			q->max = fmax(q->max, g->max_ns);
			q->p50 += g->count * g->p50_ns;
			q->p90 += g->count * g->p90_ns;
			q->p99 += g->count * g->p99_ns;
			q->p999 += g->count * g->p999_ns;
			q->mean += g->count * g->mean_ns;
		}
		for (j = 0; j < F->nlosts; j++) {
			const struct rp_lost *l = &F->losts[j];
			struct rs_lost *q;

			for (i = 0; i < res->nlosts; i++)
				if (res->losts[i].env == env && !strcmp(res->losts[i].op, l->op) &&
				    !strcmp(res->losts[i].context, l->context))
					break;
			if (i == res->nlosts) {
				q = rp_push(&res->losts, &res->nlosts, sizeof(*q));
				if (!q)
					goto out;
				q->env = env;
				q->op = l->op;
				q->context = l->context;
			}
			q = &res->losts[i];
			q->expected += l->expected;
			q->observed += l->observed;
			q->lost += l->lost;
			if (l->run + 1 > q->runs)	/* runs, counted per file below */
				q->runs = (int)l->run + 1;
		}
		for (j = 0; j < F->nops; j++) {
			const struct rp_op *o = &F->ops[j];
			struct rs_unavail *u;

			if (strcmp(o->status, "unavailable"))
				continue;
			for (i = 0; i < res->nunavail; i++)
				if (res->unavail[i].env == env && !strcmp(res->unavail[i].op, o->name))
					break;
			if (i < res->nunavail)
				continue;
			u = rp_push(&res->unavail, &res->nunavail, sizeof(*u));
			if (!u)
				goto out;
			u->env = env;
			u->op = o->name;
			u->reason = o->reason;
		}
	}
	for (i = 0; i < res->ngps; i++) {
		struct rs_gp *q = &res->gps[i];

		if (q->count > 0) {
			q->p50 /= q->count;
			q->p90 /= q->count;
			q->p99 /= q->count;
			q->p999 /= q->count;
			q->mean /= q->count;
		} else {
			q->min = q->max = q->p50 = q->p90 = q->p99 = q->p999 = q->mean = NAN;
		}
	}
	for (i = 0; i < res->nlosts; i++)	/* runs: over all files of the env */
		res->losts[i].runs = res->envs[res->losts[i].env].runs;
	ret = 0;
out:
	free(cpus);
	free(c.rows);
	free(c.file_env);
	free(g_ctx);
	free(g_op);
	g_ctx = g_op = NULL;
	g_nctx = g_nop = 0;
	if (ret)
		rs_free(res);
	return ret;
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
	memset(res, 0, sizeof(*res));
}
