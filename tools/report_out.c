// SPDX-License-Identifier: GPL-2.0
/*
 * report_out: every table is built as rows of text cells, then printed as
 * an aligned terminal table (header lines start with '#', data rows are one
 * line each, missing values are '-', so awk can read it), CSV or Markdown.
 * JSON is built from the numbers with jansson.
 */
#include "report_out.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAXC	20
#define CELL	RP_NAME

struct tb {
	const char *kind;	/* cost, baseline, gp, lost */
	char title[768];
	char note[1024];	/* caveats printed under the title, or "" */
	const char *unit;
	int env, ncols;
	const char *cols[MAXC];
	char (*cells)[MAXC][CELL];
	size_t nrows;
};

const char *ro_legend(const struct rs_result *res)
{
	return rs_legend(res);
}

static void num(char *dst, double v, int prec)
{
	if (isnan(v) || isinf(v))
		snprintf(dst, CELL, "-");
	else
		snprintf(dst, CELL, "%.*f", prec, v);
}

static char (*addrow(struct tb *t))[MAXC][CELL]
{
	void *p = realloc(t->cells, (t->nrows + 1) * sizeof(*t->cells));

	if (!p)
		return NULL;
	t->cells = p;
	memset(t->cells[t->nrows], 0, sizeof(*t->cells));
	return &t->cells[t->nrows++];
}

static void addnote(struct tb *t, const char *n)
{
	size_t l = strlen(t->note);

	snprintf(t->note + l, sizeof(t->note) - l, "%s%s", l ? "; " : "", n);
}

static void settitle(struct tb *t, const struct rs_result *res, const char *what,
		     const char *unit)
{
	const struct rs_env *e = &res->envs[t->env];

	t->unit = unit;
	t->note[0] = '\0';
	/* qemu runs icount vCPUs round-robin on one clock */
	if (!strcmp(e->env, "tcg-icount") && e->ncpus > 1)
		addnote(t, "icount on several vCPUs: guest time counts every vCPU's instructions, so a batch another vCPU ran inside reads those too; the smallest batch is still the op's count where one ran alone, means and percentiles are not");
	snprintf(t->title, sizeof(t->title),
		 "%s: arch=%s kernel=%s env=%s unit=%s runs=%d boots=%d cpus=%d", what,
		 e->arch, e->kernel, e->env, unit, e->runs, e->boots, e->ncpus);
}

static int set_cols(struct tb *t, const char *const *c)
{
	for (t->ncols = 0; c[t->ncols]; t->ncols++)
		t->cols[t->ncols] = c[t->ncols];
	return 0;
}

static void est3(char (*r)[MAXC][CELL], int c, const struct rs_est *e, int prec)
{
	num((*r)[c], e->point, prec);
	num((*r)[c + 1], e->lo, prec);
	num((*r)[c + 2], e->hi, prec);
}

static void level(char *dst, const struct rs_est *e)
{
	if (isnan(e->level))
		snprintf(dst, CELL, "-");
	else	/* 93.75 reads 93.8, 96.875 reads 96.9 */
		snprintf(dst, CELL, "%.3g", 100 * e->level);
}

