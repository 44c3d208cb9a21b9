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
 * TAG is arch-kernel-env.
 */
#define _POSIX_C_SOURCE 200809L
#include "report_plot.h"

#include <errno.h>
#include <math.h>
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
static void gp_head(FILE *g, const char *name, const char *what)
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
		what, name, name, W, H, W, H, name);
}

static void gp_tail(FILE *g)
{
	fprintf(g, "set output\n}\n");
}

static int render(const char *dir, const char *name)
{
	char script[RP_NAME * 4];
	pid_t pid;
	int st;

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

static const struct rs_cost *find(const struct rs_result *r, int env, const char *ctx,
				  const char *op)
{
	size_t i;

	for (i = 0; i < r->ncosts; i++)
		if (r->costs[i].env == env && !strcmp(r->costs[i].context, ctx) &&
		    !strcmp(r->costs[i].op, op))
			return &r->costs[i];
	return NULL;
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
	char lab[RP_NAME * 4];
	size_t e, c, nc, panels = 0;
	FILE *g, *d;
	int cols, rows;

	for (e = 0; e < r->nenvs; e++)
		if (find(r, (int)e, "process", "this_cpu_inc") ||
		    find(r, (int)e, "process", "__this_cpu_inc"))
			panels++;
	if (!panels) {
		fprintf(stderr, "report: plot %s skipped: no this_cpu_inc/__this_cpu_inc records\n", name);
		return 0;
	}
	if (!(g = open2(dir, name, "gp")))
		return -1;
	if (!(d = open2(dir, name, "dat"))) {
		fclose(g);
		return -1;
	}
	cols = panels < 3 ? (int)panels : 3;
	rows = (int)((panels + 2) / 3);
	fprintf(d, "# per env block: context, this_cpu_inc ns/op ci_lo ci_hi, "
		"__this_cpu_inc ns/op ci_lo ci_hi (raw, 95%% CI; '?' = none)\n");
	gp_head(g, name, "this_cpu_inc vs __this_cpu_inc");
	fprintf(g, "set multiplot layout %d,%d title \"this_cpu_inc vs __this_cpu_inc: raw cost per op "
		"(incl. loop overhead), error bars 95%% CI\"\n", rows, cols);
	fprintf(g, "set style data histogram\nset style histogram errorbars gap 1 lw 1.5\n"
		"set style fill solid 0.75 border -1\nset boxwidth 0.9\nset yrange [0:*]\n"
		"set xtics nomirror\nset offsets 0.3, 0.3, 0, 0\n");
	panels = 0;
	for (e = 0; e < r->nenvs; e++) {
		const struct rs_cost *a, *b;

		if (!find(r, (int)e, "process", "this_cpu_inc") &&
		    !find(r, (int)e, "process", "__this_cpu_inc"))
			continue;
		nc = names(r, (int)e, 0, ctx, 16);
		fprintf(d, "# %s %s %s\n", r->envs[e].arch, r->envs[e].kernel, r->envs[e].env);
		for (c = 0; c < nc; c++) {
			a = find(r, (int)e, ctx[c], "this_cpu_inc");
			b = find(r, (int)e, ctx[c], "__this_cpu_inc");
			fprintf(d, "%s", ctx[c]);
			pr(d, a ? a->raw.point : NAN);
			pr(d, a ? (isnan(a->raw.lo) ? a->raw.point : a->raw.lo) : NAN);
			pr(d, a ? (isnan(a->raw.hi) ? a->raw.point : a->raw.hi) : NAN);
			pr(d, b ? b->raw.point : NAN);
			pr(d, b ? (isnan(b->raw.lo) ? b->raw.point : b->raw.lo) : NAN);
			pr(d, b ? (isnan(b->raw.hi) ? b->raw.point : b->raw.hi) : NAN);
			fputc('\n', d);
		}
		fprintf(d, "\n\n");
		env_label(lab, sizeof(lab), &r->envs[e]);
		fprintf(g, "set title \"%s\\n(%d runs, %d CPUs)\"\nset ylabel \"%s\"\n"
			"plot '%s.dat' index %zu using 2:3:4:xtic(1) title 'this_cpu_inc' lc '#1f77b4', "
			"'' index %zu using 5:6:7 title '__this_cpu_inc' lc '#ff7f0e'\n",
			lab, r->envs[e].runs, r->envs[e].ncpus, rs_unit(r->envs[e].env), name,
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
	char name[RP_NAME * 4], tag[RP_NAME * 3 + 8], lab[RP_NAME * 4];
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
			const struct rs_cost *k2 = find(r, env, ctx[c], ops[o]);

			if (k2 && k2->net.point > 0) {
				lo = fmin(lo, k2->net.point);
				hi = fmax(hi, k2->net.point);
			}
		}
	if (!(hi > 0)) {
		fprintf(stderr, "report: plot %s skipped: no net ns/op (no empty op?)\n", name);
		return 0;
	}
	logy = hi / lo > 30;
	if (!(g = open2(dir, name, "gp")))
		return -1;
	if (!(d = open2(dir, name, "dat"))) {
		fclose(g);
		return -1;
	}
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
			const struct rs_cost *q = find(r, env, ctx[c], ops[o]);
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
	fprintf(g, "set title \"net cost per op (op - empty), error bars 95%% CI%s\\n%s, %d runs, %d CPUs\"\n"
		"set ylabel \"net %s%s\"\n"
		"set style data histogram\nset style histogram errorbars gap 1 lw 1\n"
		"set style fill solid 0.75 border -1\nset boxwidth 0.9\n"
		"set xtics rotate by 30 right nomirror\nset bmargin 7\nset key spacing 1.4\n",
		skipped ? " (values <= 0 not drawn on the log axis)" : "", lab,
		r->envs[env].runs, r->envs[env].ncpus, rs_unit(r->envs[env].env),
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
	char name[RP_NAME * 4], tag[RP_NAME * 3 + 8], lab[RP_NAME * 4];
	size_t i;
	int k, l, n = 0;
	FILE *g, *d;

	env_tag(tag, sizeof(tag), &r->envs[env]);
	snprintf(name, sizeof(name), "gp-cdf-%s", tag);
	for (i = 0; i < r->ngps; i++)
		if (r->gps[i].env == env && r->gps[i].count > 0)
			n++;
	if (!n) {
		fprintf(stderr, "report: plot %s skipped: no grace periods\n", name);
		return 0;
	}
	if (!(g = open2(dir, name, "gp")))
		return -1;
	if (!(d = open2(dir, name, "dat"))) {
		fclose(g);
		return -1;
	}
	env_label(lab, sizeof(lab), &r->envs[env]);
	gp_head(g, name, "grace-period latency CDF");
	fprintf(g, "set title \"grace-period latency CDF from the recorded percentiles "
		"(min, p50, p90, p99, p99.9, max)\\n%s, %d runs\"\n"
		"set xlabel \"grace-period latency, %s (log scale; k = 10^3, M = 10^6)\"\n"
		"set ylabel \"fraction of grace periods <= x\"\n"
		"set logscale x\nset format x '%%.0s%%c'\nset yrange [0:1.02]\n"
		"set ytics 0.1\nset grid xtics ytics lc '#dddddd'\nset key bottom right\n",
		lab, r->envs[env].runs, rs_gp_unit(r->envs[env].env));
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
		fprintf(stderr, "report: plot %s: no sync/exp grace periods\n", name);
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
	char name[RP_NAME * 4], tag[RP_NAME * 3 + 8], lab[RP_NAME * 4];
	size_t c, o, nc, no, f, i;
	double lo = INFINITY, hi = 0, off;
	FILE *g, *d;

	env_tag(tag, sizeof(tag), &r->envs[env]);
	snprintf(name, sizeof(name), "percpu-%s", tag);
	nc = names(r, env, 0, ctx, 16);
	no = names(r, env, 1, ops, 64);
	if (!nc || !no)
		return 0;
	if (!(g = open2(dir, name, "gp")))
		return -1;
	if (!(d = open2(dir, name, "dat"))) {
		fclose(g);
		return -1;
	}
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
	gp_head(g, name, "per-CPU cost per op");
	fprintf(g, "set title \"per-CPU cost per op (one point per CPU and run, CPUs side by side, raw)\\n%s, %d runs, %d CPUs\"\n"
		"set ylabel \"raw %s%s\"\nset xrange [-0.6:%zu.6]\nset bmargin 7\n"
		"set grid xtics ytics lc '#dddddd'\nset xtics rotate by 30 right nomirror (",
		lab, r->envs[env].runs, r->envs[env].ncpus, rs_unit(r->envs[env].env),
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

/* (5) time series from sample records: ns/op of each interval */
static int plot_series(const char *dir, const struct rp_file *files, size_t nfiles,
		       const struct rs_result *r, int env)
{
	char name[RP_NAME * 4], tag[RP_NAME * 3 + 8], lab[RP_NAME * 4];
	char key[RP_NAME * 2 + 2], (*keys)[RP_NAME * 2 + 2] = NULL;
	size_t f, i, j, nkeys = 0, n = 0;
	FILE *g, *d;

	env_tag(tag, sizeof(tag), &r->envs[env]);
	snprintf(name, sizeof(name), "timeseries-%s", tag);
	for (f = 0; f < nfiles; f++)
		if (!strcmp(files[f].arch, r->envs[env].arch) &&
		    !strcmp(files[f].kernel, r->envs[env].kernel) &&
		    !strcmp(files[f].env, r->envs[env].env))
			n += files[f].nsamples;
	if (!n) {
		fprintf(stderr, "report: plot %s (time series) skipped: no sample records\n", name);
		return 0;
	}
	keys = malloc(n * sizeof(*keys));
	if (!keys)
		return -1;
	if (!(g = open2(dir, name, "gp"))) {
		free(keys);
		return -1;
	}
	if (!(d = open2(dir, name, "dat"))) {
		free(keys);
		fclose(g);
		return -1;
	}
	/* one block per context:op; in it, each sample after the first of its
	 * (file, run, cpu) series: t in ms, (t - previous t) / ops */
	for (f = 0; f < nfiles; f++)
		for (i = 0; i < files[f].nsamples; i++) {
			const struct rp_sample *s = &files[f].samples[i];

			snprintf(key, sizeof(key), "%s:%s", s->context, s->op);
			for (j = 0; j < nkeys && strcmp(keys[j], key); j++)
				;
			if (j == nkeys)
				strcpy(keys[nkeys++], key);
		}
	fprintf(d, "# per context:op block: t (ms), ns/op over the interval since the "
		"previous sample of the same run and CPU (sample ops = ops in that interval)\n");
	for (j = 0; j < nkeys; j++) {
		fprintf(d, "# %s\n", keys[j]);
		for (f = 0; f < nfiles; f++) {
			const struct rp_file *F = &files[f];

			if (strcmp(F->arch, r->envs[env].arch) || strcmp(F->kernel, r->envs[env].kernel) ||
			    strcmp(F->env, r->envs[env].env))
				continue;
			for (i = 0; i < F->nsamples; i++) {
				const struct rp_sample *s = &F->samples[i], *p = NULL;
				size_t k;

				snprintf(key, sizeof(key), "%s:%s", s->context, s->op);
				if (strcmp(key, keys[j]) || !(s->ops > 0))
					continue;
				for (k = 0; k < F->nsamples; k++) {	/* previous sample */
					const struct rp_sample *q = &F->samples[k];

					if (q->run == s->run && q->cpu == s->cpu && q->t_ns < s->t_ns &&
					    !strcmp(q->context, s->context) && !strcmp(q->op, s->op) &&
					    (!p || q->t_ns > p->t_ns))
						p = q;
				}
				if (p)
					fprintf(d, "%.6f %.4f\n", s->t_ns / 1e6,
						(s->t_ns - p->t_ns) / s->ops);
			}
		}
		fprintf(d, "\n\n");
	}
	env_label(lab, sizeof(lab), &r->envs[env]);
	gp_head(g, name, "cost per op over time");
	fprintf(g, "set title \"cost per op over time (sample records)\\n%s\"\n"
		"set xlabel 'time since run start (ms)'\nset ylabel \"%s\"\nset key outside right\n"
		"set offsets 0, 0, graph 0.05, graph 0.05\n",
		lab, rs_unit(r->envs[env].env));
	fprintf(g, "plot ");
	for (j = 0; j < nkeys; j++)
		fprintf(g, "%s'%s.dat' index %zu using 1:2 with points pt 7 ps 0.6 title '%s'",
			j ? ", " : "", name, j, safe(key, sizeof(key), keys[j]));
	fprintf(g, "\n");
	gp_tail(g);
	fclose(g);
	fclose(d);
	free(keys);
	return render(dir, name);
}

int rpl_plots(const char *dir, const struct rp_file *files, size_t nfiles,
	      const struct rs_result *res)
{
	size_t e;
	int ret = 0;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "report: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	ret |= plot_inc(dir, res);
	for (e = 0; e < res->nenvs; e++) {
		ret |= plot_ops(dir, res, (int)e);
		ret |= plot_gp(dir, res, (int)e);
		ret |= plot_percpu(dir, files, nfiles, res, (int)e);
		ret |= plot_series(dir, files, nfiles, res, (int)e);
	}
	return ret ? -1 : 0;
}
