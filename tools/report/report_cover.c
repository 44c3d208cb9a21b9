// SPDX-License-Identifier: GPL-2.0
/* report_cover: see report_cover.h. */
#include "report_cover.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The rows, in the cover letter's order, then the two checks of the checker. */
static const struct {
	const char *flavour, *label;
} rows[] = {
	{ "bug", "2017-bug" },		/* model SRCU, the unsafe increment */
	{ "fix1", "fix1-irqs-off" },	/* the same, irqs off in process/softirq */
	{ "fix2", "fix2-rcu-sched" },
	{ "fix3", "fix3-srcu" },
	{ "srcu_fast", "srcu_fast" },
	{ "model_fix", "model-this_cpu_inc" },
	{ "broken", "checker-broken-gp" },
};

static const char *const ctxs[] = { "process", "softirq", "hardirq" };

struct vec {
	double *v;
	size_t n, cap;
};

static int push(struct vec *x, double v)
{
	if (isnan(v))
		return 0;
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 16;
		double *nv = realloc(x->v, cap * sizeof(*nv));

		if (!nv)
			return -1;
		x->v = nv;
		x->cap = cap;
	}
	x->v[x->n++] = v;
	return 0;
}

static double median(struct vec *x)
{
	return rs_median(x->v, (int)x->n);	/* NAN if empty; sorts */
}

/* One row's figures over every file and run of an env. */
struct fig {
	double ns[3];			/* median of the per-(cpu, run) p50s */
	double gp50[2], gp99[2];	/* [sync-or-model, exp]: median over runs */
	double ipi[2];			/* exp IPIs to reader CPUs per GP */
	double probe99, probemax, probe99_none;
	double imbalance, stalled, premature, sections;
	const char *inc;
	int have;
};

static int wr_of(const char *writer)
{
	if (!strcmp(writer, "exp"))
		return 1;
	if (!strcmp(writer, "sync") || !strcmp(writer, "model") || !strcmp(writer, "broken"))
		return 0;
	return -1;
}

static int figures(const struct rs_result *res, int env, const char *fl, struct fig *g)
{
	struct vec ns[3] = { { 0 } }, g50[2] = { { 0 } }, g99[2] = { { 0 } };
	double ipis[2] = { 0, 0 }, gps[2] = { 0, 0 }, recs[2] = { 0, 0 }, phases[2] = { 0, 0 };
	size_t f, i;
	int k, ret = 0;

	memset(g, 0, sizeof(*g));
	g->probe99 = g->probemax = g->probe99_none = NAN;
	for (f = 0; f < res->nfiles; f++) {
		const struct rp_file *p = &res->files[f];

		if (res->file_env[f] != env)
			continue;
		for (i = 0; i < p->nchecks; i++) {
			const struct rp_check *c = &p->checks[i];

			if (strcmp(c->flavour, fl))
				continue;
			g->have = 1;
			g->sections += c->sections;
			g->premature += c->premature;
			if (!strcmp(c->writer, "none"))
				for (k = 0; k < 3; k++)
					if (!strcmp(c->context, ctxs[k]) && push(&ns[k], c->p50_ns))
						ret = -1;
		}
		for (i = 0; i < p->nchkgps; i++) {
			const struct rp_chkgp *c = &p->chkgps[i];
			int w = wr_of(c->writer);

			if (strcmp(c->flavour, fl) || w < 0)
				continue;
			phases[w]++;
			if (push(&g50[w], c->p50_ns) || push(&g99[w], c->p99_ns))
				ret = -1;
		}
		for (i = 0; i < p->nmodels; i++) {
			const struct rp_model *m = &p->models[i];

			if (strcmp(m->flavour, fl))
				continue;
			g->imbalance += fabs(m->imbalance);
			g->stalled += m->stalled;
			g->inc = m->inc;
		}
		for (i = 0; i < p->ndisturbs; i++) {
			const struct rp_disturb *d = &p->disturbs[i];
			int w = wr_of(d->writer);

			if (strcmp(d->flavour, fl))
				continue;
			if (w < 0) {
				if (!isnan(d->probe_p99_ns) &&
				    (isnan(g->probe99_none) || d->probe_p99_ns > g->probe99_none))
					g->probe99_none = d->probe_p99_ns;
				continue;
			}
			if (!isnan(d->exp_ipis)) {
				ipis[w] += d->exp_ipis;
				gps[w] += d->gps;	/* the phase's GPs, once per CPU */
				recs[w]++;
			}
			if (!isnan(d->probe_p99_ns) &&
			    (isnan(g->probe99) || d->probe_p99_ns > g->probe99))
				g->probe99 = d->probe_p99_ns;
			if (!isnan(d->probe_max_ns) &&
			    (isnan(g->probemax) || d->probe_max_ns > g->probemax))
				g->probemax = d->probe_max_ns;
		}
	}
	for (k = 0; k < 3; k++) {
		g->ns[k] = median(&ns[k]);
		free(ns[k].v);
	}
	for (k = 0; k < 2; k++) {
		g->gp50[k] = median(&g50[k]);
		g->gp99[k] = median(&g99[k]);
		free(g50[k].v);
		free(g99[k].v);
		g->ipi[k] = NAN;
	}
	/*
	 * Per GP, summed over the reader CPUs: each disturb record carries its
	 * phase's GP count, so the GPs are gps / (records per phase).
	 */
	for (k = 0; k < 2; k++)
		if (gps[k] > 0 && phases[k] > 0)
			g->ipi[k] = ipis[k] / (gps[k] / (recs[k] / phases[k]));
	return ret;
}

