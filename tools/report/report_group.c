// SPDX-License-Identifier: GPL-2.0
/* report_group: see report_group.h. */
#define _POSIX_C_SOURCE 200809L
#include "report_group.h"
#include "report_stats.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const ctxs[] = { "process", "softirq", "hardirq" };

/* ---- directories ---- */

static int push_str(char ***v, size_t *n, const char *s)
{
	char **p = rp_push(v, n, sizeof(**v));

	if (!p)
		return -1;
	*p = strdup(s);
	return *p ? 0 : -1;
}

static int is_results_name(const char *n)
{
	size_t l = strlen(n);

	return !strcmp(n, "results.txt") ||
	       (l > 8 && !strcmp(n + l - 8, ".results")) ||
	       (!strncmp(n, "results-", 8) && l > 12 && !strcmp(n + l - 4, ".txt"));
}

/* result.txt: "<case> pass|fail|skip|unknown [<measurement> [<units>]]" */
static int read_cases(const char *path, const char *label, struct rg_input *in,
		      char *err, size_t errlen)
{
	struct rg_cases *s;
	char line[1024], *f[5], *save;
	FILE *fp = fopen(path, "r");
	int ln = 0, k;

	if (!fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	s = rp_push(&in->sets, &in->nsets, sizeof(*s));
	if (!s || !(s->label = strdup(label)))
		goto nomem;
	while (fgets(line, sizeof(line), fp)) {
		struct rg_case *c;

		ln++;
		line[strcspn(line, "\r\n")] = '\0';
		for (k = 0, f[0] = strtok_r(line, " \t", &save); f[k] && k < 4; )
			f[++k] = strtok_r(NULL, " \t", &save);
		if (k == 4 && f[4])
			k = 5;	/* too many fields */
		if (!f[0] || f[0][0] == '#')
			continue;
		if (k < 2 || k > 4 || (strcmp(f[1], "pass") && strcmp(f[1], "fail") &&
				       strcmp(f[1], "skip") && strcmp(f[1], "unknown"))) {
			snprintf(err, errlen, "%s:%d: not a result.txt line '<case> pass|fail|skip "
				 "[<measurement> <units>]'", path, ln);
			fclose(fp);
			return -1;
		}
		c = rp_push(&s->v, &s->n, sizeof(*c));
		if (!c || !(c->name = strdup(f[0])) || !(c->result = strdup(f[1])) ||
		    (k > 2 && !(c->measurement = strdup(f[2]))) || (k > 3 && !(c->units = strdup(f[3]))))
			goto nomem;
	}
	fclose(fp);
	return 0;
nomem:
	fclose(fp);
	snprintf(err, errlen, "%s: out of memory", path);
	return -1;
}

static int walk(const char *root, const char *dir, int depth, struct rg_input *in,
		char *err, size_t errlen)
{
	char **names = NULL, path[4096], cases[4096] = "";
	size_t n = 0, i;
	int found = 0, ret = -1;
	struct dirent *d;
	struct stat st;
	DIR *dp;

	if (depth > 16) {
		snprintf(err, errlen, "%s: directories nested too deep", dir);
		return -1;
	}
	if (!(dp = opendir(dir))) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((d = readdir(dp)))
		if (d->d_name[0] != '.' && push_str(&names, &n, d->d_name)) {
			closedir(dp);
			snprintf(err, errlen, "%s: out of memory", dir);
			goto out;
		}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof(*names), rs_cmp_str);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (walk(root, path, depth + 1, in, err, errlen))
				goto out;
		} else if (S_ISREG(st.st_mode) && is_results_name(names[i])) {
			if (push_str(&in->paths, &in->npaths, path)) {
				snprintf(err, errlen, "%s: out of memory", path);
				goto out;
			}
			found = 1;
		} else if (S_ISREG(st.st_mode) && !strcmp(names[i], "result.txt")) {
			snprintf(cases, sizeof(cases), "%s", path);
		}
	}
	if (!found && cases[0]) {
		size_t rl = strlen(root);
		const char *label = !strncmp(dir, root, rl) && dir[rl] == '/' ? dir + rl + 1 : dir;

		if (read_cases(cases, label, in, err, errlen))
			goto out;
	}
	ret = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

