// SPDX-License-Identifier: GPL-2.0
/*
 * report_plot: the plots' data.  The gnuplot text lives in templates,
 * plots/NAME.gp of the source tree; for each plot this writes into the plot
 * directory
 *   NAME.dat   the data, tab-separated, with every label in it (titles, axis
 *              labels, tick labels, legend entries): index 0 holds the plot's
 *              labels and numbers, the blocks after it the series (layouts in
 *              each template's head comment)
 *   NAME.gp    a two-line driver: "name = 'NAME'; templates = 'DIR/'" and
 *              "load templates.'TEMPLATE.gp'"
 * and, when asked, runs "gnuplot NAME.gp" in that directory, which writes
 * NAME.png and NAME.svg.  Nothing from a results file is ever gnuplot syntax:
 * the templates read labels with strcol()/columnheader()/xtic(), and every
 * NAME is chosen here (a plot kind and a group number, never a name from the
 * input); index.tsv maps the numbers to (arch, kernel, env).  Plots:
 *   this_cpu_inc   this_cpu_inc vs __this_cpu_inc per context, one panel per
 *                  (arch, kernel, env), error bars: the order-statistic interval of report_stats
 *   gp-cdf-N       grace-period latency CDF (sync/exp x idle/loaded) as steps
 *                  through min, p50, p90, p99, p99.9, max; log x
 *   percpu-N       per-CPU ns/op of every read record, per op and context
 *   timeseries-N   ns/op over time from sample records (skipped if none)
 *   arches         the architectures side by side (two or more arches)
 * and, generically, every template of the templates directory whose head
 * comment names a table of the report ("# srcubench-data: section=S
 * columns=A,B per=group", see gen_parse below): lost-N (plots/lost.gp) and
 * ops-N, net ns/op of every op per context, log y when spread (plots/ops.gp).
 * To add a plot whose data is a report table: add plots/KIND.gp with that
 * line; nothing here changes, and tests/unit/plot-test.sh renders it (it
 * lists plots/).
 */
#define _POSIX_C_SOURCE 200809L
#include "report_plot.h"
#include "report_cover.h"
#include "report_arch.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct rpl_opt *O;
static const char *D;	/* the plot directory */

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void note(const char *fmt, ...)
{
	va_list ap;

	if (O->quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* ---- files ---- */

static FILE *fopen_in(const char *name, const char *ext)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.%s", D, name, ext);
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "report: %s: %s\n", path, strerror(errno));
	return f;
}

/* close, reporting a write error (full disk ...); 0 or -1 */
static int fclose_in(FILE *f, const char *name, const char *ext)
{
	int bad = ferror(f), e = errno;

	if (fclose(f) || bad) {
		fprintf(stderr, "report: writing %s/%s.%s: %s\n", D, name, ext,
			strerror(bad ? e : errno));
		return -1;
	}
	return 0;
}

/*
 * A label in the data: gnuplot reads it as a string value, never as syntax.
 * Tabs, newlines and other control characters cannot occur (the parser
 * splits fields on white space) but are mapped to '?' anyway; a double quote
 * would end gnuplot's quoted-string reading of the field early, so it is
 * written as a single quote; an empty label as '-'.
 */
static void ds(FILE *d, const char *s)
{
	if (!*s)
		s = "-";
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s == '"' ? '\'' : *s, d);
}

static void dsf(FILE *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* a composed label: formatted, then written as ds() writes labels */
static void dsf(FILE *d, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ds(d, buf);
}

/* a number field (tab first); '?' (missing) for NAN and infinities */
static void dn(FILE *d, double v)
{
	if (isnan(v) || isinf(v))
		fputs("\t?", d);
	else
		fprintf(d, "\t%.6g", v);
}

#define TAB(d)		fputc('\t', (d))
#define NL(d)		fputc('\n', (d))
#define ENDBLOCK(d)	fputs("\n\n", (d))	/* gnuplot: two blank lines end an index */

/* The driver NAME.gp: file names only, all chosen here. */
static int driver(const char *name, const char *tmpl)
{
	FILE *g = fopen_in(name, "gp");

	if (!g)
		return -1;
	fprintf(g, "name = '%s'; templates = '%s/'\nload templates.'%s.gp'\n", name,
		O->templates, tmpl);
	return fclose_in(g, name, "gp");
}

static int render(const char *name)
{
	char script[64];
	pid_t pid;
	int st;

	if (!O->render)
		return 0;
	snprintf(script, sizeof(script), "%s.gp", name);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (chdir(D))
			_exit(127);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "report: gnuplot %s/%s failed (status %d)\n", D, script,
			WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return -1;
	}
	return 0;
}

/* data closed, driver written, rendered: the end of every plot */
static int finish(FILE *d, const char *name, const char *tmpl)
{
	if (fclose_in(d, name, "dat") || driver(name, tmpl))
		return -1;
	return render(name);
}

/* ---- labels ---- */

/* "x86_64, kernel 6.1.0, kvm" or "..., emulated (TCG)" */
static void env_label(char *buf, size_t len, const struct rs_env *e)
{
	const char *how = !strcmp(e->env, "tcg") ? "emulated (TCG)" :
			  !strcmp(e->env, "tcg-icount") ? "TCG icount: instructions, not time" :
			  !strcmp(e->env, "bare-metal") ? "bare metal" :
			  !strcmp(e->env, "kvm") ? "KVM guest" : e->env;

	snprintf(buf, len, "%s, kernel %s, %s", e->arch, e->kernel, how);
}