static const char *const cols[] = {
	"row", "inc", "process_ns", "softirq_ns", "hardirq_ns",
	"gp_sync_p50", "gp_sync_p99", "gp_exp_p50", "gp_exp_p99",
	"ipi_per_sync_gp", "ipi_per_exp_gp", "probe_p99_ns", "probe_max_ns",
	"probe_p99_idle_ns", "imbalance", "stalled", "premature", "sections", NULL
};

static int env_has(const struct rs_result *res, int env)
{
	size_t f;

	for (f = 0; f < res->nfiles; f++)
		if (res->file_env[f] == env && res->files[f].nchecks)
			return 1;
	return 0;
}

static void cnt(struct rt_table *t, long r, int c, double v)
{
	rt_num(t, r, c, v, 0);
}

static int env_has(const struct rs_result *res, int env);

/*
 * Across (arch, kernel, env): one row per cover-letter row, per env its
 * process-context reader ns and its failures (premature + imbalance +
 * stalled): what make run ARCHES=all puts side by side.
 */
static int across(struct rt_doc *d, const struct rs_result *res)
{
	struct rt_key none;
	struct rt_table *t;
	size_t e, k;
	int nenv = 0, c;

	for (e = 0; e < res->nenvs; e++)
		nenv += env_has(res, (int)e);
	if (nenv < 2)
		return 0;
	rt_key_set(&none, NULL, NULL, NULL);
	t = rt_new(d, "cover-arches", &none, "",
		   "Cover letter across architectures: process-context reader ns/op and failures (premature + |imbalance| + stalled) per (arch, kernel, env)");
	if (!t)
		return -1;
	rt_col(t, "row", RT_KEY, "", "");
	for (e = 0; e < res->nenvs; e++) {
		char name[32];

		if (!env_has(res, (int)e))
			continue;
		snprintf(name, sizeof(name), "%.12s/%.10s:ns", res->envs[e].arch, res->envs[e].env);
		if (rt_col(t, name, RT_NUM, rs_unit(res->envs[e].env), "median of per-CPU p50s, no writer") < 0)
			break;
		snprintf(name, sizeof(name), "%.12s/%.10s:fail", res->envs[e].arch, res->envs[e].env);
		if (rt_col(t, name, RT_NUM, "count", "") < 0)
			break;
		rt_note(t, "%s/%s: kernel %s", res->envs[e].arch, res->envs[e].env, res->envs[e].kernel);
	}
	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		long r = -1;

		for (e = 0, c = 1; e < res->nenvs && c + 1 < t->ncols; e++) {
			struct fig g;

			if (!env_has(res, (int)e))
				continue;
			if (figures(res, (int)e, rows[k].flavour, &g))
				return -1;
			if (g.have) {
				if (r < 0) {
					r = rt_row(t);
					rt_set(t, r, 0, "%s", rows[k].label);
				}
				rt_num(t, r, c, g.ns[0], 1);
				rt_num(t, r, c + 1, g.premature + (g.inc ? g.imbalance + g.stalled : 0), 0);
			}
			c += 2;
		}
	}
	rt_note(t, "TCG figures are emulated, icount ones are guest instructions: never hardware numbers");
	return 0;
}

