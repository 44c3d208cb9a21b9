// SPDX-License-Identifier: GPL-2.0
/* report_side: see report_side.h. */
#include "report_side.h"
#include "report_arch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* the env of file @f (res->file_env: the group key is computed once, in rs_compute) */
static int env_of(const struct rs_result *res, const struct rp_file *files, const struct rp_file *f)
{
	return res->file_env ? res->file_env[f - files] : -1;
}

static void est(struct rt_table *t, long r, int c, const struct rs_est *e)
{
	if (!e->n) {
		rt_set(t, r, c, "missing");
		return;
	}
	rt_num(t, r, c, e->point, 3);
	rt_num(t, r, c + 1, e->lo, 3);
	rt_num(t, r, c + 2, e->hi, 3);
}

static void filekey(struct rt_key *k, const struct rp_file *f)
{
	rt_key_set(k, f->arch, f->kernel, f->env);
}

/* The values of one peer series (tool, variant, metric), sorted. */
static int series(const struct rp_file *f, const char *tool, const char *variant,
		  const char *metric, double **v)
{
	size_t i;
	int n = 0;

	*v = malloc((f->npeers + 1) * sizeof(**v));
	if (!*v)
		return -1;
	for (i = 0; i < f->npeers; i++)
		if (!strcmp(f->peers[i].tool, tool) && !strcmp(f->peers[i].variant, variant) &&
		    !strcmp(f->peers[i].metric, metric))
			(*v)[n++] = f->peers[i].value;
	rs_median(*v, n);	/* sorts */
	return n;
}

