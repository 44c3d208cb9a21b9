// SPDX-License-Identifier: GPL-2.0
/*
 * report_plot: every plot is a gnuplot script NAME.gp that renders NAME.png
 * and NAME.svg from NAME.dat (both in the plot directory), so any plot can
 * be redrawn by hand with "gnuplot NAME.gp" in that directory.  Plots:
 *   this_cpu_inc        this_cpu_inc vs __this_cpu_inc per context, one panel
 *                       per (arch, kernel, env), 95% CI error bars
 *   ops-TAG             net ns/op of every op per context (log y when spread)
 *   gp-cdf-TAG          grace-period latency CDF (sync/exp x idle/loaded) as
 *                       steps through min, p50, p90, p99, p99.9, max; log x
 *   percpu-TAG          per-CPU ns/op of every read record, per op and context
 *   timeseries-TAG      ns/op over time from sample records (skipped if none)
 *   arches              the architectures side by side (two or more arches):
 *                       this_cpu_inc vs __this_cpu_inc per context, timed and
 *                       in icount instructions; lost updates of both; GP p50/p99
 * TAG is arch-kernel-env.
 */
#define _POSIX_C_SOURCE 200809L
#include "report_plot.h"
#include "report_arch.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define W	1200
#define H	700

/* A name safe inside a gnuplot "string" and a file name. */
static const char *safe(char *buf, size_t len, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		buf[i] = (s[i] == '"' || s[i] == '\\' || s[i] == '\'' || s[i] == '/' ||
			  (unsigned char)s[i] < 0x20) ? '_' : s[i];
	buf[i] = '\0';
	return buf;
}

static void env_tag(char *buf, size_t len, const struct rs_env *e)
{
	char a[RP_NAME], k[RP_NAME], v[RP_NAME];

	snprintf(buf, len, "%s-%s-%s", safe(a, sizeof(a), e->arch),
		 safe(k, sizeof(k), e->kernel), safe(v, sizeof(v), e->env));
}

/* "x86_64, kernel 6.1.0, kvm" or "..., emulated (TCG)" */
static void env_label(char *buf, size_t len, const struct rs_env *e)
{
	char a[RP_NAME], k[RP_NAME], v[RP_NAME];
	const char *how = !strcmp(e->env, "tcg") ? "emulated (TCG)" :
			  !strcmp(e->env, "tcg-icount") ? "TCG icount: instructions, not time" :
			  safe(v, sizeof(v), e->env);

	snprintf(buf, len, "%s, kernel %s, %s", safe(a, sizeof(a), e->arch),
		 safe(k, sizeof(k), e->kernel), how);
}

/* "1 run, 4 CPUs; error bars: 95% t-interval across CPUs" (the CI method of report_stats) */
static void runs_label(char *buf, size_t len, const struct rs_env *e, int bars)
{
	snprintf(buf, len, "%d run%s, %d CPU%s%s", e->runs, e->runs == 1 ? "" : "s",
		 e->ncpus, e->ncpus == 1 ? "" : "s",
		 !bars ? "" : e->runs == 1 ? "; error bars: 95% t-interval of the mean across CPUs" :
		 "; error bars: 95% t-interval of the mean over runs");
}

static FILE *open2(const char *dir, const char *name, const char *ext)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "report: %s: %s\n", path, strerror(errno));
	return f;
}

/* The script's head: loop over both formats; the caller writes the body. */

/* A plot's script and data files, both or neither. */
static int open_pair(const char *dir, const char *name, FILE **g, FILE **d)
{
	if (!(*g = open2(dir, name, "gp")))
		return -1;
	if (!(*d = open2(dir, name, "dat"))) {
		fclose(*g);
		return -1;
	}
	return 0;
}
static void gp_head_h(FILE *g, const char *name, const char *what, int w, int h);

static void gp_head(FILE *g, const char *name, const char *what)
{
	gp_head_h(g, name, what, W, H);
}

static void gp_head_h(FILE *g, const char *name, const char *what, int w, int h)
{
	fprintf(g, "# srcubench report: %s\n"
		"# data: %s.dat; re-render in this directory with: gnuplot %s.gp\n"
		"set datafile missing '?'\n"
		"do for [fmt in \"png svg\"] {\n"
		"if (fmt eq \"png\") {\n"
		"  set terminal pngcairo size %d,%d noenhanced font ',11'\n"
		"} else {\n"
		"  set terminal svg size %d,%d noenhanced font 'sans,11' background '#ffffff'\n"
		"}\n"
		"set output '%s.'.fmt\n"
		"reset\n"
		"set termoption noenhanced\n"
		"set datafile missing '?'\n"
		"set grid ytics lc '#dddddd'\n"
		"set key top left Left reverse opaque box spacing 1.4\n",
		what, name, name, w, h, w, h, name);
}

