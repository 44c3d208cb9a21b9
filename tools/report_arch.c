// SPDX-License-Identifier: GPL-2.0
/* report_arch: see report_arch.h. */
#include "report_arch.h"

#include <math.h>
#include <string.h>

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

/* a number, or '-' (no "-0.00") */
static void num(struct rt_table *t, long r, int c, int prec, double v)
{
	rt_num(t, r, c, isnan(v) ? NAN : fabs(v) < 0.5 * pow(10, -prec) ? 0.0 : v, prec);
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

static int kernels_differ(const struct ra_arch *a, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (strcmp(a[i].kernel, a[0].kernel))
			return 1;
	return 0;
}

/* one column per arch, named by its label; the kernels in a note when they differ */
static void arch_cols(struct rt_table *t, const struct rs_result *res, const struct ra_arch *a,
		      size_t n, const char *unit)
{
	char lab[3 * RP_NAME + 4], ks[1024];
	size_t i, l = 0;

	for (i = 0; i < n; i++) {
		ra_label(res, a, n, i, lab, sizeof(lab));
		rt_col(t, lab, RT_NUM, unit, NULL);
		if (l < sizeof(ks))
			l += (size_t)snprintf(ks + l, sizeof(ks) - l, "%s%s=%s", i ? " " : "", lab, a[i].kernel);
	}
	if (kernels_differ(a, n))
		rt_note(t, "kernels: %s", ks);
}

/* what the timed columns' envs are: "tcg: emulated, TCG -- not hardware time; kvm: ..." */
static const char *env_what(const char *env)
{
	return !strcmp(env, "tcg") ? "emulated, TCG -- not hardware time" :
	       !strcmp(env, "tcg-icount") ? "TCG icount, guest instructions" :
	       !strcmp(env, "kvm") ? "KVM guest" :
	       !strcmp(env, "vm") ? "virtual machine" :
	       !strcmp(env, "bare-metal") ? "bare metal" : "as its meta env says";
}

static const char *timed_envs(const struct rs_result *res, const struct ra_arch *a, size_t n,
			      char *buf, size_t len)
{
	size_t i, j, l = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *e;

		if (a[i].timed < 0)
			continue;
		e = res->envs[a[i].timed].env;
		for (j = 0; j < i; j++)
			if (a[j].timed >= 0 && !strcmp(res->envs[a[j].timed].env, e))
				break;
		if (j < i || l >= len)
			continue;
		l += (size_t)snprintf(buf + l, len - l, "%s%s: %s", l ? "; " : "env ", e, env_what(e));
	}
	if (!l)
		snprintf(buf, len, "no timed env");
	return buf;
}

/* a column's env: its timed one, else its icount one (the meta they share) */
static const struct rs_env *col_env(const struct rs_result *res, const struct ra_arch *a)
{
	return &res->envs[a->timed >= 0 ? a->timed : a->icount];
}