static int peers(struct rt_doc *d, const struct rp_file *files, const struct rp_file *f,
		 const struct rs_result *res)
{
	static const char *const ctxs[] = { "process", "softirq", "hardirq" };
	static const struct { const char *kind, *variant; } gps[] = {
		{ "sync", "srcu" }, { "exp", "srcu-exp" },
	};
	int env = env_of(res, files, f), n, k;
	struct rs_est rf;
	struct rt_table *t, *g;
	struct rt_key key;
	double *v, mean = 0;
	long r;

	if (env < 0)
		return 0;
	filekey(&key, f);
	t = rt_new(d, "peers", &key, rs_unit(f->env),
		   "srcubench vs the kernel's refscale/rcuscale, same boot: arch=%s kernel=%s env=%s unit=%s",
		   f->arch, f->kernel, f->env, rs_unit(f->env));
	if (!t)
		return -1;
	rt_col(t, "tool", RT_KEY, NULL, NULL);
	rt_col(t, "context", RT_KEY, NULL, NULL);
	rt_col(t, "min", RT_NUM, NULL, "srcu_read_lock+unlock: median of the replicates' min (refscale: of its runs)");
	rt_col(t, "min_lo", RT_NUM, NULL, "interval");
	rt_col(t, "min_hi", RT_NUM, NULL, "interval");
	rt_col(t, "net_min", RT_NUM, NULL, "min - empty's min");
	rt_col(t, "net_lo", RT_NUM, NULL, "interval");
	rt_col(t, "net_hi", RT_NUM, NULL, "interval");
	rt_col(t, "mean", RT_NUM, NULL, "mean over runs");
	rt_col(t, "runs", RT_NUM, "runs", NULL);
	n = series(f, "refscale", "srcu", "ns_per_loop", &v);
	if (n < 0)
		return -1;
	for (k = 0; k < n; k++)
		mean += v[k] / n;
	rf = rs_median_ci(v, n);
	for (k = 0; k < 3; k++) {
		const struct rs_cost *c = rs_find_cost(res, env, ctxs[k], "srcu");

		if (!c)
			continue;
		r = rt_row(t);
		rt_set(t, r, 0, "srcubench");
		rt_set(t, r, 1, "%s", ctxs[k]);
		est(t, r, 2, &c->min);
		est(t, r, 5, &c->net);
		rt_num(t, r, 8, c->mean.point, 3);
		rt_set(t, r, 9, "%d", c->runs);
	}
	r = rt_row(t);
	rt_set(t, r, 0, "refscale");
	rt_set(t, r, 1, "kthreads");
	if (n) {
		est(t, r, 2, &rf);
		rt_num(t, r, 8, mean, 3);
		rt_set(t, r, 9, "%d", n);
	} else {
		rt_set(t, r, 2, "missing");
	}
	free(v);
	rt_note(t, "refscale: loops+1 pairs per pass divided by loops, irqs off during a pass, loop and"
		" clock not subtracted (compare with the srcubench mean); its min is the median of its runs");

	g = rt_new(d, "peers-gp", &key, rs_gp_unit(f->env),
		   "grace periods, srcubench vs rcuscale, same boot: arch=%s kernel=%s env=%s unit=%s",
		   f->arch, f->kernel, f->env, rs_gp_unit(f->env));
	if (!g)
		return -1;
	rt_col(g, "tool", RT_KEY, NULL, NULL);
	rt_col(g, "kind", RT_KEY, NULL, NULL);
	rt_col(g, "load", RT_KEY, NULL, NULL);
	rt_col(g, "count", RT_NUM, "grace periods", NULL);
	rt_col(g, "min", RT_NUM, NULL, NULL);
	rt_col(g, "p50", RT_NUM, NULL, NULL);
	rt_col(g, "p99", RT_NUM, NULL, NULL);
	rt_col(g, "max", RT_NUM, NULL, NULL);
	for (k = 0; k < 2; k++) {
		static const char *const loads[] = { "loaded", "idle" };
		int l;

		for (l = 0; l < 2; l++) {
			const struct rs_gp *p = rs_find_gp(res, env, gps[k].kind, loads[l]);

			r = rt_row(g);
			rt_set(g, r, 0, "srcubench");
			rt_set(g, r, 1, "%s", gps[k].kind);
			rt_set(g, r, 2, "%s", loads[l]);
			if (p && p->count > 0) {
				rt_num(g, r, 3, p->count, 0);
				rt_num(g, r, 4, p->min, 0);
				rt_num(g, r, 5, p->p50, 0);
				rt_num(g, r, 6, p->p99, 0);
				rt_num(g, r, 7, p->max, 0);
			} else {
				rt_set(g, r, 3, "missing");
			}
		}
		n = series(f, "rcuscale", gps[k].variant, "gp_ns", &v);
		if (n < 0)
			return -1;
		r = rt_row(g);
		rt_set(g, r, 0, "rcuscale");
		rt_set(g, r, 1, "%s", gps[k].kind);
		rt_set(g, r, 2, "loaded");
		if (n) {
			rt_set(g, r, 3, "%d", n);
			rt_num(g, r, 4, v[0], 0);
			rt_num(g, r, 5, rs_quantile(v, n, 0.5), 0);
			rt_num(g, r, 6, rs_quantile(v, n, 0.99), 0);
			rt_num(g, r, 7, v[n - 1], 0);
		} else {
			rt_set(g, r, 3, "missing");
		}
		free(v);
	}
	rt_note(g, "rcuscale: its own idle-ish readers, normal GPs may be auto-expedited when SRCU looks"
		" idle (srcutree.exp_holdoff)");
	return 0;
}