/* "3 replicates (runs) of 1 boot, 4 CPUs; error bars: ..." (the policy of report_stats) */
static void runs_label(char *buf, size_t len, const struct rs_env *e, int bars)
{
	snprintf(buf, len, "%d replicate%s (boot, run) of %d boot%s, %d CPU%s%s", e->runs,
		 e->runs == 1 ? "" : "s", e->boots, e->boots == 1 ? "" : "s",
		 e->ncpus, e->ncpus == 1 ? "" : "s",
		 !bars ? "" : e->runs == 1 ? "; 1 replicate: no interval" :
		 "; error bars: order-statistic interval of the median over replicates");
}

/*
 * The headline statistic of a pair of rows drawn side by side: min, or p50
 * for both where either has no min (min_ns 0 in every cell: older files).
 */
static int use_p50(const struct rs_cost *a, const struct rs_cost *b)
{
	return (a && isnan(a->min.point)) || (b && isnan(b->min.point));
}

static const struct rs_est *headline(const struct rs_cost *k, int p50)
{
	return !k ? NULL : p50 ? &k->p50 : &k->min;
}

/* what the comparison of a row concluded, for a label */
static const char *verdict(const struct rs_cost *k)
{
	if (!k || !k->ratio.n)
		return "";
	if (k->same_code == 1)
		return ": same code";
	if (k->sig == 1)
		return ": sig";
	if (k->small)
		return ": <2%";
	if (k->sig == 0)
		return ": n.s.";
	return ": not tested";
}

/* the coverage of a group's intervals, for a label */
static void cover_label(char *buf, size_t len, const struct rs_result *r, int env)
{
	size_t i;

	for (i = 0; i < r->ncosts; i++)
		if (r->costs[i].env == env && r->costs[i].min.n)
			break;
	if (i == r->ncosts || isnan(r->costs[i].min.level))
		snprintf(buf, len, "1 replicate: no interval, no significance");
	else
		snprintf(buf, len, "error bars: [x(k), x(n+1-k)] of %d replicates, coverage %.3g%%",
			 r->costs[i].min.n, 100 * r->costs[i].min.level);
}

/* distinct contexts / ops of env @env, in table order */
static size_t names(const struct rs_result *r, int env, int ops, const char **out, size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i < r->ncosts; i++) {
		const char *s = ops ? r->costs[i].op : r->costs[i].context;

		if (env >= 0 && r->costs[i].env != env)
			continue;
		for (j = 0; j < n && strcmp(out[j], s); j++)
			;
		if (j == n && n < max)
			out[n++] = s;
	}
	return n;
}

/* file @f is of env @env: the group key report_stats computed once (file_env) */
static int in_env(const struct rs_result *r, size_t f, int env)
{
	return r->file_env[f] == env;
}

/* the head of a plot's index 0: env label, tab, runs label (no newline) */
static void env_head(FILE *d, const struct rs_result *r, int env, int bars)
{
	char lab[4 * RP_NAME], rl[160];

	env_label(lab, sizeof(lab), &r->envs[env]);
	runs_label(rl, sizeof(rl), &r->envs[env], bars);
	ds(d, lab);
	TAB(d);
	ds(d, rl);
}

/* point, lo, hi of an estimate; lo/hi the point when there is no interval */
static void dest(FILE *d, const struct rs_est *e)
{
	if (!e) {
		dn(d, NAN);
		dn(d, NAN);
		dn(d, NAN);
		return;
	}
	dn(d, e->point);
	dn(d, isnan(e->lo) ? e->point : e->lo);
	dn(d, isnan(e->hi) ? e->point : e->hi);
}

/* ---- (1) this_cpu_inc vs __this_cpu_inc, one panel per env ---- */
static int plot_inc(const struct rs_result *r)
{
	const char *name = "this_cpu_inc", *ctx[16];
	char lab[4 * RP_NAME], rl[160], cv[160];
	size_t e, c, nc, panels = 0;
	FILE *d;

	for (e = 0; e < r->nenvs; e++)
		if (rs_find_cost(r, (int)e, "process", "this_cpu_inc") ||
		    rs_find_cost(r, (int)e, "process", "__this_cpu_inc"))
			panels++;
	if (!panels) {
		note("report: plot %s skipped: no this_cpu_inc/__this_cpu_inc records\n", name);
		return 0;
	}
	if (!(d = fopen_in(name, "dat")))
		return -1;
	/* index 0: per panel: title, subtitle, ylabel, ymax, contexts */
	for (e = 0; e < r->nenvs; e++) {
		double ymax = 0;

		if (!rs_find_cost(r, (int)e, "process", "this_cpu_inc") &&
		    !rs_find_cost(r, (int)e, "process", "__this_cpu_inc"))
			continue;
		nc = names(r, (int)e, 0, ctx, 16);
		for (c = 0; c < nc; c++) {
			const struct rs_cost *a = rs_find_cost(r, (int)e, ctx[c], "this_cpu_inc");
			const struct rs_cost *b = rs_find_cost(r, (int)e, ctx[c], "__this_cpu_inc");

			/* gnuplot autoscales histograms on the bars only: fit the error bars */
			const struct rs_est *x = headline(a, use_p50(a, b)), *y = headline(b, use_p50(a, b));

			if (x)
				ymax = fmax(ymax, fmax(x->point, isnan(x->hi) ? 0 : x->hi));
			if (y)
				ymax = fmax(ymax, fmax(y->point, isnan(y->hi) ? 0 : y->hi));
		}
		if (!(ymax > 0) || !isfinite(ymax))
			ymax = 1;
		env_label(lab, sizeof(lab), &r->envs[e]);
		runs_label(rl, sizeof(rl), &r->envs[e], 0);
		ds(d, lab);
		TAB(d);
		cover_label(cv, sizeof(cv), r, (int)e);
		dsf(d, "%s; %s", rl, cv);
		TAB(d);
		ds(d, rs_unit(r->envs[e].env));
		dn(d, ymax * 1.25);
		dn(d, (double)nc);
		NL(d);
	}
	ENDBLOCK(d);
	/* index 1..: per panel: header row, then context, this ns lo hi, __this ns lo hi */
	for (e = 0; e < r->nenvs; e++) {
		if (!rs_find_cost(r, (int)e, "process", "this_cpu_inc") &&
		    !rs_find_cost(r, (int)e, "process", "__this_cpu_inc"))
			continue;
		fputs("context\tthis_cpu_inc\tlo\thi\t__this_cpu_inc\tlo\thi\n", d);
		nc = names(r, (int)e, 0, ctx, 16);
		for (c = 0; c < nc; c++) {
			const struct rs_cost *a = rs_find_cost(r, (int)e, ctx[c], "this_cpu_inc");
			const struct rs_cost *b = rs_find_cost(r, (int)e, ctx[c], "__this_cpu_inc");

			/* the context and the comparison's verdict: "softirq: same code" */
			dsf(d, "%s%s%s", ctx[c], use_p50(a, b) ? " (p50)" : "", verdict(a));
			dest(d, headline(a, use_p50(a, b)));
			dest(d, headline(b, use_p50(a, b)));
			NL(d);
		}
		ENDBLOCK(d);
	}
	return finish(d, name, "this_cpu_inc");
}

