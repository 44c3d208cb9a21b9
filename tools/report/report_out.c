// SPDX-License-Identifier: GPL-2.0
/*
 * report_out: the per-(arch, kernel, env) sections (cost, unavailable,
 * baseline, gp, lost) as tables of the table model (report_table.h), and the
 * document writer: every section's tables in the format asked for, and in
 * JSON the numbers of rs_result beside the tables.
 */
#include "report_out.h"
#include "report_cover.h"
#include "report_variants.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *ro_legend(const struct rs_result *res)
{
	return rs_legend(res);
}

/* a section table of env @env: title with its group key and counts, notes of the env */
static struct rt_table *newtab(struct rt_doc *d, const struct rs_result *res, int env,
			       const char *section, const char *what, const char *unit)
{
	const struct rs_env *e = &res->envs[env];
	struct rt_table *t = rt_new(d, section, &e->key, unit,
				    "%s: arch=%s kernel=%s env=%s unit=%s runs=%d boots=%d cpus=%d",
				    what, e->arch, e->kernel, e->env, unit, e->runs, e->boots, e->ncpus);

	if (!t)
		return NULL;
	if (e->host || e->machine || e->cpu_model)
		rt_note(t, "the kernel that ran: meta host=%s machine=%s cpu_model=%s",
			e->host ?: "-", e->machine ?: "-", e->cpu_model ?: "-");
	/* qemu runs icount vCPUs round-robin on one clock */
	if (!strcmp(e->env, "tcg-icount") && e->ncpus > 1)
		rt_note(t, "icount on several vCPUs: guest time counts every vCPU's instructions, so a batch another vCPU ran inside reads those too; the smallest batch is still the op's count where one ran alone, means and percentiles are not");
	return t;
}

static void est3(struct rt_table *t, long r, int c, const struct rs_est *e, int prec)
{
	rt_num(t, r, c, e->point, prec);
	rt_num(t, r, c + 1, e->lo, prec);
	rt_num(t, r, c + 2, e->hi, prec);
}

static void level(struct rt_table *t, long r, int c, const struct rs_est *e)
{
	if (!isnan(e->level))	/* 93.75 reads 93.8, 96.875 reads 96.9 */
		rt_set(t, r, c, "%.3g", 100 * e->level);
}

