// SPDX-License-Identifier: GPL-2.0
/* report_arch: see report_arch.h. */
#include "report_arch.h"

#include <math.h>
#include <string.h>

#define W 13	/* width of a per-arch cell: "12345678(48%)" */

size_t ra_arches(const struct rs_result *res, struct ra_arch *out)
{
	size_t e, i, n = 0;

	/* timed envs first, one column each; then icount-only arches */
	for (int pass = 0; pass < 2; pass++) {
		for (e = 0; e < res->nenvs; e++) {
			const struct rs_env *v = &res->envs[e];
			int ic = !strcmp(v->env, "tcg-icount");

			if (ic != pass)
				continue;
			for (i = 0; i < n; i++)
				if (!strcmp(out[i].arch, v->arch) && !strcmp(out[i].kernel, v->kernel))
					break;
			if (i < n && (ic ? out[i].icount < 0 : out[i].timed < 0)) {
				*(ic ? &out[i].icount : &out[i].timed) = (int)e;
				continue;
			}
			if (i < n && ic)
				continue;	/* a second icount env: the first one stands */
			if (n == RA_MAX)
				continue;
			out[n] = (struct ra_arch){ v->arch, v->kernel, ic ? -1 : (int)e, ic ? (int)e : -1 };
			n++;
		}
	}
	/* icount results of an arch+kernel that has several timed envs: to each */
	for (i = 0; i < n; i++)
		for (e = 0; e < n && out[i].icount < 0; e++)
			if (!strcmp(out[i].arch, out[e].arch) && !strcmp(out[i].kernel, out[e].kernel))
				out[i].icount = out[e].icount;
	return n;
}

static const char *col_env_name(const struct rs_result *res, const struct ra_arch *a)
{
	return a->timed >= 0 ? res->envs[a->timed].env : "tcg-icount";
}

void ra_label(const struct rs_result *res, const struct ra_arch *a, size_t n, size_t i,
	      char *buf, size_t len)
{
	const char *env = col_env_name(res, &a[i]);
	size_t j;
	int same = 0;

	for (j = 0; j < n; j++)
		same |= j != i && !strcmp(a[j].arch, a[i].arch) &&
			!strcmp(col_env_name(res, &a[j]), env);
	if (same)
		snprintf(buf, len, "%s/%s/%s", a[i].arch, env, a[i].kernel);
	else
		snprintf(buf, len, "%s/%s", a[i].arch, env);
}

size_t ra_narch(const struct ra_arch *a, size_t n)
{
	size_t i, j, d = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i && strcmp(a[i].arch, a[j].arch); j++)
			;
		d += j == i;
	}
	return d;
}

double ra_icount_net(const struct rs_result *res, int env, const char *ctx, const char *op)
{
	const struct rs_cost *c = rs_find_cost(res, env, ctx, op), *e = rs_find_cost(res, env, ctx, "empty");

	return c && e ? c->bmin - e->bmin : NAN;
}

static const char *const ctxs[] = { "process", "softirq", "hardirq" };

/* a number right-aligned in @w, or '-' */
static void num(FILE *o, int w, int prec, double v)
{
	if (isnan(v))
		fprintf(o, " %*s", w, "-");
	else	/* no "-0.00" */
		fprintf(o, " %*.*f", w, prec, fabs(v) < 0.5 * pow(10, -prec) ? 0.0 : v);
}

static void cell(FILE *o, double v, int prec)
{
	num(o, W, prec, v);
}

/* the env name of the timed columns when they all agree, else "timed" */
static const char *timed_name(const struct rs_result *res, const struct ra_arch *a, size_t n)
{
	const char *name = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (a[i].timed < 0)
			continue;
		if (name && strcmp(name, res->envs[a[i].timed].env))
			return "timed";
		name = res->envs[a[i].timed].env;
	}
	return name ? name : "timed";
}

/* the names of the columns, with the kernel when an arch has several */
static void head(FILE *o, const struct ra_arch *a, size_t n, const char *first)
{
	size_t i;

	fprintf(o, "# %-22s", first);
	for (i = 0; i < n; i++)
		fprintf(o, " %*s", W, a[i].arch);
	fputc('\n', o);
}

/* a column's env: its timed one, else its icount one (the meta they share) */
static const struct rs_env *col_env(const struct rs_result *res, const struct ra_arch *a)
{
	return &res->envs[a->timed >= 0 ? a->timed : a->icount];
}