/* ---- (3) grace-period latency CDFs ---- */
static int plot_gp(const struct rs_result *r, int env)
{
	static const char *const kinds[] = { "sync", "exp" }, *const loads[] = { "idle", "loaded" };
	char name[64];
	size_t i;
	int k, l, n = 0;
	FILE *d;

	snprintf(name, sizeof(name), "gp-cdf-%d", env + 1);
	for (k = 0; k < 2; k++)
		for (l = 0; l < 2; l++)
			for (i = 0; i < r->ngps; i++)
				n += r->gps[i].env == env && !strcmp(r->gps[i].kind, kinds[k]) &&
				     !strcmp(r->gps[i].load, loads[l]) && r->gps[i].count > 0;
	if (!n) {
		note("report: plot %s skipped: no sync/exp grace periods\n", name);
		return 0;
	}
	if (!(d = fopen_in(name, "dat")))
		return -1;
	/* index 0: env label, runs label, x unit, curves, how the curves were drawn */
	env_head(d, r, env, 0);
	TAB(d);
	ds(d, rs_gp_unit(r->envs[env].env));
	dn(d, n);
	for (i = 0, k = 0, l = 0; i < r->ngps; i++)
		if (r->gps[i].env == env && r->gps[i].count > 0) {
			k += r->gps[i].pooled;
			l += !r->gps[i].pooled;
		}
	TAB(d);
	ds(d, !l ? "from the gphist histograms pooled over runs (linear within a bucket)" :
	      !k ? "through the recorded percentiles min, p50, p90, p99, p99.9, max (no gphist records: count-weighted over runs, not pooled)" :
	      "pooled gphist histograms where present, else through count-weighted per-run percentiles");
	NL(d);
	ENDBLOCK(d);
	/* index 1..: per curve: its legend, then latency and fraction <= it */
	for (k = 0; k < 2; k++)
		for (l = 0; l < 2; l++)
			for (i = 0; i < r->ngps; i++) {
				const struct rs_gp *q = &r->gps[i];

				if (q->env != env || strcmp(q->kind, kinds[k]) ||
				    strcmp(q->load, loads[l]) || !(q->count > 0))
					continue;
				dsf(d, "%s, %s (n=%.0f%s)", q->kind, q->load, q->count,
				    q->pooled ? ", histogram" : ", 6 percentiles");
				NL(d);
				if (q->pooled) {
					struct rs_bucket *b;
					size_t nb, j;
					double cum = 0, tot = 0;

					if (rs_gp_hist(r, env, q->kind, q->load, &b, &nb)) {
						fclose(d);
						return -1;
					}
					for (j = 0; j < nb; j++)
						tot += b[j].count;
					fprintf(d, "%.6g\t0\n", fmax(q->min, b[0].lo));
					for (j = 0; j < nb; j++) {
						cum += b[j].count;
						fprintf(d, "%.6g\t%.6g\n", j + 1 == nb ? fmin(q->max, b[j].hi) : b[j].hi,
							cum / tot);
					}
					free(b);
				} else {
					fprintf(d, "%.6g\t0\n%.6g\t0.5\n%.6g\t0.9\n%.6g\t0.99\n%.6g\t0.999\n%.6g\t1\n",
						q->min, q->p50, q->p90, q->p99, q->p999, q->max);
				}
				ENDBLOCK(d);
			}
	return finish(d, name, "gp-cdf");
}