/* The four tables of env @env: cost, baseline, gp, lost (and unavailable ops). */
static int env_tables(struct rt_doc *d, const struct rs_result *res, int env)
{
	static const char *const cost_cols[] = { "context", "op", "runs", "ci%", "min_ns",
		"min_lo", "min_hi", "p50_ns", "p50_lo", "p50_hi", "mean_ns", "mean_lo", "mean_hi",
		"net_min", "net_lo", "net_hi", "p99_ns", NULL };
	static const char *const gp_cols[] = { "kind", "load", "runs", "count", "min", "p50",
		"p90", "p99", "p999", "max", "mean", "pctl", NULL };
	static const char *const lost_cols[] = { "context", "op", "runs", "expected",
		"observed", "lost", "lost_pct", "events", NULL };
	const struct rs_env *ev = &res->envs[env];
	const char *envname = ev->env;
	struct rt_table *t;
	char what[RP_NAME + 32];
	size_t i;
	long r;
	int nsame = 0, ntested = 0, nuntested = 0, nhist = 0, nrun = 0, np50 = 0;

	/* cost */
	if (!(t = newtab(d, res, env, "cost", "read-side cost per op", rs_unit(envname))))
		return -1;
	rt_cols(t, cost_cols, 2);
	if (ev->invalid)
		rt_note(t, "%d read/lost record%s skipped: valid not 'ok' (a CPU offline "
			"or a reader moved during the phase, or no batch)", ev->invalid,
			ev->invalid == 1 ? "" : "s");
	if (ev->dropped)
		rt_note(t, "%d duplicate (boot, run) pair%s dropped", ev->dropped,
			ev->dropped == 1 ? "" : "s");
	for (i = 0; i < res->ncosts; i++) {
		const struct rs_cost *k = &res->costs[i];

		if (k->env != env)
			continue;
		r = rt_row(t);
		rt_set(t, r, 0, "%s", k->context);
		rt_set(t, r, 1, "%s", k->op);
		rt_set(t, r, 2, "%d", k->runs);
		level(t, r, 3, &k->min);
		est3(t, r, 4, &k->min, 3);
		est3(t, r, 7, &k->p50, 3);
		est3(t, r, 10, &k->mean, 3);
		est3(t, r, 13, &k->net, 3);
		rt_num(t, r, 16, k->p99.point, 3);
		np50 += k->net_stat && !strcmp(k->net_stat, "p50");
	}
	if (np50)
		rt_note(t, "net_min of %d row%s is p50 - empty's p50: no CPU had a min_ns "
			"above 0 in both (an older module's minimum over every batch)", np50,
			np50 == 1 ? "" : "s");

	/* unavailable ops */
	if (!(t = newtab(d, res, env, "unavailable", "unavailable ops", "-")))
		return -1;
	t->notes[0] = '\0';
	rt_col(t, "op", RT_KEY, NULL, NULL);
	rt_col(t, "reason", 0, NULL, NULL);
	for (i = 0; i < res->nunavail; i++) {
		if (res->unavail[i].env != env)
			continue;
		r = rt_row(t);
		rt_set(t, r, 0, "%s", res->unavail[i].op);
		rt_set(t, r, 1, "%s", res->unavail[i].reason);
	}

	/* baseline */
	np50 = 0;
	snprintf(what, sizeof(what), "overhead vs baseline %s", res->baseline);
	if (!(t = newtab(d, res, env, "baseline", what, rs_unit(envname))))
		return -1;
	rt_col(t, "context", RT_KEY, NULL, NULL);
	rt_col(t, "op", RT_KEY, NULL, NULL);
	rt_col(t, "code", 0, "-", "codegen: same or differs from the baseline's loop");
	rt_col(t, "stat", 0, "-", "the statistic compared");
	rt_col(t, "ratio", RT_NUM, "ratio", "op/baseline of the statistic");
	rt_col(t, "r_lo", RT_NUM, "ratio", "interval of the ratio");
	rt_col(t, "r_hi", RT_NUM, "ratio", "interval of the ratio");
	rt_col(t, "delta", RT_NUM, NULL, "op - baseline");
	rt_col(t, "d_lo", RT_NUM, NULL, "interval of the delta");
	rt_col(t, "d_hi", RT_NUM, NULL, "interval of the delta");
	rt_col(t, "ci%", RT_NUM, "%", "coverage of the interval");
	rt_col(t, "p", RT_NUM, "-", "p-value");
	rt_col(t, "q", RT_NUM, "-", "Benjamini-Hochberg q");
	rt_col(t, "sig", 0, "-", NULL);
	for (i = 0; i < res->ncosts; i++) {
		const struct rs_cost *k = &res->costs[i];

		if (k->env != env || !k->delta.n)
			continue;
		r = rt_row(t);
		rt_set(t, r, 0, "%s", k->context);
		rt_set(t, r, 1, "%s", k->op);
		rt_set(t, r, 2, "%s", k->same_code < 0 ? "-" : k->same_code ? "same" : "differs");
		rt_set(t, r, 3, "%s", k->stat ? k->stat : "-");
		est3(t, r, 4, &k->ratio, 3);
		est3(t, r, 7, &k->delta, 3);
		level(t, r, 10, &k->ratio);
		if (!isnan(k->p))
			rt_set(t, r, 11, "%.2g", k->p);
		if (!isnan(k->q))
			rt_set(t, r, 12, "%.2g", k->q);
		rt_set(t, r, 13, "%s", k->sig == 1 ? "sig" : k->small ? "<2%" :
		       k->sig == 0 ? "n.s." : k->same_code == 1 ? "same-code" : "-");
		nsame += k->same_code == 1;
		np50 += k->stat && !strcmp(k->stat, "p50");
		ntested += k->sig >= 0;
		nuntested += k->sig < 0 && k->same_code != 1;
	}
	if (nsame)
		rt_note(t, "code=same: the two loops are the same instructions (codegen records); "
			"such rows are never tested (sig=same-code)");
	if (np50)
		rt_note(t, "stat=p50: no CPU had a min_ns above 0 in both ops (the clock did not "
			"advance over a batch: an older module's minimum over every batch), so the row "
			"compares p50");
	{	/* a baseline replicate far from the others */
		char n[900];
		size_t l = 0;

		n[0] = '\0';
		for (i = 0; i < res->ncosts; i++) {
			const struct rs_cost *k = &res->costs[i];

			if (k->env != env || strcmp(k->op, res->baseline) || isnan(k->odd) ||
			    !(fabs(log(k->odd)) > log(1.25)) || !k->odd_file || l + 200 > sizeof(n))
				continue;
			l += snprintf(n + l, sizeof(n) - l, "%s%s %.2fx in run %ld of %s", l ? ", " : "",
				      k->context, k->odd, k->odd_run, k->odd_file);
		}
		if (l)
			rt_note(t, "%s: the baseline's min in that replicate against the "
				"median of its replicates (the host busy for that phase?); its comparisons are "
				"off, and from 5 replicates the trimmed test drops one such replicate", n);
	}
	if (nuntested && !ntested)
		rt_note(t, "no significance: %d replicate%s (a replicate is a (boot, run); "
			"the CPUs of one run are not replicates); it takes %d or more runs or boots",
			ev->runs, ev->runs == 1 ? "" : "s", RS_MIN_REPS);

	/* gp */
	if (!(t = newtab(d, res, env, "gp", "grace-period latency", rs_gp_unit(envname))))
		return -1;
	rt_cols(t, gp_cols, 2);
	t->cols[11].flags = 0;	/* pctl: text */
	for (i = 0; i < res->ngps; i++) {
		const struct rs_gp *g = &res->gps[i];

		if (g->env != env)
			continue;
		r = rt_row(t);
		rt_set(t, r, 0, "%s", g->kind);
		rt_set(t, r, 1, "%s", g->load);
		rt_set(t, r, 2, "%d", g->runs);
		rt_num(t, r, 3, g->count, 0);
		rt_num(t, r, 4, g->min, 0);
		rt_num(t, r, 5, g->p50, 0);
		rt_num(t, r, 6, g->p90, 0);
		rt_num(t, r, 7, g->p99, 0);
		rt_num(t, r, 8, g->p999, 0);
		rt_num(t, r, 9, g->max, 0);
		rt_num(t, r, 10, g->mean, 0);
		rt_set(t, r, 11, "%s", !(g->count > 0) ? "-" : g->pooled ? "pooled" : "per-run");
		nhist += g->count > 0 && g->pooled;
		nrun += g->count > 0 && !g->pooled;
	}
	if (nhist)
		rt_note(t, "pctl=pooled: percentiles of the histogram pooled over runs (gphist records), "
			"linear within a bucket; min, max, mean exact");
	if (nrun)
		rt_note(t, "pctl=per-run: no gphist records, percentiles are count-weighted means of the "
			"per-run percentiles, not percentiles of the pooled grace periods");

	/* lost */
	if (!(t = newtab(d, res, env, "lost", "lost updates (totals over runs and CPUs)", "increments")))
		return -1;
	rt_cols(t, lost_cols, 2);
	for (i = 0; i < res->nlosts; i++) {
		const struct rs_lost *l = &res->losts[i];

		if (l->env != env)
			continue;
		r = rt_row(t);
		rt_set(t, r, 0, "%s", l->context);
		rt_set(t, r, 1, "%s", l->op);
		rt_set(t, r, 2, "%d", l->runs);
		rt_num(t, r, 3, l->expected, 0);
		rt_num(t, r, 4, l->observed, 0);
		rt_num(t, r, 5, l->lost, 0);
		if (l->expected > 0)
			rt_set(t, r, 6, "%.3g", 100 * l->lost / l->expected);
		rt_num(t, r, 7, l->events, 0);
	}
	return 0;
}