/* perf stat A/B: per event, mean of A and B over pairs, paired ratio B/A. */
static int perf_ab(struct rt_doc *d, const struct rp_file *f)
{
	struct rt_table *t;
	struct rt_key key;
	size_t i, j;
	long pairs = 0, row;

	for (i = 0; i < f->nperfs; i++)
		if (f->perfs[i].pair > pairs)
			pairs = f->perfs[i].pair;
	filekey(&key, f);
	t = rt_new(d, "perf", &key, "-", "perf stat A/B (%ld pairs, A B A B ...): arch=%s kernel=%s env=%s",
		   pairs, f->arch, f->kernel, f->env);
	if (!t)
		return -1;
	rt_note(t, "A = %s ; B = %s", rp_meta(f, "ab.A") ?: "?", rp_meta(f, "ab.B") ?: "?");
	rt_col(t, "event", RT_KEY, NULL, NULL);
	rt_col(t, "unit", 0, NULL, NULL);
	rt_col(t, "A_mean", RT_NUM, "event unit", "mean over pairs");
	rt_col(t, "B_mean", RT_NUM, "event unit", "mean over pairs");
	rt_col(t, "B/A", RT_NUM, "ratio", "median of the per-pair ratios");
	rt_col(t, "lo", RT_NUM, "ratio", "order-statistic interval");
	rt_col(t, "hi", RT_NUM, "ratio", "order-statistic interval");
	rt_col(t, "cov%", RT_NUM, "%", "coverage of the interval");
	rt_col(t, "why", RT_WIDE, NULL, NULL);
	for (i = 0; i < f->nperfs; i++) {
		const struct rp_perf *e = &f->perfs[i];
		/* at most one ratio per A record of the event ((side, pair, event) is
		 * unique: the parser rejects duplicates), so nperfs bounds it; never
		 * size by the pair numbers, which come from the file */
		double *r, sa = 0, sb = 0;
		struct rs_est ab;
		int n = 0, na = 0, nb = 0, seen = 0;

		for (j = 0; j < i; j++)
			seen |= !strcmp(f->perfs[j].event, e->event);
		if (seen)
			continue;
		r = malloc((f->nperfs + 1) * sizeof(*r));
		if (!r)
			return -1;
		for (j = 0; j < f->nperfs; j++) {
			const struct rp_perf *a = &f->perfs[j];
			size_t m;

			if (strcmp(a->event, e->event) || strcmp(a->side, "A") || isnan(a->value))
				continue;
			sa += a->value;
			na++;
			for (m = 0; m < f->nperfs; m++) {
				const struct rp_perf *b = &f->perfs[m];

				if (!strcmp(b->event, e->event) && !strcmp(b->side, "B") &&
				    b->pair == a->pair && !isnan(b->value) && a->value > 0 &&
				    (size_t)n < f->nperfs)
					r[n++] = b->value / a->value;
			}
		}
		for (j = 0; j < f->nperfs; j++)
			if (!strcmp(f->perfs[j].event, e->event) && !strcmp(f->perfs[j].side, "B") &&
			    !isnan(f->perfs[j].value)) {
				sb += f->perfs[j].value;
				nb++;
			}
		row = rt_row(t);
		rt_set(t, row, 0, "%s", e->event);
		if (!na || !nb) {
			rt_set(t, row, 8, "%s", !strcmp(e->unit, "not-supported") ?
			       "not supported on this machine (under TCG only software events exist)" :
			       "not counted");
			free(r);
			continue;
		}
		ab = rs_median_ci(r, n);
		rt_set(t, row, 1, "%s", e->unit);
		rt_num(t, row, 2, sa / na, 2);
		rt_num(t, row, 3, sb / nb, 2);
		rt_num(t, row, 4, ab.point, 4);
		if (n > 1) {
			rt_num(t, row, 5, ab.lo, 4);
			rt_num(t, row, 6, ab.hi, 4);
			rt_set(t, row, 7, "%.3g", 100 * ab.level);
		} else {
			rt_set(t, row, 8, "1 pair: no CI");
		}
		free(r);
	}
	rt_note(t, "B/A: median of the per-pair ratios, [lo, hi]: its order-statistic interval and coverage"
		" (the report's one estimator policy, see legend); srcubench's own ns/op"
		" for each side: the read-side tables of kernel %s+A and +B", rp_meta(f, "kernel") ?: "?");
	return 0;
}