int rg_expand(char *const *args, int n, struct rg_input *in, char *err, size_t errlen)
{
	struct stat st;
	size_t before;
	int i;

	memset(in, 0, sizeof(*in));
	for (i = 0; i < n; i++) {
		if (strcmp(args[i], "-") && !stat(args[i], &st) && S_ISDIR(st.st_mode)) {
			before = in->npaths + in->nsets;
			if (walk(args[i], args[i], 0, in, err, errlen))
				goto fail;
			if (in->npaths + in->nsets == before) {
				snprintf(err, errlen, "%s: no results file (results.txt, results-*.txt, "
					 "*.results) or result.txt under it", args[i]);
				goto fail;
			}
		} else if (push_str(&in->paths, &in->npaths, args[i])) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	}
	return 0;
fail:
	rg_input_free(in);
	return -1;
}

void rg_input_free(struct rg_input *in)
{
	size_t i, j;

	for (i = 0; i < in->npaths; i++)
		free(in->paths[i]);
	for (i = 0; i < in->nsets; i++) {
		for (j = 0; j < in->sets[i].n; j++) {
			free(in->sets[i].v[j].name);
			free(in->sets[i].v[j].result);
			free(in->sets[i].v[j].measurement);
			free(in->sets[i].v[j].units);
		}
		free(in->sets[i].v);
		free(in->sets[i].label);
	}
	free(in->paths);
	free(in->sets);
	memset(in, 0, sizeof(*in));
}

int rg_keys(const char *spec, char keys[RG_MAX_KEYS][RP_NAME], int *nkeys)
{
	const char *p = spec, *c;
	size_t l;

	*nkeys = 0;
	do {
		c = strchr(p, ',');
		l = c ? (size_t)(c - p) : strlen(p);
		if (!l || l >= RP_NAME || *nkeys == RG_MAX_KEYS || memchr(p, ' ', l))
			return -1;
		memcpy(keys[*nkeys], p, l);
		keys[(*nkeys)++][l] = '\0';
		p = c ? c + 1 : p + l;	/* not NULL + 1 (UB) after the last key */
	} while (c);
	return 0;
}

/* ---- groups ---- */

struct group {
	char label[RG_MAX_KEYS * RP_NAME];
	struct rp_file *files;	size_t n;	/* shallow copies: strings stay in the originals */
	struct rs_result res;
	int computed;
};

struct col {
	const struct group *g;
	int env;
};

static void label_of(const struct rp_file *f, char keys[RG_MAX_KEYS][RP_NAME], int nkeys,
		     char *buf, size_t len)
{
	size_t o = 0;
	int k;

	buf[0] = '\0';
	for (k = 0; k < nkeys && o < len; k++) {
		const char *v = rp_meta(f, keys[k]);

		o += snprintf(buf + o, len - o, "%s%s", k ? "," : "", v ? v : "-");
	}
}

static void free_groups(struct group *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (g[i].computed)
			rs_free(&g[i].res);
		free(g[i].files);
	}
	free(g);
}

/* Split @files into groups by the keys' values, first appearance first. */
static int make_groups(const struct rp_file *files, size_t n, char keys[RG_MAX_KEYS][RP_NAME],
		       int nkeys, const char *baseline, struct group **out, size_t *ng)
{
	char lab[RG_MAX_KEYS * RP_NAME];
	struct group *g = NULL;
	size_t i, j;

	*ng = 0;
	for (i = 0; i < n; i++) {
		struct rp_file *slot;

		label_of(&files[i], keys, nkeys, lab, sizeof(lab));
		for (j = 0; j < *ng && strcmp(g[j].label, lab); j++)
			;
		if (j == *ng) {
			if (!rp_push(&g, ng, sizeof(*g)))
				goto nomem;
			snprintf(g[j].label, sizeof(g[j].label), "%s", lab);
		}
		slot = rp_push(&g[j].files, &g[j].n, sizeof(*g[j].files));
		if (!slot)
			goto nomem;
		*slot = files[i];
	}
	for (j = 0; j < *ng; j++) {
		if (rs_compute(g[j].files, g[j].n, baseline, &g[j].res))
			goto nomem;
		g[j].computed = 1;
	}
	*out = g;
	return 0;
nomem:
	free_groups(g, *ng);
	return -1;
}