static void columns(FILE *o, const struct rs_result *res, const struct ra_arch *a, size_t n)
{
	size_t i;

	fprintf(o, "# columns:");
	for (i = 0; i < n; i++) {
		const struct rs_env *e = col_env(res, &a[i]);

		fprintf(o, " %s=%s(%s%s%s%s%s)", a[i].arch, a[i].kernel,
			a[i].timed >= 0 ? res->envs[a[i].timed].env : "",
			a[i].timed >= 0 && a[i].icount >= 0 ? "+" : "",
			a[i].icount >= 0 ? "tcg-icount" : "",
			e->preempt ? ",preempt=" : "", e->preempt ? e->preempt : "");
	}
	fputc('\n', o);
	/* what this_cpu_*() and preempt_enable() cost depends on it */
	for (i = 1; i < n; i++) {
		const struct rs_env *e0 = col_env(res, &a[0]), *e = col_env(res, &a[i]);

		if (e0->preempt && e->preempt && strcmp(e0->preempt, e->preempt)) {
			fprintf(o, "# note: the columns' kernels differ in preemption model: preempt_disable()/"
				"preempt_enable() pairs (arm64 this_cpu_inc, preempt_inc) cost more under full or lazy preemption\n");
			break;
		}
	}
}

static int has_op(const struct rs_result *res, const struct ra_arch *a, size_t n, int icount,
		  const char *ctx, const char *op)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rs_find_cost(res, icount ? a[i].icount : a[i].timed, ctx, op))
			return 1;
	return 0;
}

/* this_cpu_inc vs __this_cpu_inc, one row per arch and context */
static void inc_table(FILE *o, const struct rs_result *res, const struct ra_arch *a, size_t n)
{
	size_t i, k;

	fprintf(o, "\n## across architectures: this_cpu_inc vs __this_cpu_inc per context\n"
		"# timed: min ns/op of each (median over replicates of the per-run median over CPUs of the"
		" smallest batch; env tcg: emulated, TCG -- not hardware time), ratio paired per CPU with"
		" its interval and sig (see legend; same = the two loops are the same code, never tested);"
		" icount: instructions/op beyond the empty loop (TCG icount, smallest batch),"
		" extra = this_cpu_inc - __this_cpu_inc\n");
	fprintf(o, "# %-8s %-24s %-10s %-8s %9s %9s %6s %6s %6s %4s %9s %9s %6s\n", "arch", "kernel",
		"env", "context", "this_ns", "__this_ns", "ratio", "r_lo", "r_hi", "sig",
		"this_ins", "__this_in", "extra");
	for (i = 0; i < n; i++) {
		for (k = 0; k < 3; k++) {
			const struct rs_cost *t = rs_find_cost(res, a[i].timed, ctxs[k], "this_cpu_inc");
			const struct rs_cost *u = rs_find_cost(res, a[i].timed, ctxs[k], "__this_cpu_inc");
			double it = ra_icount_net(res, a[i].icount, ctxs[k], "this_cpu_inc");
			double iu = ra_icount_net(res, a[i].icount, ctxs[k], "__this_cpu_inc");
			int paired = t && !strcmp(res->baseline, "__this_cpu_inc") && t->ratio.n;
			double ratio = paired ? t->ratio.point :
				       t && u ? t->min.point / u->min.point : NAN;

			if (!t && !u && isnan(it) && isnan(iu))
				continue;
			fprintf(o, "  %-8s %-24s %-10s %-8s", a[i].arch, a[i].kernel,
				a[i].timed >= 0 ? res->envs[a[i].timed].env : "-", ctxs[k]);
			num(o, 9, 3, t ? t->min.point : NAN);
			num(o, 9, 3, u ? u->min.point : NAN);
			num(o, 6, 3, ratio);
			num(o, 6, 3, paired ? t->ratio.lo : NAN);
			num(o, 6, 3, paired ? t->ratio.hi : NAN);
			fprintf(o, " %4s", !paired ? "-" : t->same_code == 1 ? "same" :
				t->sig < 0 ? "-" : t->sig ? "sig" : "n.s.");
			num(o, 9, 2, it);
			num(o, 9, 2, iu);
			num(o, 6, 2, it - iu);
			fputc('\n', o);
		}
	}
}

/* the op matrix: one row per (op, context), one column per arch */
static void op_matrix(FILE *o, const struct rs_result *res, const struct ra_arch *a, size_t n,
		      int icount)
{
	const char *ops[64];
	size_t i, j, k, nops = 0;
	int any = 0;

	for (i = 0; i < res->ncosts; i++) {	/* ops in first-appearance order */
		const char *op = res->costs[i].op;

		for (j = 0; j < n; j++)
			if (res->costs[i].env == (icount ? a[j].icount : a[j].timed))
				break;
		if (j == n || !strcmp(op, "empty"))
			continue;
		for (k = 0; k < nops && strcmp(ops[k], op); k++)
			;
		if (k == nops && nops < 64)
			ops[nops++] = op;
	}
	for (i = 0; i < nops; i++) {
		for (k = 0; k < 3; k++) {
			if (!has_op(res, a, n, icount, ctxs[k], ops[i]))
				continue;
			if (!any++) {
				if (icount)
					fprintf(o, "\n## across architectures: instructions/op beyond the empty loop"
						" (TCG icount, smallest batch; '-' = not run or not in this kernel)\n");
				else
					fprintf(o, "\n## across architectures: ns/op beyond the empty loop (timed env"
						" of each column; tcg: emulated, TCG -- not hardware time; min - empty's"
						" min paired per CPU, median over replicates)\n");
				head(o, a, n, "op context");
			}
			fprintf(o, "  %-14s %-7s", ops[i], ctxs[k]);
			for (j = 0; j < n; j++) {
				const struct rs_cost *c = rs_find_cost(res, icount ? a[j].icount : a[j].timed,
								  ctxs[k], ops[i]);

				if (icount)
					cell(o, ra_icount_net(res, a[j].icount, ctxs[k], ops[i]), 2);
				else
					cell(o, c && c->net.n ? c->net.point : NAN, 2);
			}
			fputc('\n', o);
		}
	}
}