static void gp_tail(FILE *g)
{
	fprintf(g, "set output\n}\n");
}

static const struct rpl_opt *O;

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

static int render(const char *dir, const char *name)
{
	char script[RP_NAME * 4];
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
		if (chdir(dir))
			_exit(127);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "report: gnuplot %s/%s failed (status %d)\n", dir, script,
			WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return -1;
	}
	return 0;
}

static void pr(FILE *d, double v)
{
	if (isnan(v) || isinf(v))
		fprintf(d, " ?");
	else
		fprintf(d, " %.4f", v);
}

/* distinct contexts / ops of env @env (NULL: all), in table order */
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

/* (1) this_cpu_inc vs __this_cpu_inc, one panel per env */
static int plot_inc(const char *dir, const struct rs_result *r)
{
	const char *name = "this_cpu_inc", *ctx[16];
	char lab[RP_NAME * 4], rl[160];
	double ymax;
	size_t e, c, nc, panels = 0;
	FILE *g, *d;
	int cols, rows;

	for (e = 0; e < r->nenvs; e++)
		if (rs_find_cost(r, (int)e, "process", "this_cpu_inc") ||
		    rs_find_cost(r, (int)e, "process", "__this_cpu_inc"))
			panels++;
	if (!panels) {
		note("report: plot %s skipped: no this_cpu_inc/__this_cpu_inc records\n", name);
		return 0;
	}
	if (open_pair(dir, name, &g, &d))
		return -1;
	cols = panels < 3 ? (int)panels : 3;
	rows = (int)((panels + 2) / 3);
	fprintf(d, "# per env block: context, this_cpu_inc ns/op ci_lo ci_hi, "
		"__this_cpu_inc ns/op ci_lo ci_hi (raw, 95%% CI; '?' = none)\n");
	gp_head_h(g, name, "this_cpu_inc vs __this_cpu_inc", cols > 2 ? 1400 : W,
		  rows > 1 ? 600 * rows : H);
	fprintf(g, "set multiplot layout %d,%d title \"this_cpu_inc vs __this_cpu_inc: raw cost per op "
		"(incl. loop overhead)\\nerror bars: 95%% t-interval of the mean over runs, or across "
		"CPUs when there is 1 run\"\n", rows, cols);
	fprintf(g, "set style data histogram\nset style histogram errorbars gap 1 lw 1.5\n"
		"set style fill solid 0.75 border -1\nset boxwidth 0.9\n"
		"set xtics nomirror\n");
	panels = 0;
	for (e = 0; e < r->nenvs; e++) {
		const struct rs_cost *a, *b;

		if (!rs_find_cost(r, (int)e, "process", "this_cpu_inc") &&
		    !rs_find_cost(r, (int)e, "process", "__this_cpu_inc"))
			continue;
		nc = names(r, (int)e, 0, ctx, 16);
		fprintf(d, "# %s %s %s\n", r->envs[e].arch, r->envs[e].kernel, r->envs[e].env);
		ymax = 0;
		for (c = 0; c < nc; c++) {
			a = rs_find_cost(r, (int)e, ctx[c], "this_cpu_inc");
			b = rs_find_cost(r, (int)e, ctx[c], "__this_cpu_inc");
			/* gnuplot autoscales histograms on the bars only: fit the error bars */
			if (a)
				ymax = fmax(ymax, fmax(a->min.point, isnan(a->min.hi) ? 0 : a->min.hi));
			if (b)
				ymax = fmax(ymax, fmax(b->min.point, isnan(b->min.hi) ? 0 : b->min.hi));
			fprintf(d, "%s", ctx[c]);
			pr(d, a ? a->min.point : NAN);
			pr(d, a ? (isnan(a->min.lo) ? a->min.point : a->min.lo) : NAN);
			pr(d, a ? (isnan(a->min.hi) ? a->min.point : a->min.hi) : NAN);
			pr(d, b ? b->min.point : NAN);
			pr(d, b ? (isnan(b->min.lo) ? b->min.point : b->min.lo) : NAN);
			pr(d, b ? (isnan(b->min.hi) ? b->min.point : b->min.hi) : NAN);
			fputc('\n', d);
		}
		fprintf(d, "\n\n");
		env_label(lab, sizeof(lab), &r->envs[e]);
		runs_label(rl, sizeof(rl), &r->envs[e], 0);
		if (!(ymax > 0) || !isfinite(ymax))
			ymax = 1;
		fprintf(g, "set title \"%s\\n%s (CI %s)\"\nset ylabel \"%s\"\n"
			"set yrange [0:%g]\nset xrange [-0.6:%zu.6]\n"
			"plot '%s.dat' index %zu using 2:3:4:xtic(1) title 'this_cpu_inc' lc '#1f77b4', "
			"'' index %zu using 5:6:7 title '__this_cpu_inc' lc '#ff7f0e'\n",
			lab, rl, r->envs[e].runs == 1 ? "across CPUs" : "over runs",
			rs_unit(r->envs[e].env), ymax * 1.25, nc ? nc - 1 : 0, name,
			panels, panels);
		panels++;
	}
	fprintf(g, "unset multiplot\n");
	gp_tail(g);
	fclose(g);
	fclose(d);
	return render(dir, name);
}