/* the columns: one row each */
static int columns(struct rt_doc *d, const struct rs_result *res, const struct ra_arch *a, size_t n)
{
	struct rt_table *t = rt_new(d, "arches", NULL, "-", "across architectures: %zu columns", n);
	char lab[3 * RP_NAME + 4];
	size_t i;

	if (!t)
		return -1;
	rt_col(t, "label", RT_KEY, NULL, "the name of the column in the tables below");
	rt_col(t, "arch", 0, NULL, NULL);
	rt_col(t, "kernel", 0, NULL, NULL);
	rt_col(t, "timed", 0, NULL, "env of its timed results");
	rt_col(t, "icount", 0, NULL, "tcg-icount results too");
	rt_col(t, "preempt", 0, NULL, NULL);
	for (i = 0; i < n; i++) {
		const struct rs_env *e = col_env(res, &a[i]);
		long r = rt_row(t);

		ra_label(res, a, n, i, lab, sizeof(lab));
		rt_set(t, r, 0, "%s", lab);
		rt_set(t, r, 1, "%s", a[i].arch);
		rt_set(t, r, 2, "%s", a[i].kernel);
		rt_set(t, r, 3, "%s", a[i].timed >= 0 ? res->envs[a[i].timed].env : "-");
		rt_set(t, r, 4, "%s", a[i].icount >= 0 ? "tcg-icount" : "-");
		rt_set(t, r, 5, "%s", e->preempt ? e->preempt : "-");
	}
	/* what this_cpu_*() and preempt_enable() cost depends on it */
	for (i = 1; i < n; i++) {
		const struct rs_env *e0 = col_env(res, &a[0]), *e = col_env(res, &a[i]);

		if (e0->preempt && e->preempt && strcmp(e0->preempt, e->preempt)) {
			rt_note(t, "the columns' kernels differ in preemption model: preempt_disable()/"
				"preempt_enable() pairs (arm64 this_cpu_inc, preempt_inc) cost more under full or lazy preemption");
			break;
		}
	}
	return 0;
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
static int inc_table(struct rt_doc *d, const struct rs_result *res, const struct ra_arch *a, size_t n)
{
	static const char *const cols[] = { "arch", "kernel", "env", "context", "this_ns", "__this_ns",
		"ratio", "r_lo", "r_hi", "sig", "this_ins", "__this_in", "extra", NULL };
	char te[512];
	struct rt_table *t = rt_new(d, "arches-inc", NULL, "ns/op",
				    "across architectures: this_cpu_inc vs __this_cpu_inc per context");
	size_t i, k;

	if (!t)
		return -1;
	rt_cols(t, cols, 4);
	t->cols[9].flags = 0;
	for (k = 6; k <= 8; k++)
		snprintf(t->cols[k].unit, sizeof(t->cols[k].unit), "ratio");
	for (k = 10; k <= 12; k++)
		snprintf(t->cols[k].unit, sizeof(t->cols[k].unit), "instructions/op");
	rt_note(t, "timed: min ns/op of each (median over replicates of the per-run median over CPUs of the"
		" smallest batch; p50 where a min_ns is 0, in older files; %s), ratio paired per CPU with its"
		" interval and sig (see legend; same = the two loops are the same code, never tested); icount:"
		" instructions/op beyond the empty loop (TCG icount, smallest batch), extra = this_cpu_inc -"
		" __this_cpu_inc", timed_envs(res, a, n, te, sizeof(te)));
	for (i = 0; i < n; i++) {
		for (k = 0; k < 3; k++) {
			const struct rs_cost *c = rs_find_cost(res, a[i].timed, ctxs[k], "this_cpu_inc");
			const struct rs_cost *u = rs_find_cost(res, a[i].timed, ctxs[k], "__this_cpu_inc");
			double it = ra_icount_net(res, a[i].icount, ctxs[k], "this_cpu_inc");
			double iu = ra_icount_net(res, a[i].icount, ctxs[k], "__this_cpu_inc");
			int paired = c && !strcmp(res->baseline, "__this_cpu_inc") && c->ratio.n;
			/* min, or p50 for both where either has none (min_ns 0: older files) */
			int p50 = (c && isnan(c->min.point)) || (u && isnan(u->min.point));
			double tv = !c ? NAN : p50 ? c->p50.point : c->min.point;
			double uv = !u ? NAN : p50 ? u->p50.point : u->min.point;
			double ratio = paired ? c->ratio.point : tv / uv;
			long r;

			if (!c && !u && isnan(it) && isnan(iu))
				continue;
			r = rt_row(t);
			rt_set(t, r, 0, "%s", a[i].arch);
			rt_set(t, r, 1, "%s", a[i].kernel);
			rt_set(t, r, 2, "%s", a[i].timed >= 0 ? res->envs[a[i].timed].env : "-");
			rt_set(t, r, 3, "%s", ctxs[k]);
			num(t, r, 4, 3, tv);
			num(t, r, 5, 3, uv);
			num(t, r, 6, 3, ratio);
			num(t, r, 7, 3, paired ? c->ratio.lo : NAN);
			num(t, r, 8, 3, paired ? c->ratio.hi : NAN);
			rt_set(t, r, 9, "%s", !paired ? "-" : c->same_code == 1 ? "same" :
			       c->sig < 0 ? "-" : c->sig ? "sig" : "n.s.");
			num(t, r, 10, 2, it);
			num(t, r, 11, 2, iu);
			num(t, r, 12, 2, it - iu);
		}
	}
	return 0;
}

/* the op matrix: one row per (op, context), one column per arch */
static int op_matrix(struct rt_doc *d, const struct rs_result *res, const struct ra_arch *a, size_t n,
		     int icount)
{
	const char *ops[64];
	char te[512];
	size_t i, j, k, nops = 0;
	struct rt_table *t = NULL;

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
			long r;

			if (!has_op(res, a, n, icount, ctxs[k], ops[i]))
				continue;
			if (!t) {
				if (icount)
					t = rt_new(d, "arches-icount", NULL, "instructions/op", "across architectures:"
						   " instructions/op beyond the empty loop (TCG icount, smallest batch;"
						   " '-' = not run or not in this kernel)");
				else
					t = rt_new(d, "arches-net", NULL, "ns/op", "across architectures: ns/op"
						   " beyond the empty loop (timed env of each column; %s; min - empty's"
						   " min paired per CPU, median over replicates)",
						   timed_envs(res, a, n, te, sizeof(te)));
				if (!t)
					return -1;
				rt_col(t, "op", RT_KEY, NULL, NULL);
				rt_col(t, "context", RT_KEY, NULL, NULL);
				arch_cols(t, res, a, n, NULL);
			}
			r = rt_row(t);
			rt_set(t, r, 0, "%s", ops[i]);
			rt_set(t, r, 1, "%s", ctxs[k]);
			for (j = 0; j < n; j++) {
				const struct rs_cost *c = rs_find_cost(res, icount ? a[j].icount : a[j].timed,
								  ctxs[k], ops[i]);

				if (icount)
					num(t, r, 2 + (int)j, 2, ra_icount_net(res, a[j].icount, ctxs[k], ops[i]));
				else
					num(t, r, 2 + (int)j, 2, c && c->net.n ? c->net.point : NAN);
			}
		}
	}
	return 0;
}