/* Build table @kind for env @env; returns rows added or -1. */
static int build(struct tb *t, const struct rs_result *res, const char *kind, int env)
{
	static const char *const cost_cols[] = { "context", "op", "runs", "ci%", "min_ns",
		"min_lo", "min_hi", "p50_ns", "p50_lo", "p50_hi", "mean_ns", "mean_lo", "mean_hi",
		"net_min", "net_lo", "net_hi", "p99_ns", NULL };
	static const char *const base_cols[] = { "context", "op", "code", "stat", "ratio", "r_lo",
		"r_hi", "delta", "d_lo", "d_hi", "ci%", "p", "q", "sig", NULL };
	static const char *const gp_cols[] = { "kind", "load", "runs", "count", "min", "p50",
		"p90", "p99", "p999", "max", "mean", "pctl", NULL };
	static const char *const lost_cols[] = { "context", "op", "runs", "expected",
		"observed", "lost", "lost_pct", "events", NULL };
	const struct rs_env *ev = &res->envs[env];
	const char *envname = ev->env;
	char (*r)[MAXC][CELL];
	size_t i;
	int nsame = 0, ntested = 0, nuntested = 0, nhist = 0, nrun = 0, np50 = 0;

	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->env = env;
	if (!strcmp(kind, "cost")) {
		set_cols(t, cost_cols);
		settitle(t, res, "read-side cost per op", rs_unit(envname));
		if (ev->dropped) {
			char n[128];

			snprintf(n, sizeof(n), "%d duplicate (boot, run) pair%s dropped", ev->dropped,
				 ev->dropped == 1 ? "" : "s");
			addnote(t, n);
		}
		for (i = 0; i < res->ncosts; i++) {
			const struct rs_cost *k = &res->costs[i];

			if (k->env != env)
				continue;
			if (!(r = addrow(t)))
				return -1;
			snprintf((*r)[0], CELL, "%s", k->context);
			snprintf((*r)[1], CELL, "%s", k->op);
			snprintf((*r)[2], CELL, "%d", k->runs);
			level((*r)[3], &k->min);
			est3(r, 4, &k->min, 3);
			est3(r, 7, &k->p50, 3);
			est3(r, 10, &k->mean, 3);
			est3(r, 13, &k->net, 3);
			num((*r)[16], k->p99.point, 3);
		}
	} else if (!strcmp(kind, "baseline")) {
		char what[RP_NAME + 32];

		set_cols(t, base_cols);
		snprintf(what, sizeof(what), "overhead vs baseline %s", res->baseline);
		settitle(t, res, what, rs_unit(envname));
		for (i = 0; i < res->ncosts; i++) {
			const struct rs_cost *k = &res->costs[i];

			if (k->env != env || !k->delta.n)
				continue;
			if (!(r = addrow(t)))
				return -1;
			snprintf((*r)[0], CELL, "%s", k->context);
			snprintf((*r)[1], CELL, "%s", k->op);
			snprintf((*r)[2], CELL, "%s", k->same_code < 0 ? "-" : k->same_code ? "same" : "differs");
			snprintf((*r)[3], CELL, "%s", k->stat ? k->stat : "-");
			est3(r, 4, &k->ratio, 3);
			est3(r, 7, &k->delta, 3);
			level((*r)[10], &k->ratio);
			if (isnan(k->p))
				snprintf((*r)[11], CELL, "-");
			else
				snprintf((*r)[11], CELL, "%.2g", k->p);
			if (isnan(k->q))
				snprintf((*r)[12], CELL, "-");
			else
				snprintf((*r)[12], CELL, "%.2g", k->q);
			snprintf((*r)[13], CELL, "%s", k->sig == 1 ? "sig" : k->small ? "<2%" :
				 k->sig == 0 ? "n.s." :
				 k->same_code == 1 ? "same-code" : "-");
			nsame += k->same_code == 1;
			np50 += k->stat && !strcmp(k->stat, "p50");
			ntested += k->sig >= 0;
			nuntested += k->sig < 0 && k->same_code != 1;
		}
		if (nsame)
			addnote(t, "code=same: the two loops are the same instructions (codegen records); "
				"such rows are never tested (sig=same-code)");
		if (np50)
			addnote(t, "stat=p50: no CPU had a min_ns above 0 in both ops (the clock did not "
				"advance over a batch: an older module's minimum over every batch), so the row "
				"compares p50");
		if (nuntested && !ntested) {
			char n[256];

			snprintf(n, sizeof(n), "no significance: %d replicate%s (a replicate is a (boot, run); "
				 "the CPUs of one run are not replicates); it takes %d or more runs or boots",
				 ev->runs, ev->runs == 1 ? "" : "s", RS_MIN_REPS);
			addnote(t, n);
		}
	} else if (!strcmp(kind, "gp")) {
		set_cols(t, gp_cols);
		settitle(t, res, "grace-period latency", rs_gp_unit(envname));
		for (i = 0; i < res->ngps; i++) {
			const struct rs_gp *g = &res->gps[i];

			if (g->env != env)
				continue;
			if (!(r = addrow(t)))
				return -1;
			snprintf((*r)[0], CELL, "%s", g->kind);
			snprintf((*r)[1], CELL, "%s", g->load);
			snprintf((*r)[2], CELL, "%d", g->runs);
			num((*r)[3], g->count, 0);
			num((*r)[4], g->min, 0);
			num((*r)[5], g->p50, 0);
			num((*r)[6], g->p90, 0);
			num((*r)[7], g->p99, 0);
			num((*r)[8], g->p999, 0);
			num((*r)[9], g->max, 0);
			num((*r)[10], g->mean, 0);
			snprintf((*r)[11], CELL, "%s", !(g->count > 0) ? "-" : g->pooled ? "pooled" : "per-run");
			nhist += g->count > 0 && g->pooled;
			nrun += g->count > 0 && !g->pooled;
		}
		if (nhist)
			addnote(t, "pctl=pooled: percentiles of the histogram pooled over runs (gphist records), "
				"linear within a bucket; min, max, mean exact");
		if (nrun)
			addnote(t, "pctl=per-run: no gphist records, percentiles are count-weighted means of the "
				"per-run percentiles, not percentiles of the pooled grace periods");
	} else {
		set_cols(t, lost_cols);
		settitle(t, res, "lost updates (totals over runs and CPUs)", "increments");
		for (i = 0; i < res->nlosts; i++) {
			const struct rs_lost *l = &res->losts[i];

			if (l->env != env)
				continue;
			if (!(r = addrow(t)))
				return -1;
			snprintf((*r)[0], CELL, "%s", l->context);
			snprintf((*r)[1], CELL, "%s", l->op);
			snprintf((*r)[2], CELL, "%d", l->runs);
			num((*r)[3], l->expected, 0);
			num((*r)[4], l->observed, 0);
			num((*r)[5], l->lost, 0);
			if (l->expected > 0)
				snprintf((*r)[6], CELL, "%.3g", 100 * l->lost / l->expected);
			else
				snprintf((*r)[6], CELL, "-");
			num((*r)[7], l->events, 0);
		}
	}
	return (int)t->nrows;
}