/* (2) net ns/op of every op, clustered by context */
static int plot_ops(const char *dir, const struct rs_result *r, int env)
{
	const char *ctx[16], *ops[64];
	char name[RP_NAME * 4], tag[RP_NAME * 3 + 8], lab[RP_NAME * 4], rl[160];
	static const char *const color[] = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728" };
	size_t c, o, nc, no, k = 0;
	double lo = INFINITY, hi = 0;
	int logy, skipped = 0;
	FILE *g, *d;

	env_tag(tag, sizeof(tag), &r->envs[env]);
	snprintf(name, sizeof(name), "ops-%s", tag);
	nc = names(r, env, 0, ctx, 16);
	no = names(r, env, 1, ops, 64);
	for (o = 0; o < no; o++)
		for (c = 0; c < nc; c++) {
			const struct rs_cost *k2 = rs_find_cost(r, env, ctx[c], ops[o]);

			if (k2 && k2->net.point > 0) {
				lo = fmin(lo, k2->net.point);
				hi = fmax(hi, k2->net.point);
			}
		}
	if (!(hi > 0)) {
		note("report: plot %s skipped: no net ns/op (no empty op?)\n", name);
		return 0;
	}
	logy = hi / lo > 30;
	if (open_pair(dir, name, &g, &d))
		return -1;
	fprintf(d, "# op, then per context (");
	for (c = 0; c < nc; c++)
		fprintf(d, "%s%s", c ? " " : "", ctx[c]);
	fprintf(d, "): net ns/op ci_lo ci_hi (op - empty; '?' = none%s)\n",
		logy ? " or <= 0 on the log axis" : "");
	for (o = 0; o < no; o++) {
		if (!strcmp(ops[o], "empty"))
			continue;
		fprintf(d, "%s", ops[o]);
		for (c = 0; c < nc; c++) {
			const struct rs_cost *q = rs_find_cost(r, env, ctx[c], ops[o]);
			double p = q ? q->net.point : NAN;
			double l = q && !isnan(q->net.lo) ? q->net.lo : p;
			double h = q && !isnan(q->net.hi) ? q->net.hi : p;

			if (logy && !(p > 0)) {
				p = l = h = NAN;
				skipped++;
			}
			if (logy && !(l > 0))
				l = p / 1.0001;	/* interval reaching 0: draw to the point */
			pr(d, p);
			pr(d, l);
			pr(d, h);
		}
		fputc('\n', d);
		k++;
	}
	env_label(lab, sizeof(lab), &r->envs[env]);
	gp_head(g, name, "net cost of every op per context");
	runs_label(rl, sizeof(rl), &r->envs[env], 1);
	fprintf(g, "set title \"net cost per op (op - empty)%s\\n%s\\n%s\"\n"
		"set ylabel \"net %s%s\"\n"
		"set style data histogram\nset style histogram errorbars gap 1 lw 1\n"
		"set style fill solid 0.75 border -1\nset boxwidth 0.9\n"
		"set xtics rotate by 30 right nomirror\nset bmargin 7\nset key spacing 1.4\n",
		skipped ? " (values <= 0 not drawn on the log axis)" : "", lab, rl,
		rs_unit(r->envs[env].env),
		logy ? ", log scale" : "");
	if (logy)
		fprintf(g, "set logscale y\nset yrange [%g:%g]\n", lo / 3, hi * 3);
	else
		fprintf(g, "set yrange [0:*]\n");
	fprintf(g, "plot ");
	for (c = 0; c < nc; c++)
		fprintf(g, "%s'%s.dat' using %zu:%zu:%zu%s title '%s' lc '%s'", c ? ", " : "", name,
			2 + 3 * c, 3 + 3 * c, 4 + 3 * c, c ? "" : ":xtic(1)", ctx[c], color[c % 4]);
	fprintf(g, "\n");
	gp_tail(g);
	fclose(g);
	fclose(d);
	return render(dir, name);
}