/* ---- (4) per-CPU ns/op of every read record ---- */
static int plot_percpu(const struct rp_file *files, size_t nfiles, const struct rs_result *r,
		       int env)
{
	const char *ctx[16], *ops[64];
	char name[64];
	size_t c, o, nc, no, f, i;
	double lo = INFINITY, hi = 0, off;
	FILE *d;

	snprintf(name, sizeof(name), "percpu-%d", env + 1);
	nc = names(r, env, 0, ctx, 16);
	no = names(r, env, 1, ops, 64);
	if (!nc || !no)
		return 0;
	for (f = 0; f < nfiles; f++) {
		if (!in_env(r, f, env))
			continue;
		for (i = 0; i < files[f].nreads; i++) {
			const struct rp_read *x = &files[f].reads[i];
			double v = x->ops > 0 ? x->ns / x->ops : 0;

			if (v > 0) {
				lo = fmin(lo, v);
				hi = fmax(hi, v);
			}
		}
	}
	if (!(hi > 0)) {
		note("report: plot %s skipped: no read record with ops\n", name);
		return 0;
	}
	if (!(d = fopen_in(name, "dat")))
		return -1;
	/* index 0: env label, runs label, ylabel, logy, xmax, contexts */
	env_head(d, r, env, 0);
	TAB(d);
	dsf(d, "mean %s (ns/ops of one read record, includes interference)%s", rs_unit(r->envs[env].env),
	    hi / lo > 30 ? ", log scale" : "");
	dn(d, hi / lo > 30);
	dn(d, (double)no - 1);
	dn(d, (double)nc);
	NL(d);
	ENDBLOCK(d);
	/* index 1: the x tics: position, op */
	for (o = 0; o < no; o++) {
		fprintf(d, "%zu\t", o);
		ds(d, ops[o]);
		NL(d);
	}
	ENDBLOCK(d);
	/* index 2..: per context: its name, then x (op + context and CPU offsets), ns/op, op, cpu, run */
	for (c = 0; c < nc; c++) {
		ds(d, ctx[c]);
		NL(d);
		off = nc > 1 ? -0.25 + 0.5 * c / (nc - 1) : 0;
		for (f = 0; f < nfiles; f++) {
			const struct rp_file *F = &files[f];

			if (!in_env(r, f, env))
				continue;
			for (i = 0; i < F->nreads; i++) {
				const struct rp_read *x = &F->reads[i];

				if (strcmp(x->context, ctx[c]) || !(x->ops > 0))
					continue;
				for (o = 0; o < no && strcmp(ops[o], x->op); o++)
					;
				/* CPUs side by side within the context's slot */
				fprintf(d, "%.3f", o + off + ((x->cpu % 8) - 3.5) * 0.018);
				dn(d, x->ns / x->ops);
				TAB(d);
				ds(d, x->op);
				fprintf(d, "\t%ld\t%ld\n", x->cpu, x->run);
			}
		}
		fputs("?\t?\n", d);	/* never an empty block: it would not count as an index */
		ENDBLOCK(d);
	}
	return finish(d, name, "percpu");
}

/* ---- (5) time series from sample records (running totals of one reader) ---- */
struct ser {
	const struct rp_sample *s;
	size_t file;
};

static int ctx_rank(const char *c)
{
	return !strcmp(c, "process") ? 0 : !strcmp(c, "softirq") ? 1 : !strcmp(c, "hardirq") ? 2 : 3;
}

/* by context (table order), op, then one reader's series in time order */
static int ser_cmp(const void *pa, const void *pb)
{
	const struct rp_sample *a = ((const struct ser *)pa)->s, *b = ((const struct ser *)pb)->s;
	size_t fa = ((const struct ser *)pa)->file, fb = ((const struct ser *)pb)->file;
	int c;

	if ((c = ctx_rank(a->context) - ctx_rank(b->context)) ||
	    (c = strcmp(a->context, b->context)) || (c = strcmp(a->op, b->op)))
		return c;
	if (fa != fb)
		return fa < fb ? -1 : 1;
	if (a->run != b->run)
		return a->run < b->run ? -1 : 1;
	if (a->cpu != b->cpu)
		return a->cpu < b->cpu ? -1 : 1;
	if (a->seg != b->seg)
		return a->seg < b->seg ? -1 : 1;
	return a->t_ns < b->t_ns ? -1 : a->t_ns > b->t_ns;
}

static int same_reader(const struct ser *a, const struct ser *b)
{
	return a->file == b->file && a->s->run == b->s->run && a->s->cpu == b->s->cpu &&
	       a->s->seg == b->s->seg && !strcmp(a->s->context, b->s->context) &&
	       !strcmp(a->s->op, b->s->op);
}

static int new_block(const struct ser *v, size_t i)
{
	return !i || strcmp(v[i - 1].s->context, v[i].s->context) || strcmp(v[i - 1].s->op, v[i].s->op);
}