static int execs(struct rt_doc *d, const struct rp_file *files, size_t n)
{
	static const char *const ctxs[] = { "process", "softirq", "hardirq" };
	size_t i, j;
	int k;

	for (i = 0; i < n; i++) {
		const struct rp_file *f = &files[i];
		struct rt_table *t;
		struct rt_key key;

		if (!f->nexecs)
			continue;
		filekey(&key, f);
		t = rt_new(d, "exec", &key, "batches", "where each reader context really ran (batches, "
			   "from in_hardirq()/in_serving_softirq()): arch=%s kernel=%s env=%s preempt=%s",
			   f->arch, f->kernel, f->env, rp_meta(f, "preempt") ?: "-");
		if (!t)
			return -1;
		rt_col(t, "context", RT_KEY, NULL, "the context the batch was started in");
		rt_col(t, "hardirq", RT_NUM, NULL, "batches that ran in hardirq");
		rt_col(t, "softirq", RT_NUM, NULL, "batches that ran in softirq");
		rt_col(t, "task", RT_NUM, NULL, "batches that ran in task context");
		for (k = 0; k < 3; k++) {
			double h = 0, s = 0, tk = 0;
			int found = 0;
			long r;

			for (j = 0; j < f->nexecs; j++)
				if (!strcmp(f->execs[j].context, ctxs[k])) {
					h += f->execs[j].hardirq;
					s += f->execs[j].softirq;
					tk += f->execs[j].task;
					found = 1;
				}
			if (!found)
				continue;
			r = rt_row(t);
			rt_set(t, r, 0, "%s", ctxs[k]);
			rt_num(t, r, 1, h, 0);
			rt_num(t, r, 2, s, 0);
			rt_num(t, r, 3, tk, 0);
		}
	}
	return 0;
}

/*
 * icount instructions/op of @op beyond the empty loop, process context, for
 * @arch (smallest batch, as in the across-architectures tables); NAN if none
 */
static double icount_net(const struct rs_result *res, const char *arch, const char *op)
{
	size_t e;

	for (e = 0; e < res->nenvs; e++) {
		double v;

		if (strcmp(res->envs[e].arch, arch) || strcmp(res->envs[e].env, "tcg-icount"))
			continue;
		v = ra_icount_net(res, (int)e, "process", op);
		if (!isnan(v))
			return v;
	}
	return NAN;
}