/* (3) grace-period latency CDFs */
static int plot_gp(const char *dir, const struct rs_result *r, int env)
{
	static const char *const kinds[] = { "sync", "exp" }, *const loads[] = { "idle", "loaded" };
	static const char *const color[] = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728" };
	char name[RP_NAME * 4], tag[RP_NAME * 3 + 8], lab[RP_NAME * 4], rl[160];
	size_t i;
	int k, l, n = 0;
	FILE *g, *d;

	env_tag(tag, sizeof(tag), &r->envs[env]);
	snprintf(name, sizeof(name), "gp-cdf-%s", tag);
	for (i = 0; i < r->ngps; i++)
		if (r->gps[i].env == env && r->gps[i].count > 0)
			n++;
	if (!n) {
		note("report: plot %s skipped: no grace periods\n", name);
		return 0;
	}
	if (open_pair(dir, name, &g, &d))
		return -1;
	env_label(lab, sizeof(lab), &r->envs[env]);
	runs_label(rl, sizeof(rl), &r->envs[env], 0);
	gp_head(g, name, "grace-period latency CDF");
	fprintf(g, "set title \"grace-period latency CDF from the recorded percentiles "
		"(min, p50, p90, p99, p99.9, max)\\n%s, %s; count-weighted over runs\"\n"
		"set xlabel \"grace-period latency, %s (log scale; k = 10^3, M = 10^6)\"\n"
		"set ylabel \"fraction of grace periods <= x\"\n"
		"set logscale x\nset format x '%%.0s%%c'\nset yrange [0:1.02]\n"
		"set ytics 0.1\nset grid xtics ytics lc '#dddddd'\nset key bottom right\n",
		lab, rl, rs_gp_unit(r->envs[env].env));
	fprintf(d, "# per block (kind load count): latency fraction; steps through "
		"min 0, p50 .5, p90 .9, p99 .99, p999 .999, max 1 (count-weighted over runs)\n");
	fprintf(g, "plot ");
	n = 0;
	for (k = 0; k < 2; k++)
		for (l = 0; l < 2; l++)
			for (i = 0; i < r->ngps; i++) {
				const struct rs_gp *q = &r->gps[i];

				if (q->env != env || strcmp(q->kind, kinds[k]) ||
				    strcmp(q->load, loads[l]) || !(q->count > 0))
					continue;
				fprintf(d, "# %s %s %.0f\n%g 0\n%g 0.5\n%g 0.9\n%g 0.99\n%g 0.999\n%g 1\n\n\n",
					q->kind, q->load, q->count, q->min, q->p50, q->p90, q->p99,
					q->p999, q->max);
				fprintf(g, "%s'%s.dat' index %d using 1:2 with steps lw 2 lc '%s' "
					"title '%s, %s (n=%.0f)', '' index %d using 1:2 with points pt 7 "
					"ps 0.8 lc '%s' notitle", n ? ", " : "", name, n,
					color[(k * 2 + l) % 4], q->kind, q->load, q->count, n,
					color[(k * 2 + l) % 4]);
				n++;
			}
	fprintf(g, "\n");
	gp_tail(g);
	fclose(g);
	fclose(d);
	if (!n) {
		note("report: plot %s: no sync/exp grace periods\n", name);
		return 0;
	}
	return render(dir, name);
}