static int plot_series(const struct rp_file *files, size_t nfiles, const struct rs_result *r, int env)
{
	char name[64];
	struct ser *v;
	size_t f, i, j, n = 0, nctx = 0, blk;
	double t0 = INFINITY, t1 = 0, lo = INFINITY, hi = 0;
	int has_ns = 1, logy;
	FILE *d;

	snprintf(name, sizeof(name), "timeseries-%d", env + 1);
	for (f = 0; f < nfiles; f++)
		if (in_env(r, f, env))
			n += files[f].nsamples;
	if (!n) {
		note("report: plot %s (time series) skipped: no sample records\n", name);
		return 0;
	}
	v = malloc(n * sizeof(*v));
	if (!v)
		return -1;
	n = 0;
	for (f = 0; f < nfiles; f++) {
		if (!in_env(r, f, env))
			continue;
		for (i = 0; i < files[f].nsamples; i++) {
			v[n].s = &files[f].samples[i];
			v[n++].file = f;
			t0 = fmin(t0, files[f].samples[i].t_ns);
			t1 = fmax(t1, files[f].samples[i].t_ns);
			if (isnan(files[f].samples[i].ns))
				has_ns = 0;
		}
	}
	qsort(v, n, sizeof(*v), ser_cmp);
	for (i = 1; i < n; i++) {	/* the interval values, for the y range */
		const struct rp_sample *a = v[i - 1].s, *b = v[i].s;
		double x;

		if (!same_reader(&v[i - 1], &v[i]) || !(b->ops > a->ops))
			continue;
		x = (has_ns ? b->ns - a->ns : b->t_ns - a->t_ns) / (b->ops - a->ops);
		if (x > 0) {
			lo = fmin(lo, x);
			hi = fmax(hi, x);
		}
	}
	if (!(hi > 0)) {
		note("report: plot %s (time series) skipped: no two samples of one reader with "
		     "growing ops\n", name);
		free(v);
		return 0;
	}
	logy = hi / lo > 30;
	for (i = 0; i < n; i++)
		nctx += !i || strcmp(v[i - 1].s->context, v[i].s->context);
	if (!(d = fopen_in(name, "dat"))) {
		free(v);
		return -1;
	}
	/* index 0: env label, runs label, method, ylabel, logy, ymin, ymax, xmax, panels */
	env_head(d, r, env, 0);
	TAB(d);
	ds(d, has_ns ? "delta ns / delta ops" : "no ns column: delta t / delta ops, wall time");
	TAB(d);
	dsf(d, "%s%s", rs_unit(r->envs[env].env), logy ? ", log scale" : "");
	dn(d, logy);
	dn(d, logy ? lo / 2 : 0);
	dn(d, hi * (logy ? 2 : 1.1));
	dn(d, (t1 - t0) / 1e6 * 1.03 + 1e-3);
	dn(d, (double)nctx);
	NL(d);
	ENDBLOCK(d);
	/* index 1: per panel (context): first block index, blocks, context */
	for (i = 0, blk = 2; i < n; i++) {
		size_t nb = 0;

		if (i && !strcmp(v[i - 1].s->context, v[i].s->context))
			continue;
		for (j = i; j < n && !strcmp(v[j].s->context, v[i].s->context); j++)
			nb += new_block(v, j);
		fprintf(d, "%zu\t%zu\t", blk, nb);
		ds(d, v[i].s->context);
		NL(d);
		blk += nb;
	}
	ENDBLOCK(d);
	/* index 2..: per (context, op): op, then t (ms since the first sample), value, cpu, run */
	for (i = 0; i < n; i++) {
		const struct rp_sample *a, *b = v[i].s;

		if (new_block(v, i)) {
			if (i)
				ENDBLOCK(d);
			ds(d, b->op);
			fputs("\n?\t?\t?\t?\n", d);	/* never an empty block */
		}
		if (!i || !same_reader(&v[i - 1], &v[i]))
			continue;
		a = v[i - 1].s;
		if (!(b->ops > a->ops))
			continue;	/* totals restarted without a seg change */
		fprintf(d, "%.3f", (b->t_ns - t0) / 1e6);
		dn(d, (has_ns ? b->ns - a->ns : b->t_ns - a->t_ns) / (b->ops - a->ops));
		fprintf(d, "\t%ld\t%ld\n", b->cpu, b->run);
	}
	ENDBLOCK(d);
	free(v);
	return finish(d, name, "timeseries");
}

/* ---- (6) the architectures side by side, one figure of four panels ---- */

/* the timed columns' env, when they all have the same one; NULL if they differ */
static const char *timed_env(const struct rs_result *r, const struct ra_arch *a, size_t n)
{
	const char *env = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (a[i].timed < 0)
			continue;
		if (env && strcmp(env, r->envs[a[i].timed].env))
			return NULL;
		env = r->envs[a[i].timed].env;
	}
	return env ? env : "tcg";
}

static const char *env_how(const char *env)
{
	return !env ? "each column's own env (see the tick labels)" :
	       !strcmp(env, "tcg") ? "emulated under TCG, not hardware time" :
	       !strcmp(env, "tcg-icount") ? "TCG icount" :
	       !strcmp(env, "kvm") ? "KVM guest" :
	       !strcmp(env, "bare-metal") ? "bare metal" : env;
}