static const struct rs_env *col_env(const struct col *c)
{
	return &c->g->res.envs[c->env];
}

/* ops of the columns' costs, first appearance, without duplicates */
static size_t col_ops(const struct col *c, size_t nc, const char **ops, size_t max)
{
	size_t i, j, k, n = 0;

	for (i = 0; i < nc; i++)
		for (j = 0; j < c[i].g->res.ncosts; j++) {
			const struct rs_cost *x = &c[i].g->res.costs[j];

			if (x->env != c[i].env)
				continue;
			for (k = 0; k < n && strcmp(ops[k], x->op); k++)
				;
			if (k == n && n < max)
				ops[n++] = x->op;
		}
	return n;
}

static void col_legend(struct rt_table *t, const struct col *c, size_t nc, const char *what)
{
	size_t i;

	for (i = 0; i < nc; i++) {
		const struct rs_env *e = col_env(&c[i]);

		rt_legend(t, "%s%zu = %s: arch=%s kernel=%s env=%s unit=%s replicates=%d boots=%d cpus=%d",
			  what, i + 1, c[i].g->label, e->arch, e->kernel, e->env, rs_unit(e->env),
			  e->runs, e->boots, e->ncpus);
	}
}

/* the columns' group key: each of arch, kernel, env where every column shares it, else "" */
static struct rt_key cols_key(const struct col *c, size_t nc)
{
	struct rt_key k = col_env(&c[0])->key;
	size_t i;

	for (i = 1; i < nc; i++) {
		const struct rt_key *x = &col_env(&c[i])->key;

		if (strcmp(k.arch, x->arch))
			k.arch[0] = '\0';
		if (strcmp(k.kernel, x->kernel))
			k.kernel[0] = '\0';
		if (strcmp(k.env, x->env))
			k.env[0] = '\0';
	}
	return k;
}

/* numeric column @fmt with the column number @i + 1, e.g. "lost_c%zu" */
static void num_col(struct rt_table *t, const char *fmt, size_t i, const char *unit, const char *stat)
{
	char name[32];

	snprintf(name, sizeof(name), fmt, i + 1);
	rt_col(t, name, RT_NUM, unit, stat);
}

static int has_emulated(const struct col *c, size_t nc)
{
	size_t i;

	for (i = 0; i < nc; i++)
		if (!strncmp(col_env(&c[i])->env, "tcg", 3))
			return 1;
	return 0;
}

/* the text table prints the legend once (its first table); the other formats repeat it
 * in every table, so that each table says what its columns are */
static int has_legend_in_text(enum rt_format fmt)
{
	return fmt == RT_TABLE;
}

/* print @doc in @fmt (JSON: the pooled report's envelope, schema 2, mode @mode, tables[]),
 * and under @csvdir; 0, 1 (--csv-dir failed: said), -1 (write error, ENOMEM) */