/* (4) per-CPU ns/op of every read record */
static int plot_percpu(const char *dir, const struct rp_file *files, size_t nfiles,
		       const struct rs_result *r, int env)
{
	static const char *const color[] = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728" };
	const char *ctx[16], *ops[64];
	char name[RP_NAME * 4], tag[RP_NAME * 3 + 8], lab[RP_NAME * 4], rl[160];
	size_t c, o, nc, no, f, i;
	double lo = INFINITY, hi = 0, off;
	FILE *g, *d;

	env_tag(tag, sizeof(tag), &r->envs[env]);
	snprintf(name, sizeof(name), "percpu-%s", tag);
	nc = names(r, env, 0, ctx, 16);
	no = names(r, env, 1, ops, 64);
	if (!nc || !no)
		return 0;
	if (open_pair(dir, name, &g, &d))
		return -1;
	fprintf(d, "# per context block: x (op index + context offset + CPU offset), ns/op (ns/ops of one "
		"read record), op, cpu, run\n");
	for (c = 0; c < nc; c++) {
		fprintf(d, "# %s\n", ctx[c]);
		off = nc > 1 ? -0.25 + 0.5 * c / (nc - 1) : 0;
		for (f = 0; f < nfiles; f++) {
			const struct rp_file *F = &files[f];

			if (strcmp(F->arch, r->envs[env].arch) || strcmp(F->kernel, r->envs[env].kernel) ||
			    strcmp(F->env, r->envs[env].env))
				continue;
			for (i = 0; i < F->nreads; i++) {
				const struct rp_read *x = &F->reads[i];
				double v;

				if (strcmp(x->context, ctx[c]) || !(x->ops > 0))
					continue;
				for (o = 0; o < no && strcmp(ops[o], x->op); o++)
					;
				v = x->ns / x->ops;
				if (v > 0) {
					lo = fmin(lo, v);
					hi = fmax(hi, v);
				}
				/* CPUs side by side within the context's slot */
				fprintf(d, "%.3f %.4f %s %ld %ld\n",
					o + off + ((x->cpu % 8) - 3.5) * 0.018, v, x->op, x->cpu, x->run);
			}
		}
		fprintf(d, "\n\n");
	}
	env_label(lab, sizeof(lab), &r->envs[env]);
	runs_label(rl, sizeof(rl), &r->envs[env], 0);
	gp_head(g, name, "per-CPU cost per op");
	fprintf(g, "set title \"per-CPU cost per op (one point per CPU and run, CPUs side by side, raw)\\n%s, %s\"\n"
		"set ylabel \"raw %s%s\"\nset xrange [-0.6:%zu.6]\nset bmargin 7\n"
		"set grid xtics ytics lc '#dddddd'\nset xtics rotate by 30 right nomirror (",
		lab, rl, rs_unit(r->envs[env].env),
		hi / lo > 30 ? ", log scale" : "", no - 1);
	for (o = 0; o < no; o++)
		fprintf(g, "%s'%s' %zu", o ? ", " : "", ops[o], o);
	fprintf(g, ")\n");
	if (hi / lo > 30)
		fprintf(g, "set logscale y\n");
	fprintf(g, "plot ");
	for (c = 0; c < nc; c++)
		fprintf(g, "%s'%s.dat' index %zu using 1:2 with points pt %zu ps 1 lc '%s' title '%s'",
			c ? ", " : "", name, c, 4 + 2 * c, color[c % 4], ctx[c]);
	fprintf(g, "\n");
	gp_tail(g);
	fclose(g);
	fclose(d);
	return render(dir, name);
}

/* (5) time series from sample records (running totals of one reader) */
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