static int plot_arches(const struct rs_result *r)
{
	static const char *const ctx[] = { "process", "softirq", "hardirq" };
	static const char *const kinds[] = { "sync", "exp" };
	const char *name = "arches", *tenv;
	struct ra_arch a[RA_MAX];
	size_t n = ra_arches(r, a), i, k, rows[4] = { 0 };
	char col[RA_MAX][3 * RP_NAME + 4];
	FILE *d;

	if (ra_narch(a, n) < 2)
		return 0;
	for (i = 0; i < n; i++)
		ra_label(r, a, n, i, col[i], sizeof(col[i]));
	tenv = timed_env(r, a, n);
	/* count the rows first: a panel without data says so */
	for (i = 0; i < n; i++) {
		for (k = 0; k < 3; k++) {
			rows[0] += rs_find_cost(r, a[i].timed, ctx[k], "this_cpu_inc") ||
				   rs_find_cost(r, a[i].timed, ctx[k], "__this_cpu_inc");
			rows[1] += !isnan(ra_icount_net(r, a[i].icount, ctx[k], "this_cpu_inc")) ||
				   !isnan(ra_icount_net(r, a[i].icount, ctx[k], "__this_cpu_inc"));
		}
		for (k = 0; k < r->nlosts; k++)
			rows[2] += (r->losts[k].env == a[i].timed || r->losts[k].env == a[i].icount) &&
				   r->losts[k].expected > 0 &&
				   (!strcmp(r->losts[k].op, "this_cpu_inc") ||
				    !strcmp(r->losts[k].op, "__this_cpu_inc"));
		for (k = 0; k < 2; k++) {
			const struct rs_gp *q = rs_find_gp(r, a[i].timed, kinds[k], "loaded");

			rows[3] += q && q->count > 0;
		}
	}
	if (!(d = fopen_in(name, "dat")))
		return -1;
	/* index 0: row 0 the figure's title; rows 1-4 per panel: title, ylabel, has data */
	dsf(d, "srcubench across architectures (timed: %s; icount: guest instructions)", env_how(tenv));
	fputs("\t-\t0\n", d);
	dsf(d, "this_cpu_inc vs __this_cpu_inc, timed (min per op, or p50 where marked; incl. loop; order-statistic interval): %s", env_how(tenv));
	TAB(d);
	ds(d, tenv ? rs_unit(tenv) : "ns/op (per column env)");
	fprintf(d, "\t%d\n", rows[0] > 0);
	ds(d, "this_cpu_inc vs __this_cpu_inc: instructions beyond the empty loop (TCG icount)");
	fprintf(d, "\tinstructions/op\t%d\n", rows[1] > 0);
	ds(d, "lost updates with readers in every context on one counter (racy_inc control: see the table)");
	fprintf(d, "\tlost, %% of increments\t%d\n", rows[2] > 0);
	dsf(d, "grace-period latency under read load: p50 bar, p99 whisker (%s)", env_how(tenv));
	TAB(d);
	dsf(d, "%s (log)", tenv && !strcmp(tenv, "tcg-icount") ? "instructions / 1000" : "us");
	fprintf(d, "\t%d\n", rows[3] > 0);
	ENDBLOCK(d);
	/* index 1: column/context, this_cpu_inc ns/op lo hi, __this_cpu_inc ns/op lo hi (timed) */
	fputs("column\tthis_cpu_inc\tlo\thi\t__this_cpu_inc\tlo\thi\n", d);
	for (i = 0; i < n; i++)
		for (k = 0; k < 3; k++) {
			const struct rs_cost *t = rs_find_cost(r, a[i].timed, ctx[k], "this_cpu_inc");
			const struct rs_cost *u = rs_find_cost(r, a[i].timed, ctx[k], "__this_cpu_inc");

			if (!t && !u)
				continue;
			dsf(d, "%s/%.4s%s%s", col[i], ctx[k], use_p50(t, u) ? " p50" : "",
			    t && t->same_code == 1 ? " same code" : "");
			dest(d, headline(t, use_p50(t, u)));
			dest(d, headline(u, use_p50(t, u)));
			NL(d);
		}
	ENDBLOCK(d);
	/* index 2: column/context, this_cpu_inc, __this_cpu_inc instructions beyond the loop */
	fputs("column\tthis_cpu_inc\t__this_cpu_inc\n", d);
	for (i = 0; i < n; i++)
		for (k = 0; k < 3; k++) {
			double t = ra_icount_net(r, a[i].icount, ctx[k], "this_cpu_inc");
			double u = ra_icount_net(r, a[i].icount, ctx[k], "__this_cpu_inc");

			if (isnan(t) && isnan(u))
				continue;
			dsf(d, "%s/%.4s", col[i], ctx[k]);
			dn(d, t);
			dn(d, u);
			NL(d);
		}
	ENDBLOCK(d);
	/* index 3: column, lost % of expected: this, __this (timed), this, __this (icount) */
	fputs("column\tthis_cpu_inc, timed\t__this_cpu_inc, timed\t"
	      "this_cpu_inc, icount (interrupts at any instruction)\t"
	      "__this_cpu_inc, icount (interrupts at any instruction)\n", d);
	for (i = 0; i < n; i++) {
		static const char *const lops[] = { "this_cpu_inc", "__this_cpu_inc" };

		ds(d, col[i]);
		for (int m = 0; m < 4; m++) {
			int e = m < 2 ? a[i].timed : a[i].icount;
			double lost = 0, exp = 0;

			for (k = 0; k < r->nlosts; k++)
				if (r->losts[k].env == e && !strcmp(r->losts[k].op, lops[m % 2])) {
					lost += r->losts[k].lost;
					exp += r->losts[k].expected;
				}
			dn(d, exp > 0 ? 100 * lost / exp : NAN);
		}
		NL(d);
	}
	ENDBLOCK(d);
	/* index 4: column, then per kind (sync, exp) under load: p50 p50 p99, us */
	fputs("column\tsynchronize_srcu\tp50\tp99\tsynchronize_srcu_expedited\tp50\tp99\n", d);
	for (i = 0; i < n; i++) {
		ds(d, col[i]);
		for (k = 0; k < 2; k++) {
			const struct rs_gp *q = rs_find_gp(r, a[i].timed, kinds[k], "loaded");
			int ok = q && q->count > 0;

			dn(d, ok ? q->p50 / 1e3 : NAN);
			dn(d, ok ? q->p50 / 1e3 : NAN);
			dn(d, ok ? q->p99 / 1e3 : NAN);
		}
		NL(d);
	}
	ENDBLOCK(d);
	return finish(d, name, "arches");
}