static void unit(struct rt_table *t, const char *col, const char *u)
{
	int c = rt_find(t, col);

	if (c >= 0)
		snprintf(t->cols[c].unit, sizeof(t->cols[c].unit), "%s", u);
}

/* every env's tables, then ordered by section as the report always was:
 * every env's cost table, then every env's baseline table, ... */
int ro_tables(struct rt_doc *d, const struct rs_result *res)
{
	static const char *const order[] = { "cost", "unavailable", "baseline", "gp", "lost" };
	size_t e, first = d->n, i, j, n = 0;
	struct rt_table **v;

	for (e = 0; e < res->nenvs; e++)
		if (env_tables(d, res, (int)e))
			return -1;
	v = malloc((d->n - first + 1) * sizeof(*v));
	if (!v)
		return -1;
	for (j = 0; j < 5; j++)
		for (i = first; i < d->n; i++)
			if (!strcmp(d->v[i]->section, order[j]))
				v[n++] = d->v[i];
	memcpy(d->v + first, v, n * sizeof(*v));
	free(v);
	for (i = first; i < d->n; i++) {
		unit(d->v[i], "runs", "replicates");
		unit(d->v[i], "ci%", "%");
		unit(d->v[i], "lost_pct", "%");
		unit(d->v[i], "events", "events");
		if (!strcmp(d->v[i]->section, "gp"))
			unit(d->v[i], "count", "grace periods");
	}
	return 0;
}

/* ---- JSON ---- */

static json_t *jnum(double v)
{
	return isnan(v) || isinf(v) ? json_null() : json_real(v);
}

static json_t *jest(const struct rs_est *e)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:i}", "point", jnum(e->point), "ci_lo", jnum(e->lo),
			 "ci_hi", jnum(e->hi), "ci_level", jnum(e->level), "n", e->n);
}

