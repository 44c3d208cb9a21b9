// SPDX-License-Identifier: GPL-2.0
/* report_side: see report_side.h. */
#include "report_side.h"
#include "report_arch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int env_of(const struct rs_result *res, const struct rp_file *f)
{
	size_t i;

	for (i = 0; i < res->nenvs; i++)
		if (!strcmp(res->envs[i].arch, f->arch) &&
		    !strcmp(res->envs[i].kernel, f->kernel) &&
		    !strcmp(res->envs[i].env, f->env))
			return (int)i;
	return -1;
}

static void est(FILE *o, const struct rs_est *e)
{
	if (!e->n)
		fprintf(o, " %10s %21s", "missing", "");
	else if (isnan(e->lo))
		fprintf(o, " %10.3f %21s", e->point, "");
	else
		fprintf(o, " %10.3f [%8.3f, %8.3f]", e->point, e->lo, e->hi);
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

static int peers(FILE *o, const struct rp_file *f, const struct rs_result *res)
{
	static const char *const ctxs[] = { "process", "softirq", "hardirq" };
	static const struct { const char *kind, *variant; } gps[] = {
		{ "sync", "srcu" }, { "exp", "srcu-exp" },
	};
	int env = env_of(res, f), n, k;
	struct rs_est rf;
	double *v, mean = 0;
	const char *unit;

	if (env < 0)
		return 0;
	unit = rs_unit(f->env);
	fprintf(o, "\n## srcubench vs the kernel's refscale/rcuscale, same boot: arch=%s kernel=%s env=%s unit=%s\n",
		f->arch, f->kernel, f->env, unit);
	n = series(f, "refscale", "srcu", "ns_per_loop", &v);
	if (n < 0)
		return -1;
	for (k = 0; k < n; k++)
		mean += v[k] / n;
	rf = rs_median_ci(v, n);
	fprintf(o, "# srcu_read_lock+unlock   %10s %21s %10s %21s\n", "min", "interval", "net_min", "interval");
	for (k = 0; k < 3; k++) {
		const struct rs_cost *c = rs_find_cost(res, env, ctxs[k], "srcu");

		if (!c)
			continue;
		fprintf(o, "  srcubench %-14s", ctxs[k]);
		est(o, &c->min);
		est(o, &c->net);
		fprintf(o, "  (mean %.3f)\n", c->mean.point);
	}
	if (n)
	{
		fprintf(o, "  refscale  %-14s", "kthreads");
		est(o, &rf);
		fprintf(o, " %10s %21s  (median of %d runs; mean %.3f)\n", "-", "", n, mean);
	}
	else
		fprintf(o, "  refscale  %-14s %10s\n", "kthreads", "missing");
	free(v);
	fprintf(o, "# grace periods           %6s %12s %12s %12s %12s\n", "count", "min", "p50", "p99", "max");
	for (k = 0; k < 2; k++) {
		static const char *const loads[] = { "loaded", "idle" };
		int l;

		for (l = 0; l < 2; l++) {
			const struct rs_gp *g = rs_find_gp(res, env, gps[k].kind, loads[l]);

			if (g && g->count > 0)
				fprintf(o, "  srcubench %-4s %-8s %6.0f %12.0f %12.0f %12.0f %12.0f\n",
					gps[k].kind, loads[l], g->count, g->min, g->p50, g->p99, g->max);
			else
				fprintf(o, "  srcubench %-4s %-8s %6s\n", gps[k].kind, loads[l], "missing");
		}
		n = series(f, "rcuscale", gps[k].variant, "gp_ns", &v);
		if (n < 0)
			return -1;
		if (n)
			fprintf(o, "  rcuscale  %-4s %-8s %6d %12.0f %12.0f %12.0f %12.0f\n",
				gps[k].kind, "loaded", n, v[0], rs_quantile(v, n, 0.5), rs_quantile(v, n, 0.99), v[n - 1]);
		else
			fprintf(o, "  rcuscale  %-4s %-8s %6s\n", gps[k].kind, "loaded", "missing");
		free(v);
	}
	fprintf(o, "# refscale: loops+1 pairs per pass divided by loops, irqs off during a pass, loop and"
		" clock not subtracted (compare with the srcubench mean); rcuscale: its own idle-ish readers, normal GPs"
		" may be auto-expedited when SRCU looks idle (srcutree.exp_holdoff)\n");
	return 0;
}

/* perf stat A/B: per event, mean of A and B over pairs, paired ratio B/A. */
static int perf_ab(FILE *o, const struct rp_file *f, const struct rs_result *res)
{
	size_t i, j;
	long pairs = 0;

	for (i = 0; i < f->nperfs; i++)
		if (f->perfs[i].pair > pairs)
			pairs = f->perfs[i].pair;
	fprintf(o, "\n## perf stat A/B (%ld pairs, A B A B ...): arch=%s kernel=%s env=%s\n",
		pairs, f->arch, f->kernel, f->env);
	fprintf(o, "# A = %s ; B = %s\n", rp_meta(f, "ab.A") ?: "?", rp_meta(f, "ab.B") ?: "?");
	fprintf(o, "# %-18s %-8s %14s %14s %8s %19s\n", "event", "unit", "A_mean", "B_mean", "B/A", "interval  cov");
	for (i = 0; i < f->nperfs; i++) {
		const struct rp_perf *e = &f->perfs[i];
		/* at most one ratio per A record of the event ((side, pair, event) is
		 * unique: the parser rejects duplicates), so nperfs bounds it; never
		 * size by the pair numbers, which come from the file */
		double *r = malloc((f->nperfs + 1) * sizeof(*r)), sa = 0, sb = 0;
		struct rs_est ab;
		int n = 0, na = 0, nb = 0, seen = 0;

		if (!r)
			return -1;
		for (j = 0; j < i; j++)
			seen |= !strcmp(f->perfs[j].event, e->event);
		if (seen) {
			free(r);
			continue;
		}
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
		if (!na || !nb) {
			fprintf(o, "  %-18s %-8s %14s %14s %8s   (%s)\n", e->event, "-", "-", "-", "-",
				!strcmp(e->unit, "not-supported") ?
				"not supported on this machine (under TCG only software events exist)" : "not counted");
			free(r);
			continue;
		}
		ab = rs_median_ci(r, n);
		fprintf(o, "  %-18s %-8s %14.2f %14.2f %8.4f", e->event, e->unit, sa / na, sb / nb,
			ab.point);
		if (n > 1)
			fprintf(o, " [%7.4f, %7.4f] %4.3g%%\n", ab.lo, ab.hi, 100 * ab.level);
		else
			fprintf(o, " %19s\n", "(1 pair: no CI)");
		free(r);
	}
	(void)res;
	fprintf(o, "# B/A: median of the per-pair ratios, [lo, hi]: its order-statistic interval and coverage"
		" (the report's one estimator policy, see legend); srcubench's own ns/op"
		" for each side: the read-side tables of kernel %s+A and +B above\n",
		rp_meta(f, "kernel") ?: "?");
	return 0;
}

static void execs(FILE *o, const struct rp_file *files, size_t n)
{
	static const char *const ctxs[] = { "process", "softirq", "hardirq" };
	size_t i, j;
	int k, any = 0;

	for (i = 0; i < n; i++) {
		const struct rp_file *f = &files[i];

		if (!f->nexecs)
			continue;
		if (!any++)
			fprintf(o, "\n## where each reader context really ran (batches, from in_hardirq()/in_serving_softirq())\n"
				"# %-8s %-22s %-12s %-8s %12s %12s %12s\n", "arch", "kernel", "preempt", "context",
				"hardirq", "softirq", "task");
		for (k = 0; k < 3; k++) {
			double h = 0, s = 0, t = 0;
			int found = 0;

			for (j = 0; j < f->nexecs; j++)
				if (!strcmp(f->execs[j].context, ctxs[k])) {
					h += f->execs[j].hardirq;
					s += f->execs[j].softirq;
					t += f->execs[j].task;
					found = 1;
				}
			if (found)
				fprintf(o, "  %-8s %-22s %-12s %-8s %12.0f %12.0f %12.0f\n", f->arch, f->kernel,
					rp_meta(f, "preempt") ?: "-", ctxs[k], h, s, t);
		}
	}
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
static void codegen(FILE *o, const struct rp_file *files, size_t n,
		    const struct rs_result *res)
{
	size_t i, j, k;
	int any = 0;

	for (i = 0; i < n; i++) {
		const struct rp_file *f = &files[i];
		double loop = NAN;
		int dup = 0;

		for (k = 0; k < i && f->ncodegens; k++)	/* one table per arch+kernel */
			dup |= files[k].ncodegens && !strcmp(files[k].arch, f->arch) &&
			       !strcmp(files[k].kernel, f->kernel);
		if (!f->ncodegens || dup)
			continue;
		if (!any++)
			fprintf(o, "\n## static code of each op's loop (objdump of the module that ran) beside"
				" measured instructions/op (TCG icount, process context, smallest batch minus the empty loop's)\n");
		fprintf(o, "# arch=%s kernel=%s\n# %-16s %5s %5s %8s  %s\n", f->arch, f->kernel,
			"op", "loop", "net", "icount", "code (| between instructions)");
		for (j = 0; j < f->ncodegens; j++)
			if (!strcmp(f->codegens[j].op, "empty"))
				loop = f->codegens[j].insns;
		if (!strcmp(f->arch, "aarch64") && rp_meta(f, "arm64.lse_atomics"))
			fprintf(o, "# arm64.lse_atomics=%s: %s\n", rp_meta(f, "arm64.lse_atomics"),
				strcmp(rp_meta(f, "arm64.lse_atomics"), "1") ?
				"no LSE: the LL/SC forms below ran" :
				"the CPU has LSE atomics: alternatives replaced each LL/SC sequence below"
				" (ldxr..stxr/cbnz) with its LSE form (e.g. stadd + nops, same length) and"
				" the 'b <local>' to out-of-line LL/SC with a nop before it ran");
		for (j = 0; j < f->ncodegens; j++) {
			const struct rp_codegen *c = &f->codegens[j];
			double m = icount_net(res, f->arch, c->op);
			char net[16], ic[16];

			snprintf(net, sizeof(net), isnan(loop) ? "-" : "%.0f", c->insns - loop);
			snprintf(ic, sizeof(ic), isnan(m) ? "-" : "%.3f", m);
			fprintf(o, "  %-16s %5.0f %5s %8s  %s\n", c->op, c->insns, net, ic, c->code);
		}
	}
	if (any)
		fprintf(o, "# loop/net: static instructions of the loop / minus the empty loop's; calls"
			" (<symbol>) execute more than they show; arm64: the file holds LL/SC, LSE CPUs"
			" run the LSE alternative patched in at load (see arm64.lse_atomics)\n");
}

/* Grace periods timed by the module and, independently, by BPF fentry/fexit. */
static void bpfgp(FILE *o, const struct rp_file *f)
{
	size_t i, j;

	fprintf(o, "\n## grace periods, module vs BPF (fentry/fexit on the same calls): arch=%s kernel=%s env=%s unit=%s\n",
		f->arch, f->kernel, f->env, rs_gp_unit(f->env));
	fprintf(o, "# %-5s %8s %8s %5s %12s %12s %12s %12s %8s\n", "kind", "module", "bpf", "equal",
		"module_mean", "bpf_mean", "bpf_p50", "bpf_p99", "mean_dif");
	for (i = 0; i < f->nbpfgps; i++) {
		const struct rp_bpfgp *b = &f->bpfgps[i];
		double n = 0, sum = 0;

		for (j = 0; j < f->ngps; j++)	/* the kind itself, not its -autoexp/-normal subsets */
			if (!strcmp(f->gps[j].kind, b->kind) && f->gps[j].count > 0) {
				n += f->gps[j].count;
				sum += f->gps[j].count * f->gps[j].mean_ns;
			}
		fprintf(o, "  %-5s %8.0f %8.0f %5s %12.0f %12.0f %12.0f %12.0f %7.2f%%\n", b->kind, n, b->count,
			n == b->count ? "yes" : "NO", n ? sum / n : NAN, b->mean_ns, b->p50_ns, b->p99_ns,
			n && b->mean_ns ? 100.0 * (sum / n - b->mean_ns) / b->mean_ns : NAN);
	}
	fprintf(o, "# module: ktime around each call, per phase (count-weighted over loaded and idle phases);"
		" bpf: fentry->fexit of every call since attach, percentiles from a <1.6%% histogram\n");
}

int rsd_write(FILE *out, const struct rp_file *files, size_t nfiles,
	      const struct rs_result *res)
{
	size_t i;

	execs(out, files, nfiles);
	codegen(out, files, nfiles, res);
	for (i = 0; i < nfiles; i++) {
		if (files[i].npeers && peers(out, &files[i], res))
			return -1;
		if (files[i].nperfs && perf_ab(out, &files[i], res))
			return -1;
		if (files[i].nbpfgps)
			bpfgp(out, &files[i]);
	}
	return ferror(out) ? -1 : 0;
}