/* @s is fit for a single-quoted gnuplot string: no quote, no control character */
static int quotable(const char *s)
{
	for (; *s; s++)
		if (*s == '\'' || (unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/* ---- the cover-letter table (report_cover.c) ---- */
static int plot_cover(const struct rs_result *r, int env)
{
	char name[64], lab[4 * RP_NAME];
	FILE *d;
	int n;

	snprintf(name, sizeof(name), "cover-letter-%d", env + 1);
	if (!(d = fopen_in(name, "dat")))
		return -1;
	env_label(lab, sizeof(lab), &r->envs[env]);
	/* index 0: the env label and the unit; index 1: the table's rows */
	ds(d, lab);
	TAB(d);
	ds(d, rs_unit(r->envs[env].env));
	NL(d);
	ENDBLOCK(d);
	n = rc_write_dat(d, r, env);
	if (n < 0) {
		fclose(d);
		return -1;
	}
	if (!n) {
		fclose(d);
		snprintf(lab, sizeof(lab), "%s/%s.dat", D, name);
		unlink(lab);
		return 0;
	}
	ENDBLOCK(d);
	return finish(d, name, "cover-letter");
}

/* ---- the generic path: a template that names its table ----
 * A template's head comment (its first lines starting with '#') may hold one
 *	# srcubench-data: section=S columns=A,B,C per=group
 * section  the table's section id (report_table.h; every format prints it)
 * columns  the table's columns to write, in that order (names as in JSON/CSV)
 * per      group: one plot KIND-N per (arch, kernel, env) group N of index.tsv
 *          (default); all: one plot KIND of every table of the section
 * Any other key, a missing section/columns, or a column no table of that
 * section has, is an error naming the template and line.  KIND.dat:
 *   index 0    one row per table: title, env label (or "-"), unit, rows
 *   index t+1  table t: a header row (the column names, unit in brackets),
 *              then its rows: text cells as labels, numbers, '?' for "-".
 */
#define GEN_MAXC	16

struct gen {
	char kind[64];
	char section[32];
	char cols[GEN_MAXC][64];
	int ncols, per_all;
};

/* 1: @path has a directive (in @g); 0: none; -1: a bad one (reported) */
static int gen_parse(const char *path, const char *kind, struct gen *g)
{
	char line[1024];
	int ln = 0, found = 0, bad = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "report: %s: %s\n", path, strerror(errno));
		return -1;
	}
	memset(g, 0, sizeof(*g));
	snprintf(g->kind, sizeof(g->kind), "%s", kind);
	while (fgets(line, sizeof(line), f) && line[0] == '#') {
		char *s, *tok, *save;

		ln++;
		if (strncmp(line, "# srcubench-data:", 17))
			continue;
		if (found++) {
			fprintf(stderr, "report: %s:%d: a second srcubench-data line\n", path, ln);
			bad = 1;
			break;
		}
		s = line + 17;
		for (tok = strtok_r(s, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
			char *v = strchr(tok, '=');

			if (v)
				*v++ = 0;
			if (v && !strcmp(tok, "section") && *v && strlen(v) < sizeof(g->section)) {
				snprintf(g->section, sizeof(g->section), "%s", v);
			} else if (v && !strcmp(tok, "per") && (!strcmp(v, "group") || !strcmp(v, "all"))) {
				g->per_all = !strcmp(v, "all");
			} else if (v && !strcmp(tok, "columns") && *v) {
				char *c, *s2;

				for (c = strtok_r(v, ",", &s2); c; c = strtok_r(NULL, ",", &s2)) {
					if (g->ncols == GEN_MAXC || strlen(c) >= sizeof(g->cols[0])) {
						fprintf(stderr, "report: %s:%d: too many or too long columns\n", path, ln);
						bad = 1;
						break;
					}
					snprintf(g->cols[g->ncols++], sizeof(g->cols[0]), "%s", c);
				}
			} else {
				fprintf(stderr, "report: %s:%d: srcubench-data: bad or unknown '%s%s%s' "
					"(keys: section=ID columns=A,B,... per=group|all)\n",
					path, ln, tok, v ? "=" : "", v ? v : "");
				bad = 1;
			}
		}
		if (!bad && (!g->section[0] || !g->ncols)) {
			fprintf(stderr, "report: %s:%d: srcubench-data needs section= and columns=\n", path, ln);
			bad = 1;
		}
	}
	fclose(f);
	return bad ? -1 : found;
}

/* the env (group) of table @t, -1 if none: the group keys computed once, compared whole */
static int table_env(const struct rs_result *r, const struct rt_table *t)
{
	size_t e;

	for (e = 0; e < r->nenvs; e++)
		if (!memcmp(&r->envs[e].key, &t->key, sizeof(t->key)))
			return (int)e;
	return -1;
}

/* write the tables of @g's section that belong to @env (every one if -1) */
static int gen_plot(const struct gen *g, const char *tmpl, const struct rs_result *r, int env)
{
	const struct rt_doc *doc = O->doc;
	char name[96], lab[4 * RP_NAME];
	int idx[GEN_MAXC], c, n = 0;
	size_t t, row;
	FILE *d;

	if (env < 0)
		snprintf(name, sizeof(name), "%s", g->kind);
	else
		snprintf(name, sizeof(name), "%s-%d", g->kind, env + 1);
	for (t = 0; t < doc->n; t++) {
		const struct rt_table *T = doc->v[t];

		if (strcmp(T->section, g->section) || !T->nrows || (env >= 0 && table_env(r, T) != env))
			continue;
		for (c = 0; c < g->ncols; c++)
			if (rt_find(T, g->cols[c]) < 0) {
				fprintf(stderr, "report: %s: section %s has no column '%s' (table '%s')\n",
					tmpl, g->section, g->cols[c], T->title);
				return -1;
			}
		n++;
	}
	if (!n) {
		note("report: plot %s skipped: no rows in section %s\n", name, g->section);
		return 0;
	}
	if (!(d = fopen_in(name, "dat")))
		return -1;
	for (t = 0; t < doc->n; t++) {	/* index 0: per table: title, env label, unit, rows */
		const struct rt_table *T = doc->v[t];
		int e = table_env(r, T);

		if (strcmp(T->section, g->section) || !T->nrows || (env >= 0 && e != env))
			continue;
		if (e >= 0)
			env_label(lab, sizeof(lab), &r->envs[e]);
		ds(d, T->title);
		TAB(d);
		ds(d, e >= 0 ? lab : "");
		TAB(d);
		ds(d, e >= 0 && !strcmp(T->unit, "ns") ? rs_unit(r->envs[e].env) : T->unit);
		dn(d, (double)T->nrows);
		NL(d);
	}
	ENDBLOCK(d);
	for (t = 0; t < doc->n; t++) {	/* index t+1: header, rows */
		const struct rt_table *T = doc->v[t];

		if (strcmp(T->section, g->section) || !T->nrows || (env >= 0 && table_env(r, T) != env))
			continue;
		for (c = 0; c < g->ncols; c++) {
			const struct rt_col *C;

			idx[c] = rt_find(T, g->cols[c]);
			C = &T->cols[idx[c]];
			if (c)
				TAB(d);
			if (C->unit[0])
				dsf(d, "%s [%s]", C->name, C->unit);
			else
				ds(d, C->name);
		}
		NL(d);
		for (row = 0; row < T->nrows; row++) {
			for (c = 0; c < g->ncols; c++) {
				const char *v = rt_cell(T, row, idx[c]);

				if (c)
					TAB(d);
				if (T->cols[idx[c]].flags & RT_NUM) {
					char *end;
					double x = strtod(v, &end);

					/* the cell as the table printed it, if it is a number */
					fputs(end != v && !*end && isfinite(x) ? v : "?", d);
				} else {
					ds(d, v);
				}
			}
			NL(d);
		}
		ENDBLOCK(d);
	}
	return finish(d, name, g->kind);
}

/* the plots with a hand-written writer here: a generic template must not take their names */
static const char *const builtins[] = {
	"this_cpu_inc", "gp-cdf", "percpu", "timeseries", "arches", "cover-letter",
};

static int builtin(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (!strcmp(kind, builtins[i]))
			return 1;
	return 0;
}

/* every template of the templates dir with a srcubench-data line; -1 on any error */
static int gen_plots(const struct rs_result *r)
{
	char path[4096];
	struct dirent *de;
	DIR *dir;
	int ret = 0;

	if (!O->doc)
		return 0;
	if (!(dir = opendir(O->templates)))
		return 0;	/* rendering without templates is refused before */
	while ((de = readdir(dir))) {
		size_t len = strlen(de->d_name), e;
		char kind[64];
		struct gen g;
		int k;

		if (len < 4 || len - 3 >= sizeof(kind) || strcmp(de->d_name + len - 3, ".gp"))
			continue;
		snprintf(kind, sizeof(kind), "%.*s", (int)(len - 3), de->d_name);
		if (!quotable(kind))
			continue;
		snprintf(path, sizeof(path), "%s/%s", O->templates, de->d_name);
		k = gen_parse(path, kind, &g);
		if (k < 0) {
			ret = -1;
			continue;
		}
		if (!k)
			continue;
		if (builtin(kind)) {
			fprintf(stderr, "report: %s: srcubench-data: the plot kind '%s' is a built-in plot "
				"of report_plot.c (rename the template or drop the line)\n", path, kind);
			ret = -1;
			continue;
		}
		if (g.per_all)
			ret |= gen_plot(&g, path, r, -1);
		else
			for (e = 0; e < r->nenvs; e++)
				ret |= gen_plot(&g, path, r, (int)e);
	}
	closedir(dir);
	return ret ? -1 : 0;
}

int rpl_plots(const char *dir, const struct rp_file *files, size_t nfiles,
	      const struct rs_result *res, const struct rpl_opt *opt)
{
	char tmpl[4096];
	size_t e;
	int ret = 0;
	FILE *x;

	O = opt;
	D = dir;
	if (!opt->templates || !quotable(opt->templates)) {
		fprintf(stderr, "report: the plot templates directory '%s' has a quote or a control "
			"character\n", opt->templates ? opt->templates : "(none)");
		return -1;
	}
	snprintf(tmpl, sizeof(tmpl), "%s/ops.gp", opt->templates);
	if (opt->render && access(tmpl, R_OK)) {
		fprintf(stderr, "report: no plot templates in %s (%s: %s); give --templates DIR\n",
			opt->templates, tmpl, strerror(errno));
		return -1;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "report: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	/* index.tsv: which (arch, kernel, env) each plot number is */
	if (!(x = fopen_in("index", "tsv")))
		return -1;
	fputs("n\tarch\tkernel\tenv\n", x);
	for (e = 0; e < res->nenvs; e++) {
		fprintf(x, "%zu\t", e + 1);
		ds(x, res->envs[e].arch);
		TAB(x);
		ds(x, res->envs[e].kernel);
		TAB(x);
		ds(x, res->envs[e].env);
		NL(x);
	}
	if (fclose_in(x, "index", "tsv"))
		return -1;
	ret |= plot_inc(res);
	ret |= plot_arches(res);
	for (e = 0; e < res->nenvs; e++) {
		ret |= plot_gp(res, (int)e);
		ret |= plot_percpu(files, nfiles, res, (int)e);
		ret |= plot_series(files, nfiles, res, (int)e);
		ret |= plot_cover(res, (int)e);
	}
	ret |= gen_plots(res);
	return ret ? -1 : 0;
}