static void print_table(FILE *out, const struct tb *t)
{
	int w[MAXC], c;
	size_t i;

	for (c = 0; c < t->ncols; c++) {
		w[c] = (int)strlen(t->cols[c]);
		for (i = 0; i < t->nrows; i++)
			if ((int)strlen(t->cells[i][c]) > w[c])
				w[c] = (int)strlen(t->cells[i][c]);
	}
	fprintf(out, "## %s\n", t->title);
	if (t->note[0])
		fprintf(out, "# note: %s\n", t->note);
	fputc('#', out);
	for (c = 0; c < t->ncols; c++)	/* text left, numbers right */
		fprintf(out, c < 2 ? " %-*s" : " %*s", w[c], t->cols[c]);
	fputc('\n', out);
	for (i = 0; i < t->nrows; i++) {
		fputc(' ', out);
		for (c = 0; c < t->ncols; c++)
			fprintf(out, c < 2 ? " %-*s" : " %*s", w[c], t->cells[i][c]);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void csv_cell(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\n")) {
		fputc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	} else {
		fputs(s, out);
	}
}

static void print_csv(FILE *out, const struct tb *t, const struct rs_result *res, int head)
{
	const struct rs_env *e = &res->envs[t->env];
	size_t i;
	int c;

	if (head) {
		fprintf(out, "table,arch,kernel,env,unit");
		for (c = 0; c < t->ncols; c++)
			fprintf(out, ",%s", t->cols[c]);
		fputc('\n', out);
	}
	for (i = 0; i < t->nrows; i++) {
		const char *pre[] = { t->kind, e->arch, e->kernel, e->env, t->unit };

		for (c = 0; c < 5; c++) {
			if (c)
				fputc(',', out);
			csv_cell(out, pre[c]);
		}
		for (c = 0; c < t->ncols; c++) {
			fputc(',', out);
			csv_cell(out, t->cells[i][c]);
		}
		fputc('\n', out);
	}
}

static void print_md(FILE *out, const struct tb *t)
{
	size_t i;
	int c;

	fprintf(out, "### %s\n\n", t->title);
	if (t->note[0])
		fprintf(out, "Note: %s.\n\n", t->note);
	fputc('|', out);
	for (c = 0; c < t->ncols; c++)
		fprintf(out, " %s |", t->cols[c]);
	fprintf(out, "\n|");
	for (c = 0; c < t->ncols; c++)
		fprintf(out, c < 2 ? "---|" : "--:|");
	fputc('\n', out);
	for (i = 0; i < t->nrows; i++) {
		fputc('|', out);
		for (c = 0; c < t->ncols; c++)
			fprintf(out, " %s |", t->cells[i][c]);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void unavail_line(FILE *out, const struct rs_result *res, int env, const char *pre)
{
	size_t i;
	int any = 0;

	for (i = 0; i < res->nunavail; i++) {
		if (res->unavail[i].env != env)
			continue;
		fprintf(out, "%s%s (%s)", any ? ", " : pre, res->unavail[i].op,
			res->unavail[i].reason);
		any = 1;
	}
	if (any)
		fputs("\n\n", out);
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

static int write_json(FILE *out, const struct rs_result *res)
{
	json_t *root, *groups;
	size_t e, i;
	int ret;

	groups = json_array();
	root = json_pack("{s:i, s:s, s:s, s:o}", "schema", 1, "baseline", res->baseline,
			 "legend", ro_legend(res), "groups", groups);
	if (!root)
		return -1;
	for (e = 0; e < res->nenvs; e++) {
		const struct rs_env *v = &res->envs[e];
		json_t *costs = json_array(), *gps = json_array(), *losts = json_array();
		json_t *un = json_array();

		json_array_append_new(groups, json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:o, s:o, s:o, s:o}",
			"arch", v->arch, "kernel", v->kernel, "env", v->env,
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

int ro_write(FILE *out, enum ro_format fmt, const struct rs_result *res)
{
	static const char *const kinds[] = { "cost", "baseline", "gp", "lost" };
	struct tb t;
	size_t e, k;
	int n, ret = 0;

	if (fmt == RO_JSON)
		ret = write_json(out, res);
	for (k = 0; fmt != RO_JSON && k < 4 && !ret; k++) {
		int head = 1;

		for (e = 0; e < res->nenvs && !ret; e++) {
			n = build(&t, res, kinds[k], (int)e);
			if (n < 0)
				ret = -1;
			else if (fmt == RO_CSV && n > 0)
				print_csv(out, &t, res, head), head = 0;
			else if (fmt == RO_MD && n > 0)
				print_md(out, &t);
			else if (fmt == RO_TABLE && n > 0)
				print_table(out, &t);
			free(t.cells);
			if (k == 0 && fmt == RO_TABLE)
				unavail_line(out, res, (int)e, "# unavailable ops: ");
			if (k == 0 && fmt == RO_MD)
				unavail_line(out, res, (int)e, "unavailable ops: ");
		}
		if (fmt == RO_CSV && !head)
			fputc('\n', out);
	}
	if (fmt == RO_CSV || fmt == RO_TABLE)
		fprintf(out, "# %s\n", ro_legend(res));
	else if (fmt == RO_MD)
		fprintf(out, "_%s_\n", ro_legend(res));
	if (ferror(out))
		ret = -1;
	return ret;
}