static int plot_series(const char *dir, const struct rp_file *files, size_t nfiles,
		       const struct rs_result *r, int env)
{
	static const char *const color[] = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
		"#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf" };
	char name[RP_NAME * 4], tag[RP_NAME * 3 + 8], lab[RP_NAME * 4], rl[160], o[RP_NAME];
	struct ser *v;
	size_t f, i, n = 0, blk = 0, nctx = 0, *first = NULL;
	double t0 = INFINITY, t1 = 0, lo = INFINITY, hi = 0;
	int has_ns = 1, logy;
	FILE *g, *d;

	env_tag(tag, sizeof(tag), &r->envs[env]);
	snprintf(name, sizeof(name), "timeseries-%s", tag);
	for (f = 0; f < nfiles; f++)
		if (!strcmp(files[f].arch, r->envs[env].arch) &&
		    !strcmp(files[f].kernel, r->envs[env].kernel) &&
		    !strcmp(files[f].env, r->envs[env].env))
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
		if (strcmp(files[f].arch, r->envs[env].arch) ||
		    strcmp(files[f].kernel, r->envs[env].kernel) ||
		    strcmp(files[f].env, r->envs[env].env))
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
	/* the interval values, for the y range */
	for (i = 1; i < n; i++) {
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
		note("report: plot %s (time series) skipped: no two samples of one "
			"reader with growing ops\n", name);
		free(v);
		return 0;
	}
	logy = hi / lo > 30;
	first = calloc(n + 1, sizeof(*first));	/* block index -> first sample */
	if (!first) {
		free(v);
		return -1;
	}
	if (!(g = open2(dir, name, "gp"))) {
		free(v);
		free(first);
		return -1;
	}
	if (!(d = open2(dir, name, "dat"))) {
		free(v);
		free(first);
		fclose(g);
		return -1;
	}
	fprintf(d, "# one block per context and op: t (ms since the first sample), %s "
		"over the interval since the previous sample of the same reader (file, run, CPU, "
		"seg), CPU, run\n", has_ns ? "delta ns / delta ops" : "delta t_ns / delta ops");
	for (i = 0; i < n; i++) {
		const struct rp_sample *a, *b = v[i].s;

		if (!i || strcmp(v[i - 1].s->context, b->context) || strcmp(v[i - 1].s->op, b->op)) {
			if (i)
				fprintf(d, "\n\n");
			fprintf(d, "# %s %s\n", b->context, b->op);
			if (!i || strcmp(v[i - 1].s->context, b->context))
				nctx++;
			first[blk++] = i;
		}
		if (!i || !same_reader(&v[i - 1], &v[i]))
			continue;
		a = v[i - 1].s;
		if (!(b->ops > a->ops))
			continue;	/* totals restarted without a seg change */
		fprintf(d, "%.3f", (b->t_ns - t0) / 1e6);
		pr(d, (has_ns ? b->ns - a->ns : b->t_ns - a->t_ns) / (b->ops - a->ops));
		fprintf(d, " %ld %ld\n", b->cpu, b->run);
	}
	fprintf(d, "\n");
	env_label(lab, sizeof(lab), &r->envs[env]);
	runs_label(rl, sizeof(rl), &r->envs[env], 0);
	gp_head_h(g, name, "cost per op over time", W, nctx > 1 ? 300 + 300 * (int)nctx : H);
	fprintf(g, "set multiplot layout %zu,1 title \"cost per op over time, from sample records "
		"(%s between consecutive samples of one reader; one point per CPU and interval)\\n"
		"%s, %s\"\n", nctx,
		has_ns ? "delta ns / delta ops" : "no ns column: delta t / delta ops, wall time",
		lab, rl);
	fprintf(g, "set xlabel 'time since the first sample (ms)'\nset ylabel \"%s%s\"\n"
		"set key outside right top\nset lmargin at screen 0.07\nset rmargin at screen 0.82\nset grid xtics ytics lc '#dddddd'\n"
		"set xrange [0:%g]\n",
		rs_unit(r->envs[env].env), logy ? ", log scale" : "", (t1 - t0) / 1e6 * 1.03 + 1e-3);
	if (logy)
		fprintf(g, "set logscale y\nset yrange [%g:%g]\n", lo / 2, hi * 2);
	else
		fprintf(g, "set yrange [0:%g]\n", hi * 1.1);
	for (i = 0; i < blk; i++) {
		const struct rp_sample *s = v[first[i]].s;
		int newctx = !i || strcmp(v[first[i - 1]].s->context, s->context);
		int last = i + 1 == blk || strcmp(v[first[i + 1]].s->context, s->context);
		size_t k = 0, j;

		for (j = i; j > 0 && !strcmp(v[first[j - 1]].s->context, s->context); j--)
			k++;	/* colour: op's position within its context */
		if (newctx)
			fprintf(g, "set title \"%s\"\nplot ", safe(o, sizeof(o), s->context));
		fprintf(g, "%s'%s.dat' index %zu using 1:2 with points pt 7 ps 0.8 lc '%s' title '%s'%s",
			newctx ? "" : ", ", name, i, color[k % 10], safe(o, sizeof(o), s->op),
			last ? "\n" : "");
	}
	fprintf(g, "unset multiplot\n");
	gp_tail(g);
	fclose(g);
	fclose(d);
	free(v);
	free(first);
	return render(dir, name);
}