/* lost updates: one row per (op, env kind), one column per arch */
static int lost_matrix(struct rt_doc *d, const struct rs_result *res, const struct ra_arch *a, size_t n)
{
	const char *ops[64];
	size_t i, j, k, nops = 0;
	struct rt_table *t = NULL;

	for (i = 0; i < res->nlosts; i++) {
		for (k = 0; k < nops && strcmp(ops[k], res->losts[i].op); k++)
			;
		if (k == nops && nops < 64)
			ops[nops++] = res->losts[i].op;
	}
	for (int ic = 0; ic < 2; ic++) {
		for (i = 0; i < nops; i++) {
			int have = 0;
			long r;

			for (j = 0; j < n; j++)
				for (k = 0; k < res->nlosts; k++)
					have |= res->losts[k].env == (ic ? a[j].icount : a[j].timed) &&
						!strcmp(res->losts[k].op, ops[i]);
			if (!have)
				continue;
			if (!t) {
				t = rt_new(d, "arches-lost", NULL, "increments", "across architectures: lost"
					   " updates, lost(percent of expected), summed over runs and CPUs"
					   " (readers in every context at once on one counter)");
				if (!t)
					return -1;
				rt_col(t, "op", RT_KEY, NULL, NULL);
				rt_col(t, "env", RT_KEY, NULL, "icount, or the timed env");
				arch_cols(t, res, a, n, "increments");
				for (j = 0; j < n; j++)
					t->cols[2 + j].flags = 0;	/* "lost(pct%)" */
				rt_note(t, "timed TCG (no icount) takes interrupts only between translation blocks,"
					" so it never splits a read-modify-write inside one; under icount an interrupt"
					" can land at any instruction, as on hardware");
			}
			r = rt_row(t);
			rt_set(t, r, 0, "%s", ops[i]);
			rt_set(t, r, 1, "%s", ic ? "icount" : timed_name(res, a, n));
			for (j = 0; j < n; j++) {
				double lost = 0, exp = 0;
				int found = 0;

				for (k = 0; k < res->nlosts; k++)
					if (res->losts[k].env == (ic ? a[j].icount : a[j].timed) &&
					    !strcmp(res->losts[k].op, ops[i])) {
						lost += res->losts[k].lost;
						exp += res->losts[k].expected;
						found = 1;
					}
				if (!found)
					continue;
				if (!lost)
					rt_set(t, r, 2 + (int)j, "0");
				else
					rt_set(t, r, 2 + (int)j, "%.0f(%.2g%%)", lost, exp ? 100 * lost / exp : NAN);
			}
		}
	}
	return 0;
}

/* grace-period latency, one row per arch, kind and load */
static int gp_table(struct rt_doc *d, const struct rs_result *res, const struct ra_arch *a, size_t n)
{
	static const char *const cols[] = { "arch", "kernel", "env", "kind", "load", "count", "p50_us",
		"p90_us", "p99_us", "mean_us", NULL };
	struct rt_table *t = NULL;
	char te[512];
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < res->ngps; k++) {
			const struct rs_gp *g = &res->gps[k];
			long r;

			if (g->env != a[i].timed)
				continue;
			if (!t) {
				t = rt_new(d, "arches-gp", NULL, "us", "across architectures: grace-period"
					   " latency, us (%s)", timed_envs(res, a, n, te, sizeof(te)));
				if (!t)
					return -1;
				rt_cols(t, cols, 5);
				snprintf(t->cols[5].unit, sizeof(t->cols[5].unit), "grace periods");
			}
			r = rt_row(t);
			rt_set(t, r, 0, "%s", a[i].arch);
			rt_set(t, r, 1, "%s", a[i].kernel);
			rt_set(t, r, 2, "%s", res->envs[a[i].timed].env);
			rt_set(t, r, 3, "%s", g->kind);
			rt_set(t, r, 4, "%s", g->load);
			rt_num(t, r, 5, g->count, 0);
			/* no grace period of this kind: '-', not nan */
			num(t, r, 6, 1, g->count ? g->p50 / 1e3 : NAN);
			num(t, r, 7, 1, g->count ? g->p90 / 1e3 : NAN);
			num(t, r, 8, 1, g->count ? g->p99 / 1e3 : NAN);
			num(t, r, 9, 1, g->count ? g->mean / 1e3 : NAN);
		}
	}
	return 0;
}

int ra_tables(struct rt_doc *d, const struct rs_result *res)
{
	struct ra_arch a[RA_MAX];
	size_t n = ra_arches(res, a);

	if (ra_narch(a, n) < 2)
		return 0;
	return columns(d, res, a, n) || inc_table(d, res, a, n) || op_matrix(d, res, a, n, 1) ||
	       op_matrix(d, res, a, n, 0) || lost_matrix(d, res, a, n) || gp_table(d, res, a, n) ? -1 : 0;
}

int ra_write(FILE *out, const struct rs_result *res)
{
	struct rt_doc d = { 0 };
	int ret = ra_tables(&d, res) ? -1 : rt_print(out, RT_TABLE, &d);

	rt_doc_free(&d);
	return ret;
}