static int write_doc(FILE *o, enum rt_format fmt, const char *csvdir, const char *mode,
		     const struct rt_doc *doc)
{
	int ret;

	if (fmt == RT_JSON) {
		json_t *tj = rt_json(doc), *j = tj ? json_pack("{s:i,s:s,s:o}", "schema", 2, "mode",
								mode, "tables", tj) : NULL;

		ret = !j || json_dumpf(j, o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ? -1 : 0;
		fputc('\n', o);
		json_decref(j);
	} else {
		ret = rt_print(o, fmt, doc) ? -1 : 0;
	}
	ret = ret || ferror(o) ? -1 : 0;
	if (!ret && csvdir && rt_csv_dir(csvdir, doc)) {
		fprintf(stderr, "report: --csv-dir %s: %s\n", csvdir, strerror(errno));
		ret = 1;
	}
	return ret;
}

int rg_write_groups(FILE *o, enum rt_format fmt, const char *csvdir, const struct rp_file *files,
		    size_t n, char keys[RG_MAX_KEYS][RP_NAME], int nkeys, const char *baseline)
{
	static const char *const costk[] = { "context", "op", NULL }, *const lostk[] = { "contexts", "op", NULL },
			  *const gpk[] = { "kind", "load", NULL };
	char kl[RG_MAX_KEYS * RP_NAME] = "";
	const char *ops[64], *kinds[] = { "sync", "sync-normal", "sync-autoexp", "exp" },
		   *loads[] = { "loaded", "idle" };
	struct group *g;
	struct col *c = NULL;
	struct rt_doc doc = { 0 };
	struct rt_table *t;
	struct rt_key key;
	size_t ng, nc = 0, i, j, nops;
	int k, kk, ret = -1, any;
	long r;

	for (k = 0; k < nkeys; k++)
		snprintf(kl + strlen(kl), sizeof(kl) - strlen(kl), "%s%s", k ? "," : "", keys[k]);
	if (make_groups(files, n, keys, nkeys, baseline, &g, &ng))
		return -1;
	for (i = 0; i < ng; i++)
		for (k = 0; k < (int)g[i].res.nenvs; k++) {
			struct col *x = rp_push(&c, &nc, sizeof(*c));

			if (!x)
				goto out;
			x->g = &g[i];
			x->env = k;
		}
	if (!nc) {
		ret = 0;
		goto out;
	}
	if (2 + 3 * nc > RT_MAXC) {
		fprintf(stderr, "report: --group-by %s: %zu columns (group x arch/kernel/env), at most %d\n",
			kl, nc, (RT_MAXC - 2) / 3);
		ret = 1;
		goto out;
	}
	key = cols_key(c, nc);

	/* min ns/op per context x op: cN, cN_lo, cN_hi */
	t = rt_new(&doc, "group", &key, rs_unit(col_env(&c[0])->env),
		   "across %s: min ns/op per context x op, one column per %s "
		   "(each computed from its own files only)", kl, kl);
	if (!t)
		goto out;
	rt_cols(t, costk, 2);
	for (i = 0; i < nc; i++) {
		const char *u = rs_unit(col_env(&c[i])->env);

		num_col(t, "c%zu", i, u, "min");
		num_col(t, "c%zu_lo", i, u, "min: interval lo");
		num_col(t, "c%zu_hi", i, u, "min: interval hi");
	}
	rt_legend(t, "min: median over replicates (boot, run) of the per-run median over CPUs of the "
		  "smallest batch; [lo, hi] its order-statistic interval (coverage 95%%, or less with <= 5 "
		  "replicates: 3 -> 75%%); '-' = not run there");
	col_legend(t, c, nc, "c");
	if (has_emulated(c, nc))
		rt_legend(t, "env tcg: emulated time under qemu TCG, not hardware time; tcg-icount: "
			  "instructions");
	nops = col_ops(c, nc, ops, 64);
	for (kk = 0; kk < 3; kk++)
		for (j = 0; j < nops; j++) {
			any = 0;
			for (i = 0; i < nc; i++)
				any |= !!rs_find_cost(&c[i].g->res, c[i].env, ctxs[kk], ops[j]);
			if (!any)
				continue;
			r = rt_row(t);
			rt_set(t, r, 0, "%s", ctxs[kk]);
			rt_set(t, r, 1, "%s", ops[j]);
			for (i = 0; i < nc; i++) {
				const struct rs_cost *x = rs_find_cost(&c[i].g->res, c[i].env, ctxs[kk], ops[j]);

				rt_num(t, r, 2 + 3 * (int)i, x && x->min.n ? x->min.point : NAN, 3);
				rt_num(t, r, 3 + 3 * (int)i, x && x->min.n ? x->min.lo : NAN, 3);
				rt_num(t, r, 4 + 3 * (int)i, x && x->min.n ? x->min.hi : NAN, 3);
			}
		}

	/* lost updates: lost_cN, expected_cN */
	t = rt_new(&doc, "group-lost", &key, "increments",
		   "across %s: lost updates (lost / expected, summed over runs and CPUs)", kl);
	if (!t)
		goto out;
	rt_cols(t, lostk, 2);
	for (i = 0; i < nc; i++) {
		num_col(t, "lost_c%zu", i, NULL, "lost, summed over runs and CPUs");
		num_col(t, "expected_c%zu", i, NULL, "expected, summed over runs and CPUs");
	}
	if (!has_legend_in_text(fmt))
		col_legend(t, c, nc, "c");
	for (i = 0; i < nc; i++)	/* rows: first column that has each */
		for (j = 0; j < c[i].g->res.nlosts; j++) {
			const struct rs_lost *l = &c[i].g->res.losts[j];
			size_t p, q, seen = 0;

			if (l->env != c[i].env)
				continue;
			for (p = 0; p < i && !seen; p++)
				for (q = 0; q < c[p].g->res.nlosts; q++)
					seen |= c[p].g->res.losts[q].env == c[p].env &&
						!strcmp(c[p].g->res.losts[q].op, l->op) &&
						!strcmp(c[p].g->res.losts[q].context, l->context);
			if (seen)
				continue;
			r = rt_row(t);
			rt_set(t, r, 0, "%s", l->context);
			rt_set(t, r, 1, "%s", l->op);
			for (p = 0; p < nc; p++) {
				const struct rs_lost *m = NULL;

				for (q = 0; q < c[p].g->res.nlosts && !m; q++)
					if (c[p].g->res.losts[q].env == c[p].env &&
					    !strcmp(c[p].g->res.losts[q].op, l->op) &&
					    !strcmp(c[p].g->res.losts[q].context, l->context))
						m = &c[p].g->res.losts[q];
				rt_num(t, r, 2 + 2 * (int)p, m ? m->lost : NAN, 0);
				rt_num(t, r, 3 + 2 * (int)p, m ? m->expected : NAN, 0);
			}
		}

	/* grace-period latency: p50_cN, p99_cN */
	t = rt_new(&doc, "group-gp", &key, rs_gp_unit(col_env(&c[0])->env),
		   "across %s: grace-period latency p50 / p99 (%s)", kl, rs_gp_unit(col_env(&c[0])->env));
	if (!t)
		goto out;
	rt_cols(t, gpk, 2);
	for (i = 0; i < nc; i++) {
		const char *u = rs_gp_unit(col_env(&c[i])->env);

		num_col(t, "p50_c%zu", i, u, "p50");
		num_col(t, "p99_c%zu", i, u, "p99");
	}
	if (!has_legend_in_text(fmt))
		col_legend(t, c, nc, "c");
	for (k = 0; k < 4; k++)
		for (kk = 0; kk < 2; kk++) {
			int have = 0;

			for (i = 0; i < nc; i++) {
				const struct rs_gp *x = rs_find_gp(&c[i].g->res, c[i].env, kinds[k], loads[kk]);

				have |= x && x->count > 0;
			}
			if (!have)
				continue;
			r = rt_row(t);
			rt_set(t, r, 0, "%s", kinds[k]);
			rt_set(t, r, 1, "%s", loads[kk]);
			for (i = 0; i < nc; i++) {
				const struct rs_gp *x = rs_find_gp(&c[i].g->res, c[i].env, kinds[k], loads[kk]);
				int ok = x && x->count > 0;

				rt_num(t, r, 2 + 2 * (int)i, ok ? x->p50 : NAN, 0);
				rt_num(t, r, 3 + 2 * (int)i, ok ? x->p99 : NAN, 0);
			}
		}
	ret = write_doc(o, fmt, csvdir, "group-by", &doc);
out:
	rt_doc_free(&doc);
	free(c);
	free_groups(g, ng);
	return ret;
}

/* ---- compare ---- */

/* the distinct values of meta @key among @r's files, comma-joined */
static void distinct(const struct rs_result *r, const char *key, char *buf, size_t len, int *count)
{
	size_t i, o = 0;

	buf[0] = '\0';
	*count = 0;
	for (i = 0; i < r->nfiles; i++) {
		const char *v = rp_meta(&r->files[i], key), *p;
		size_t l;

		v = v ? v : "-";
		l = strlen(v);
		for (p = buf; (p = strstr(p, v)); p += l)	/* already listed? */
			if ((p == buf || p[-1] == ',') && (p[l] == ',' || !p[l]))
				break;
		if (p)
			continue;
		(*count)++;
		if (o < len)
			o += snprintf(buf + o, len - o, "%s%s", o ? "," : "", v);
	}
}

static void side_legend(struct rt_table *t, const char *name, const struct rs_result *r)
{
	const struct rs_env *e = &r->envs[0];
	char m[512], h[512];
	int nm, nh;

	distinct(r, "machine", m, sizeof(m), &nm);
	distinct(r, "host", h, sizeof(h), &nh);
	rt_note(t, "%s: arch=%s kernel=%s env=%s machine=%s host=%s files=%zu replicates=%d "
		"boots=%d cpus=%d", name, e->arch, e->kernel, e->env, m, h, r->nfiles, e->runs,
		e->boots, e->ncpus);
	if (nm > 1 || nh > 1)
		rt_note(t, "side %s pools %d machines / %d hosts: its replicates come from "
			"all of them", name, nm, nh);
}

static int one_env(const char *name, const struct rs_result *r)
{
	size_t i;

	if (r->nenvs == 1)
		return 0;
	fprintf(stderr, "report: --compare: side %s has %zu (arch, kernel, env) groups, not one:", name,
		r->nenvs);
	for (i = 0; i < r->nenvs; i++)
		fprintf(stderr, " %s/%s/%s", r->envs[i].arch, r->envs[i].kernel, r->envs[i].env);
	fputc('\n', stderr);
	return 1;
}

/* give the columns listed in @cols ("4,5") their own unit */
static void set_units(struct rt_table *t, const char *cols, const char *unit)
{
	char *end;
	long c;

	for (; *cols; cols = *end ? end + 1 : end) {
		c = strtol(cols, &end, 10);
		if (c >= 0 && c < t->ncols)
			snprintf(t->cols[c].unit, sizeof(t->cols[c].unit), "%s", unit);
	}
}

/* the compare tables' group key: a side's (arch, kernel, env) where both share it, else "" */
static struct rt_key cmp_key(const struct rs_result *a, const struct rs_result *b)
{
	const struct rt_key *x = &a->envs[0].key, *y = &b->envs[0].key;
	struct rt_key k;

	rt_key_set(&k, strcmp(x->arch, y->arch) ? "" : x->arch, strcmp(x->kernel, y->kernel) ? "" : x->kernel,
		   strcmp(x->env, y->env) ? "" : x->env);
	return k;
}

int rg_write_compare(FILE *o, enum rt_format fmt, const char *csvdir, const struct rp_file *a,
		     size_t na, const struct rp_file *b, size_t nb, const char *baseline)
{
	static const char *const ccols[] = { "context", "op", "A_min", "B_min", "B/A", "lo", "hi", "level",
					     "p50B/A", NULL };
	static const char *const gcols[] = { "kind", "load", "A_p50", "B_p50", "p50B/A", "A_p99", "B_p99",
					     "p99B/A", NULL };
	static const char *const lcols[] = { "contexts", "op", "A_lost", "A_expected", "B_lost", "B_expected",
					     NULL };
	const char *kinds[] = { "sync", "sync-normal", "sync-autoexp", "exp" }, *loads[] = { "loaded", "idle" };
	const char *ops[64];
	struct rs_result ra, rb;
	struct group ga = { .label = "A" }, gb = { .label = "B" };
	struct col cols[2];
	struct rt_doc doc = { 0 };
	struct rt_table *t;
	struct rt_key key;
	size_t j, nops;
	int k, kk, ret;
	long r;

	if (rs_compute(a, na, baseline, &ra))
		return -1;
	if (rs_compute(b, nb, baseline, &rb)) {
		rs_free(&ra);
		return -1;
	}
	ret = one_env("A", &ra) || one_env("B", &rb);
	if (ret || !ra.nenvs || !rb.nenvs) {
		ret = 1;
		goto out;
	}
	ret = -1;
	ga.res = ra;
	gb.res = rb;
	cols[0] = (struct col){ .g = &ga, .env = 0 };
	cols[1] = (struct col){ .g = &gb, .env = 0 };
	key = cmp_key(&ra, &rb);
	t = rt_new(&doc, "compare", &key, rs_unit(ra.envs[0].env),
		   "compare: B / A per context x op (min ns/op: median over replicates of the per-run "
		   "median over CPUs of the smallest batch)");
	if (!t)
		goto out;
	rt_cols(t, ccols, 2);
	set_units(t, "4,5,6,8", "ratio");
	set_units(t, "7", "probability");
	side_legend(t, "A", &ra);
	side_legend(t, "B", &rb);
	rt_note(t, "B/A = B's min / A's min; [lo, hi] = [B_lo / A_hi, B_hi / A_lo] from the two "
		"order-statistic intervals, covering the ratio of the medians with probability >= "
		"level = level_A + level_B - 1 (Bonferroni; '-' below 2 replicates a side); "
		"p50B/A = ratio of the p50 estimates");
	if (strcmp(ra.envs[0].key.env, rb.envs[0].key.env))
		rt_note(t, "A is env %s and B env %s: the ratio compares different kinds of time",
			ra.envs[0].env, rb.envs[0].env);
	if (has_emulated(cols, 2))
		rt_note(t, "env tcg: emulated time under qemu TCG, not hardware time");
	nops = col_ops(cols, 2, ops, 64);
	for (kk = 0; kk < 3; kk++)
		for (j = 0; j < nops; j++) {
			const struct rs_cost *x = rs_find_cost(&ra, 0, ctxs[kk], ops[j]);
			const struct rs_cost *y = rs_find_cost(&rb, 0, ctxs[kk], ops[j]);
			int iv;
			double lv;

			if (!x && !y)
				continue;
			iv = x && y && x->min.n >= 2 && y->min.n >= 2 && x->min.lo > 0;
			lv = iv ? x->min.level + y->min.level - 1 : NAN;
			r = rt_row(t);
			rt_set(t, r, 0, "%s", ctxs[kk]);
			rt_set(t, r, 1, "%s", ops[j]);
			rt_num(t, r, 2, x && x->min.n ? x->min.point : NAN, 3);
			rt_num(t, r, 3, y && y->min.n ? y->min.point : NAN, 3);
			rt_num(t, r, 4, x && y && x->min.n && y->min.n ? y->min.point / x->min.point : NAN, 3);
			rt_num(t, r, 5, iv ? y->min.lo / x->min.hi : NAN, 3);
			rt_num(t, r, 6, iv ? y->min.hi / x->min.lo : NAN, 3);
			rt_num(t, r, 7, iv && lv > 0 ? lv : NAN, 2);
			rt_num(t, r, 8, x && y && x->p50.n && y->p50.n ? y->p50.point / x->p50.point : NAN, 3);
		}
	t = rt_new(&doc, "compare-gp", &key, rs_gp_unit(ra.envs[0].env),
		   "compare: grace-period latency B / A (%s)", rs_gp_unit(ra.envs[0].env));
	if (!t)
		goto out;
	rt_cols(t, gcols, 2);
	set_units(t, "4,7", "ratio");
	for (k = 0; k < 4; k++)
		for (kk = 0; kk < 2; kk++) {
			const struct rs_gp *x = rs_find_gp(&ra, 0, kinds[k], loads[kk]);
			const struct rs_gp *y = rs_find_gp(&rb, 0, kinds[k], loads[kk]);
			int ok = x && y && x->count > 0 && y->count > 0;

			if (!(x && x->count > 0) && !(y && y->count > 0))
				continue;
			r = rt_row(t);
			rt_set(t, r, 0, "%s", kinds[k]);
			rt_set(t, r, 1, "%s", loads[kk]);
			rt_num(t, r, 2, x && x->count > 0 ? x->p50 : NAN, 0);
			rt_num(t, r, 3, y && y->count > 0 ? y->p50 : NAN, 0);
			rt_num(t, r, 4, ok ? y->p50 / x->p50 : NAN, 3);
			rt_num(t, r, 5, x && x->count > 0 ? x->p99 : NAN, 0);
			rt_num(t, r, 6, y && y->count > 0 ? y->p99 : NAN, 0);
			rt_num(t, r, 7, ok ? y->p99 / x->p99 : NAN, 3);
		}
	t = rt_new(&doc, "compare-lost", &key, "increments",
		   "compare: lost updates (summed over runs and CPUs)");
	if (!t)
		goto out;
	rt_cols(t, lcols, 2);
	for (j = 0; j < ra.nlosts + rb.nlosts; j++) {
		const struct rs_lost *l = j < ra.nlosts ? &ra.losts[j] : &rb.losts[j - ra.nlosts];
		const struct rs_lost *x = NULL, *y = NULL;
		size_t q;

		for (q = 0; q < ra.nlosts; q++)
			if (!strcmp(ra.losts[q].op, l->op) && !strcmp(ra.losts[q].context, l->context))
				x = &ra.losts[q];
		for (q = 0; q < rb.nlosts; q++)
			if (!strcmp(rb.losts[q].op, l->op) && !strcmp(rb.losts[q].context, l->context))
				y = &rb.losts[q];
		if (j >= ra.nlosts && x)
			continue;	/* printed with A's */
		r = rt_row(t);
		rt_set(t, r, 0, "%s", l->context);
		rt_set(t, r, 1, "%s", l->op);
		rt_num(t, r, 2, x ? x->lost : NAN, 0);
		rt_num(t, r, 3, x ? x->expected : NAN, 0);
		rt_num(t, r, 4, y ? y->lost : NAN, 0);
		rt_num(t, r, 5, y ? y->expected : NAN, 0);
	}
	ret = write_doc(o, fmt, csvdir, "compare", &doc);
out:
	rt_doc_free(&doc);
	rs_free(&ra);
	rs_free(&rb);
	return ret;
}

/* ---- result.txt ---- */

int rg_write_cases(FILE *o, const struct rg_input *in)
{
	size_t i, j, p, q;

	if (!in->nsets)
		return 0;
	fprintf(o, "\n## test cases of result.txt files (directories without a results file): "
		"measurement, or the result where there is none\n");
	for (i = 0; i < in->nsets; i++)
		fprintf(o, "# d%zu = %s (%zu cases)\n", i + 1, in->sets[i].label, in->sets[i].n);
	fprintf(o, "# %-36s %-6s", "case", "units");
	for (i = 0; i < in->nsets; i++)
		fprintf(o, " %10s%-2zu", "d", i + 1);
	fputc('\n', o);
	for (i = 0; i < in->nsets; i++)
		for (j = 0; j < in->sets[i].n; j++) {
			const struct rg_case *c = &in->sets[i].v[j];
			int seen = 0;

			for (p = 0; p < i && !seen; p++)
				for (q = 0; q < in->sets[p].n && !seen; q++)
					seen = !strcmp(in->sets[p].v[q].name, c->name);
			if (seen)
				continue;
			fprintf(o, "  %-36s %-6s", c->name, c->units ? c->units : "-");
			for (p = 0; p < in->nsets; p++) {
				const struct rg_case *m = NULL;

				for (q = 0; q < in->sets[p].n && !m; q++)
					if (!strcmp(in->sets[p].v[q].name, c->name))
						m = &in->sets[p].v[q];
				if (!m)
					fprintf(o, " %12s", "-");
				else if (m->measurement && !strcmp(m->result, "pass"))
					fprintf(o, " %12s", m->measurement);
				else if (m->measurement)	/* fail 3 count: the result and its number */
					fprintf(o, " %6s:%-5s", m->result, m->measurement);
				else
					fprintf(o, " %12s", m->result);
			}
			fputc('\n', o);
		}
	return ferror(o) ? -1 : 0;
}