/* lost updates: one row per (op, env kind), one column per arch */
static void lost_matrix(FILE *o, const struct rs_result *res, const struct ra_arch *a, size_t n)
{
	const char *ops[64];
	size_t i, j, k, nops = 0;
	int any = 0;

	for (i = 0; i < res->nlosts; i++) {
		for (k = 0; k < nops && strcmp(ops[k], res->losts[i].op); k++)
			;
		if (k == nops && nops < 64)
			ops[nops++] = res->losts[i].op;
	}
	for (int ic = 0; ic < 2; ic++) {
		for (i = 0; i < nops; i++) {
			int have = 0;

			for (j = 0; j < n; j++)
				for (k = 0; k < res->nlosts; k++)
					have |= res->losts[k].env == (ic ? a[j].icount : a[j].timed) &&
						!strcmp(res->losts[k].op, ops[i]);
			if (!have)
				continue;
			if (!any++) {
				fprintf(o, "\n## across architectures: lost updates, lost(percent of expected),"
					" summed over runs and CPUs (readers in every context at once on one"
					" counter)\n");
				head(o, a, n, "op env");
			}
			fprintf(o, "  %-14s %-7s", ops[i], ic ? "icount" : timed_name(res, a, n));
			for (j = 0; j < n; j++) {
				double lost = 0, exp = 0;
				int found = 0;
				char buf[48];

				for (k = 0; k < res->nlosts; k++)
					if (res->losts[k].env == (ic ? a[j].icount : a[j].timed) &&
					    !strcmp(res->losts[k].op, ops[i])) {
						lost += res->losts[k].lost;
						exp += res->losts[k].expected;
						found = 1;
					}
				if (!found)
					snprintf(buf, sizeof(buf), "-");
				else if (!lost)
					snprintf(buf, sizeof(buf), "0");
				else
					snprintf(buf, sizeof(buf), "%.0f(%.2g%%)", lost, exp ? 100 * lost / exp : NAN);
				fprintf(o, " %*s", W, buf);
			}
			fputc('\n', o);
		}
	}
	if (any)
		fprintf(o, "# timed TCG (no icount) takes interrupts only between translation blocks, so it never"
			" splits a read-modify-write inside one; under icount an interrupt can land at any"
			" instruction, as on hardware\n");
}

/* grace-period latency, one row per arch, kind and load */
static void gp_table(FILE *o, const struct rs_result *res, const struct ra_arch *a, size_t n)
{
	size_t i, k;
	int any = 0;

	for (i = 0; i < n; i++) {
		for (k = 0; k < res->ngps; k++) {
			const struct rs_gp *g = &res->gps[k];

			if (g->env != a[i].timed)
				continue;
			if (!any++) {
				fprintf(o, "\n## across architectures: grace-period latency, us (env tcg: emulated,"
					" TCG -- not hardware time)\n");
				fprintf(o, "# %-8s %-24s %-10s %-14s %-7s %7s %9s %9s %9s %9s\n", "arch", "kernel",
					"env", "kind", "load", "count", "p50_us", "p90_us", "p99_us", "mean_us");
			}
			fprintf(o, "  %-8s %-24s %-10s %-14s %-7s %7.0f", a[i].arch, a[i].kernel,
				res->envs[a[i].timed].env, g->kind, g->load, g->count);
			/* no grace period of this kind: '-', not nan */
			num(o, 9, 1, g->count ? g->p50 / 1e3 : NAN);
			num(o, 9, 1, g->count ? g->p90 / 1e3 : NAN);
			num(o, 9, 1, g->count ? g->p99 / 1e3 : NAN);
			num(o, 9, 1, g->count ? g->mean / 1e3 : NAN);
			fputc('\n', o);
		}
	}
}

int ra_write(FILE *out, const struct rs_result *res)
{
	struct ra_arch a[RA_MAX];
	size_t n = ra_arches(res, a);

	if (ra_narch(a, n) < 2)
		return 0;
	fprintf(out, "## across architectures: %zu columns\n", n);
	columns(out, res, a, n);
	inc_table(out, res, a, n);
	op_matrix(out, res, a, n, 1);
	op_matrix(out, res, a, n, 0);
	lost_matrix(out, res, a, n);
	gp_table(out, res, a, n);
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}