/* (6) the architectures side by side, one figure of four panels */
static int plot_arches(const char *dir, const struct rs_result *r)
{
	static const char *const ctx[] = { "process", "softirq", "hardirq" };
	static const char *const kinds[] = { "sync", "exp" };
	const char *name = "arches";
	struct ra_arch a[RA_MAX];
	size_t n = ra_arches(r, a), i, k, rows[4] = { 0 };
	FILE *g, *d;

	if (ra_narch(a, n) < 2)
		return 0;
	if (open_pair(dir, name, &g, &d))
		return -1;
	/* index 0: timed this/__this per (arch, context) with 95% CI */
	fprintf(d, "# index 0: arch/context, this_cpu_inc ns/op lo hi, __this_cpu_inc ns/op lo hi (timed env)\n");
	for (i = 0; i < n; i++)
		for (k = 0; k < 3; k++) {
			const struct rs_cost *t = rs_find_cost(r, a[i].timed, ctx[k], "this_cpu_inc");
			const struct rs_cost *u = rs_find_cost(r, a[i].timed, ctx[k], "__this_cpu_inc");

			if (!t && !u)
				continue;
			fprintf(d, "%s/%.4s", a[i].arch, ctx[k]);
			rows[0]++;
			pr(d, t ? t->min.point : NAN);
			pr(d, t ? (isnan(t->min.lo) ? t->min.point : t->min.lo) : NAN);
			pr(d, t ? (isnan(t->min.hi) ? t->min.point : t->min.hi) : NAN);
			pr(d, u ? u->min.point : NAN);
			pr(d, u ? (isnan(u->min.lo) ? u->min.point : u->min.lo) : NAN);
			pr(d, u ? (isnan(u->min.hi) ? u->min.point : u->min.hi) : NAN);
			fputc('\n', d);
		}
	if (!rows[0])	/* gnuplot does not count an empty block as an index */
		fprintf(d, "none ? ? ? ? ? ?\n");
	fprintf(d, "\n\n# index 1: arch/context, this_cpu_inc, __this_cpu_inc instructions/op beyond the empty loop (TCG icount)\n");
	for (i = 0; i < n; i++)
		for (k = 0; k < 3; k++) {
			double t = ra_icount_net(r, a[i].icount, ctx[k], "this_cpu_inc");
			double u = ra_icount_net(r, a[i].icount, ctx[k], "__this_cpu_inc");

			if (isnan(t) && isnan(u))
				continue;
			fprintf(d, "%s/%.4s", a[i].arch, ctx[k]);
			rows[1]++;
			pr(d, t);
			pr(d, u);
			fputc('\n', d);
		}
	if (!rows[1])
		fprintf(d, "none ? ?\n");
	fprintf(d, "\n\n# index 2: arch, lost %% of expected: this_cpu_inc, __this_cpu_inc (timed env),"
		" this_cpu_inc, __this_cpu_inc (icount)\n");
	for (i = 0; i < n; i++) {
		static const char *const lops[] = { "this_cpu_inc", "__this_cpu_inc" };
		double v[4] = { NAN, NAN, NAN, NAN };

		for (int m = 0; m < 4; m++) {
			int env = m < 2 ? a[i].timed : a[i].icount;
			double lost = 0, exp = 0;

			for (k = 0; k < r->nlosts; k++)
				if (r->losts[k].env == env && !strcmp(r->losts[k].op, lops[m % 2])) {
					lost += r->losts[k].lost;
					exp += r->losts[k].expected;
				}
			if (exp > 0)
				v[m] = 100 * lost / exp;
			rows[2] += exp > 0;
		}
		fprintf(d, "%s", a[i].arch);
		for (int m = 0; m < 4; m++)
			pr(d, v[m]);
		fputc('\n', d);
	}
	fprintf(d, "\n\n# index 3: arch, then per kind (sync, exp) under load: p50 p50 p99 us (timed env)\n");
	for (i = 0; i < n; i++) {
		fprintf(d, "%s", a[i].arch);
		for (k = 0; k < 2; k++) {
			const struct rs_gp *q = rs_find_gp(r, a[i].timed, kinds[k], "loaded");

			pr(d, q ? q->p50 / 1e3 : NAN);
			pr(d, q ? q->p50 / 1e3 : NAN);
			pr(d, q ? q->p99 / 1e3 : NAN);
			rows[3] += q && q->count > 0;
		}
		fputc('\n', d);
	}
	gp_head_h(g, name, "the architectures side by side", 1500, 1100);
	fprintf(g, "set multiplot layout 2,2 title \"srcubench across architectures "
		"(timed: emulated under TCG on this host, not hardware time; icount: guest instructions)\"\n"
		"set style data histogram\nset style fill solid 0.75 border -1\nset boxwidth 0.9\n"
		"set xtics nomirror rotate by -45 font ',9'\n");
	/* a panel without data says so instead of failing the whole figure */
#define NO_DATA(what) fprintf(g, "set title \"%s\"\nset label 1 \"no data in these results\" " \
			      "at graph 0.5,0.5 center\nplot [0:1][0:1] NaN notitle\nunset label 1\n", what)
	if (rows[0])
		fprintf(g, "set style histogram errorbars gap 1 lw 1.2\n"
			"set title \"this_cpu_inc vs __this_cpu_inc, timed (raw ns/op incl. loop; 95%% CI)\"\n"
			"set ylabel \"ns/op (emulated, TCG)\"\nset yrange [0:*]\n"
			"plot '%s.dat' index 0 using 2:3:4:xtic(1) title 'this_cpu_inc' lc '#1f77b4', "
			"'' index 0 using 5:6:7 title '__this_cpu_inc' lc '#ff7f0e'\n", name);
	else
		NO_DATA("this_cpu_inc vs __this_cpu_inc, timed");
	if (rows[1])
		fprintf(g, "set style histogram clustered gap 1\n"
			"set title \"this_cpu_inc vs __this_cpu_inc: instructions beyond the empty loop (TCG icount)\"\n"
			"set ylabel \"instructions/op\"\nset yrange [0:*]\n"
			"plot '%s.dat' index 1 using 2:xtic(1) title 'this_cpu_inc' lc '#1f77b4', "
			"'' index 1 using 3 title '__this_cpu_inc' lc '#ff7f0e'\n", name);
	else
		NO_DATA("this_cpu_inc vs __this_cpu_inc, TCG icount");
	fprintf(g, "set xtics rotate by 0 font ',10'\n");
	if (rows[2])
		fprintf(g, "set style histogram clustered gap 1\n"
			"set title \"lost updates with readers in every context on one counter (racy_inc control: see the table)\"\n"
			"set ylabel \"lost, %% of increments\"\nset yrange [0:*]\n"
			"plot '%s.dat' index 2 using 2:xtic(1) title 'this_cpu_inc, timed' lc '#1f77b4', "
			"'' index 2 using 3 title '__this_cpu_inc, timed' lc '#ff7f0e', "
			"'' index 2 using 4 title 'this_cpu_inc, icount (interrupts at any instruction)' lc '#17becf', "
			"'' index 2 using 5 title '__this_cpu_inc, icount (interrupts at any instruction)' lc '#d62728'\n",
			name);
	else
		NO_DATA("lost updates");
	if (rows[3])
		fprintf(g, "set style histogram errorbars gap 1 lw 1.2\n"
			"set logscale y\nset yrange [*:*]\n"
			"set title \"grace-period latency under read load: p50 bar, p99 whisker (emulated, TCG)\"\n"
			"set ylabel \"us (log)\"\n"
			"plot '%s.dat' index 3 using 2:3:4:xtic(1) title 'synchronize_srcu' lc '#2ca02c', "
			"'' index 3 using 5:6:7 title 'synchronize_srcu_expedited' lc '#8c564b'\n", name);
	else
		NO_DATA("grace-period latency under read load");
#undef NO_DATA
	fprintf(g, "unset multiplot\n");
	gp_tail(g);
	fclose(g);
	fclose(d);
	return render(dir, name);
}

int rpl_plots(const char *dir, const struct rp_file *files, size_t nfiles,
	      const struct rs_result *res, const struct rpl_opt *opt)
{
	O = opt;
	size_t e;
	int ret = 0;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "report: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	ret |= plot_inc(dir, res);
	ret |= plot_arches(dir, res);
	for (e = 0; e < res->nenvs; e++) {
		ret |= plot_ops(dir, res, (int)e);
		ret |= plot_gp(dir, res, (int)e);
		ret |= plot_percpu(dir, files, nfiles, res, (int)e);
		ret |= plot_series(dir, files, nfiles, res, (int)e);
	}
	return ret ? -1 : 0;
}