/* The static code of every op's loop beside its measured instructions. */
static int codegen(struct rt_doc *d, const struct rp_file *files, size_t n,
		   const struct rs_result *res)
{
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		const struct rp_file *f = &files[i];
		struct rt_table *t, *g;
		struct rt_key key;
		double loop = NAN;
		int dup = 0;

		for (k = 0; k < i && f->ncodegens; k++)	/* one table per arch+kernel */
			dup |= files[k].ncodegens && !strcmp(files[k].arch, f->arch) &&
			       !strcmp(files[k].kernel, f->kernel);
		if (!f->ncodegens || dup)
			continue;
		rt_key_set(&key, f->arch, f->kernel, NULL);
		t = rt_new(d, "codegen", &key, "instructions",
			   "static code of each op's loop (objdump of the module that ran) beside"
			   " measured instructions/op (TCG icount, process context, smallest batch minus"
			   " the empty loop's): arch=%s kernel=%s", f->arch, f->kernel);
		if (!t)
			return -1;
		rt_col(t, "op", RT_KEY, NULL, NULL);
		rt_col(t, "loop", RT_NUM, "instructions", "static instructions of the loop");
		rt_col(t, "net", RT_NUM, "instructions", "loop minus the empty loop's");
		rt_col(t, "icount", RT_NUM, "instructions/op", "TCG icount, smallest batch minus empty's");
		rt_col(t, "code", RT_WIDE, "-", "instructions, '|' between them");
		for (j = 0; j < f->ncodegens; j++)
			if (!strcmp(f->codegens[j].op, "empty"))
				loop = f->codegens[j].insns;
		if (!strcmp(f->arch, "aarch64") && rp_meta(f, "arm64.lse_atomics"))
			rt_note(t, "arm64.lse_atomics=%s: %s", rp_meta(f, "arm64.lse_atomics"),
				strcmp(rp_meta(f, "arm64.lse_atomics"), "1") ?
				"no LSE: the LL/SC forms below ran" :
				"the CPU has LSE atomics: alternatives replaced each LL/SC sequence below"
				" (ldxr..stxr/cbnz) with its LSE form (e.g. stadd + nops, same length) and"
				" the 'b <local>' to out-of-line LL/SC with a nop before it ran");
		rt_note(t, "loop/net: static instructions of the loop / minus the empty loop's; calls"
			" (<symbol>) execute more than they show; arm64: the file holds LL/SC, LSE CPUs"
			" run the LSE alternative patched in at load (see arm64.lse_atomics)");
		for (j = 0; j < f->ncodegens; j++) {
			const struct rp_codegen *c = &f->codegens[j];
			long r = rt_row(t);

			rt_set(t, r, 0, "%s", c->op);
			rt_num(t, r, 1, c->insns, 0);
			rt_num(t, r, 2, c->insns - loop, 0);
			rt_num(t, r, 3, icount_net(res, f->arch, c->op), 3);
			rt_set(t, r, 4, "%s", c->code);
		}
		/* groups of ops whose loops are the same instructions */
		g = rt_new(d, "same-code", &key, "-", "same code (a comparison of two of them says code=same,"
			   " never tested): arch=%s kernel=%s", f->arch, f->kernel);
		if (!g)
			return -1;
		rt_col(g, "group", RT_KEY, NULL, "the group's first op");
		rt_col(g, "ops", RT_WIDE, NULL, "ops whose loops are the same instructions");
		for (j = 0; j < f->ncodegens; j++) {
			char ops[1024];
			size_t l;
			int m;

			for (k = 0; k < j && strcmp(f->codegens[k].code, f->codegens[j].code); k++)
				;
			if (k < j)
				continue;	/* reported with its group's first op */
			l = (size_t)snprintf(ops, sizeof(ops), "%s", f->codegens[j].op);
			for (k = j + 1, m = 0; k < f->ncodegens; k++) {
				if (strcmp(f->codegens[k].code, f->codegens[j].code))
					continue;
				if (l < sizeof(ops))
					l += (size_t)snprintf(ops + l, sizeof(ops) - l, " = %s", f->codegens[k].op);
				m++;
			}
			if (m) {
				long r = rt_row(g);

				rt_set(g, r, 0, "%s", f->codegens[j].op);
				rt_set(g, r, 1, "%s", ops);
			}
		}
	}
	return 0;
}

/* Grace periods timed by the module and, independently, by BPF fentry/fexit. */
static int bpfgp(struct rt_doc *d, const struct rp_file *f)
{
	struct rt_table *t;
	struct rt_key key;
	size_t i, j;

	filekey(&key, f);
	t = rt_new(d, "bpfgp", &key, rs_gp_unit(f->env), "grace periods, module vs BPF (fentry/fexit"
		   " on the same calls): arch=%s kernel=%s env=%s unit=%s",
		   f->arch, f->kernel, f->env, rs_gp_unit(f->env));
	if (!t)
		return -1;
	rt_col(t, "kind", RT_KEY, NULL, NULL);
	rt_col(t, "module", RT_NUM, "grace periods", "count timed by the module");
	rt_col(t, "bpf", RT_NUM, "grace periods", "count timed by BPF");
	rt_col(t, "equal", 0, "-", NULL);
	rt_col(t, "module_mean", RT_NUM, NULL, "count-weighted over phases");
	rt_col(t, "bpf_mean", RT_NUM, NULL, NULL);
	rt_col(t, "bpf_p50", RT_NUM, NULL, "from a <1.6% histogram");
	rt_col(t, "bpf_p99", RT_NUM, NULL, "from a <1.6% histogram");
	rt_col(t, "mean_dif%", RT_NUM, "%", "(module - bpf) / bpf");
	for (i = 0; i < f->nbpfgps; i++) {
		const struct rp_bpfgp *b = &f->bpfgps[i];
		double n = 0, sum = 0;
		long r;

		for (j = 0; j < f->ngps; j++)	/* the kind itself, not its -autoexp/-normal subsets */
			if (!strcmp(f->gps[j].kind, b->kind) && f->gps[j].count > 0) {
				n += f->gps[j].count;
				sum += f->gps[j].count * f->gps[j].mean_ns;
			}
		r = rt_row(t);
		rt_set(t, r, 0, "%s", b->kind);
		rt_num(t, r, 1, n, 0);
		rt_num(t, r, 2, b->count, 0);
		rt_set(t, r, 3, "%s", n == b->count ? "yes" : "NO");
		rt_num(t, r, 4, n ? sum / n : NAN, 0);
		rt_num(t, r, 5, b->mean_ns, 0);
		rt_num(t, r, 6, b->p50_ns, 0);
		rt_num(t, r, 7, b->p99_ns, 0);
		rt_num(t, r, 8, n && b->mean_ns ? 100.0 * (sum / n - b->mean_ns) / b->mean_ns : NAN, 2);
	}
	rt_note(t, "module: ktime around each call, per phase (count-weighted over loaded and idle phases);"
		" bpf: fentry->fexit of every call since attach, percentiles from a <1.6%% histogram");
	return 0;
}