static int write_json(FILE *out, const struct rs_result *res, const struct rt_doc *d)
{
	json_t *root, *groups, *tables = rt_json(d);
	size_t e, i;
	int ret;

	groups = json_array();
	/* groups: the statistics of each (arch, kernel, env); tables: every
	 * section of the report as the table model has it (see report_table.h) */
	root = tables ? json_pack("{s:i, s:s, s:s, s:o, s:o}", "schema", 2, "baseline", res->baseline,
				  "legend", ro_legend(res), "groups", groups, "tables", tables) : NULL;
	if (!root) {	/* json_pack consumed its 'o' values, also on failure */
		if (!tables)
			json_decref(groups);
		return -1;
	}
	for (e = 0; e < res->nenvs; e++) {
		const struct rs_env *v = &res->envs[e];
		json_t *costs = json_array(), *gps = json_array(), *losts = json_array();
		json_t *un = json_array();

		json_array_append_new(groups, json_pack(
			"{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:i, s:i, s:i, s:i, s:o, s:o, s:o, s:o}",
			"arch", v->arch, "kernel", v->kernel, "env", v->env,
			"host", v->host, "machine", v->machine, "cpu_model", v->cpu_model,
			"unit", rs_unit(v->env), "gp_unit", rs_gp_unit(v->env),
			"runs", v->runs, "boots", v->boots, "dropped", v->dropped,
			"cpus", v->ncpus, "costs", costs, "gp", gps,
			"lost", losts, "unavailable", un));
		for (i = 0; i < res->ncosts; i++) {
			const struct rs_cost *k = &res->costs[i];

			if (k->env != (int)e)
				continue;
			json_array_append_new(costs, json_pack(
				"{s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s?, s:o, s:o, s:o, s:s?, s:o, s:o, s:o}",
				"context", k->context, "op", k->op, "runs", k->runs,
				"min", jest(&k->min), "p50", jest(&k->p50), "p99", jest(&k->p99),
				"mean", jest(&k->mean), "net", jest(&k->net), "delta", jest(&k->delta),
				"ratio", jest(&k->ratio), "stat", k->stat, "p", jnum(k->p), "q", jnum(k->q),
				"significant", k->sig < 0 ? json_null() : json_boolean(k->sig),
				"not_tested", k->sig < 0 ? k->why : NULL,
				"same_code", k->same_code < 0 ? json_null() : json_boolean(k->same_code),
				"cpu_min", jnum(k->cpu_min), "cpu_max", jnum(k->cpu_max)));
			/* the smallest batch of any read record: under TCG icount, the op's
			 * exact instruction count (the across-arches tables use it) */
			json_object_set_new(json_array_get(costs, json_array_size(costs) - 1),
					    "bmin", jnum(k->bmin));
		}
		for (i = 0; i < res->ngps; i++) {
			const struct rs_gp *g = &res->gps[i];

			if (g->env != (int)e)
				continue;
			json_array_append_new(gps, json_pack(
				"{s:s, s:s, s:i, s:b, s:f, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
				"kind", g->kind, "load", g->load, "runs", g->runs, "pooled", g->pooled,
				"count", g->count, "min", jnum(g->min), "p50", jnum(g->p50),
				"p90", jnum(g->p90), "p99", jnum(g->p99), "p999", jnum(g->p999),
				"max", jnum(g->max), "mean", jnum(g->mean)));
		}
		for (i = 0; i < res->nlosts; i++) {
			const struct rs_lost *l = &res->losts[i];

			if (l->env != (int)e)
				continue;
			json_array_append_new(losts, json_pack(
				"{s:s, s:s, s:i, s:f, s:f, s:f, s:o}", "context", l->context,
				"op", l->op, "runs", l->runs, "expected", l->expected,
				"observed", l->observed, "lost", l->lost, "events", jnum(l->events)));
		}
		for (i = 0; i < res->nunavail; i++)
			if (res->unavail[i].env == (int)e)
				json_array_append_new(un, json_pack("{s:s, s:s}",
					"op", res->unavail[i].op, "reason", res->unavail[i].reason));
	}
	ret = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return ret;
}

int ro_write_doc(FILE *out, enum ro_format fmt, const struct rs_result *res,
		 const struct rt_doc *d)
{
	int ret;

	if (fmt == RO_JSON)
		ret = write_json(out, res, d);
	else
		ret = rt_print(out, (enum rt_format)fmt, d);
	if (fmt == RO_TABLE)	/* CSV: data lines only (the legend is in JSON) */
		fprintf(out, "# %s\n", ro_legend(res));
	else if (fmt == RO_MD)
		fprintf(out, "_%s_\n", ro_legend(res));
	if (ferror(out))
		ret = -1;
	return ret;
}

int ro_write(FILE *out, enum ro_format fmt, const struct rs_result *res)
{
	struct rt_doc d = { 0 };
	int ret = ro_tables(&d, res) || rc_tables(&d, res) || rv_tables(&d, res) ? -1 :
		  ro_write_doc(out, fmt, res, &d);

	rt_doc_free(&d);
	return ret;
}