int rc_tables(struct rt_doc *d, const struct rs_result *res)
{
	size_t e, k;

	for (e = 0; e < res->nenvs; e++) {
		const struct rs_env *v = &res->envs[e];
		struct rt_table *t;

		if (!env_has(res, (int)e))
			continue;
		t = rt_new(d, "cover", &v->key, "ns",
			   "Cover letter: the 2017 bug and its three fixes, same readers and writers: arch=%s kernel=%s env=%s",
			   v->arch, v->kernel, v->env);
		if (!t)
			return -1;
		rt_cols(t, cols, 2);
		for (k = 0; cols[k]; k++)
			if (k >= 14)
				snprintf(t->cols[k].unit, sizeof(t->cols[k].unit), "count");
			else if (k == 9 || k == 10)
				snprintf(t->cols[k].unit, sizeof(t->cols[k].unit), "IPIs/GP");
		snprintf(t->cols[2].stat, sizeof(t->cols[2].stat), "median over CPUs and runs of the p50 ns/op");
		for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
			struct fig g;
			long r;
			int c;

			if (figures(res, (int)e, rows[k].flavour, &g))
				return -1;
			if (!g.have)
				continue;
			r = rt_row(t);
			rt_set(t, r, 0, "%s", rows[k].label);
			rt_set(t, r, 1, "%s", g.inc ? g.inc : "-");
			for (c = 0; c < 3; c++)
				rt_num(t, r, 2 + c, g.ns[c], 1);
			rt_num(t, r, 5, g.gp50[0], 0);
			rt_num(t, r, 6, g.gp99[0], 0);
			rt_num(t, r, 7, g.gp50[1], 0);
			rt_num(t, r, 8, g.gp99[1], 0);
			rt_num(t, r, 9, g.ipi[0], 2);
			rt_num(t, r, 10, g.ipi[1], 2);
			rt_num(t, r, 11, g.probe99, 0);
			rt_num(t, r, 12, g.probemax, 0);
			rt_num(t, r, 13, g.probe99_none, 0);
			cnt(t, r, 14, g.inc ? g.imbalance : NAN);
			cnt(t, r, 15, g.inc ? g.stalled : NAN);
			cnt(t, r, 16, g.premature);
			cnt(t, r, 17, g.sections);
		}
		rt_note(t, "reader ns: a checked section (lock, take the object, check, unlock) with no writer and no hold");
		rt_note(t, "gp: ns; model rows: the model's grace period under sync; broken: one that returns at once");
		rt_note(t, "ipi: rcu_exp_handler runs on the reader CPUs per GP (kprobe); probe: lateness of a pinned hard hrtimer, worst CPU, 1 us resolution, with a writer (idle: none)");
		rt_note(t, "imbalance: |locks - unlocks| of the model at teardown; stalled: model drain waits timed out; premature: readers whose object was retired under them");
		if (!strncmp(v->env, "tcg", 3))
			rt_note(t, "env %s: emulated timings, not hardware numbers", v->env);
	}
	return across(d, res);
}

static void dnum(FILE *out, double v)
{
	if (isnan(v) || isinf(v))
		fputs("\t?", out);
	else
		fprintf(out, "\t%.6g", v);
}

int rc_write_dat(FILE *out, const struct rs_result *res, int env)
{
	size_t k;
	int n = 0;

	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		struct fig g;

		if (figures(res, env, rows[k].flavour, &g))
			return -1;
		if (!g.have)
			continue;
		if (!n++)
			fputs("row\tprocess\tsoftirq\thardirq\tpremature\timbalance\tstalled\tipi_per_exp_gp\n", out);
		fputs(rows[k].label, out);
		dnum(out, g.ns[0]);
		dnum(out, g.ns[1]);
		dnum(out, g.ns[2]);
		dnum(out, g.premature);
		dnum(out, g.inc ? g.imbalance : 0);
		dnum(out, g.inc ? g.stalled : 0);
		dnum(out, isnan(g.ipi[1]) ? 0 : g.ipi[1]);
		fputc('\n', out);
	}
	return ferror(out) ? -1 : n;
}