/* nest records: how often each context interrupted each other one, summed
 * over runs and CPUs, per (arch, kernel, env) */
static int nests(struct rt_doc *d, const struct rp_file *files, size_t n, const struct rs_result *res)
{
	static const char *const ctxs[] = { "process", "softirq", "hardirq" };
	size_t e, f, j;
	int a, b;

	for (e = 0; e < res->nenvs; e++) {
		double m[3][3] = { { 0 } };
		struct rt_table *t;
		int any = 0;

		for (f = 0; f < n; f++) {
			if (res->file_env[f] != (int)e)
				continue;
			for (j = 0; j < files[f].nnests; j++) {
				const struct rp_nest *x = &files[f].nests[j];

				if (rs_dropped(res, f, x->run))
					continue;
				for (a = 0; a < 3 && strcmp(x->outer, ctxs[a]); a++)
					;
				for (b = 0; b < 3 && strcmp(x->inner, ctxs[b]); b++)
					;
				if (a < 3 && b < 3) {
					m[a][b] += x->count;
					any = 1;
				}
			}
		}
		if (!any)
			continue;
		t = rt_new(d, "nest", &res->envs[e].key, "interruptions", "context interruptions (nest "
			   "records, summed over runs and CPUs): arch=%s kernel=%s env=%s",
			   res->envs[e].arch, res->envs[e].kernel, res->envs[e].env);
		if (!t)
			return -1;
		rt_col(t, "interrupted\\by", RT_KEY, NULL, "the context interrupted");
		for (b = 0; b < 3; b++)
			rt_col(t, ctxs[b], RT_NUM, NULL, "the interrupting context");
		for (a = 0; a < 3; a++) {
			long r = rt_row(t);

			rt_set(t, r, 0, "%s", ctxs[a]);
			for (b = 0; b < 3; b++)
				rt_num(t, r, 1 + b, m[a][b], 0);
		}
	}
	return 0;
}

int rsd_tables(struct rt_doc *d, const struct rp_file *files, size_t nfiles,
	       const struct rs_result *res)
{
	size_t i;

	if (nests(d, files, nfiles, res) || execs(d, files, nfiles) ||
	    codegen(d, files, nfiles, res))
		return -1;
	for (i = 0; i < nfiles; i++) {
		if (files[i].npeers && peers(d, files, &files[i], res))
			return -1;
		if (files[i].nperfs && perf_ab(d, &files[i]))
			return -1;
		if (files[i].nbpfgps && bpfgp(d, &files[i]))
			return -1;
	}
	return 0;
}

int rsd_write(FILE *out, const struct rp_file *files, size_t nfiles,
	      const struct rs_result *res)
{
	struct rt_doc d = { 0 };
	int ret = rsd_tables(&d, files, nfiles, res) ? -1 : rt_print(out, RT_TABLE, &d);

	rt_doc_free(&d);
	return ret;
}
