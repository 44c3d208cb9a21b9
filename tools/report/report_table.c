// SPDX-License-Identifier: GPL-2.0
/* report_table: see report_table.h. */
#include "report_table.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int fixed_name(const char *s);

void rt_key_set(struct rt_key *k, const char *arch, const char *kernel, const char *env)
{
	snprintf(k->arch, sizeof(k->arch), "%s", arch ? arch : "");
	snprintf(k->kernel, sizeof(k->kernel), "%s", kernel ? kernel : "");
	snprintf(k->env, sizeof(k->env), "%s", env ? env : "");
}

struct rt_table *rt_new(struct rt_doc *d, const char *section, const struct rt_key *key,
			const char *unit, const char *fmt, ...)
{
	struct rt_table *t = calloc(1, sizeof(*t)), **v;
	va_list ap;

	v = t ? realloc(d->v, (d->n + 1) * sizeof(*d->v)) : NULL;
	if (!v) {
		free(t);
		d->err = 1;
		return NULL;
	}
	d->v = v;
	d->v[d->n++] = t;
	snprintf(t->section, sizeof(t->section), "%s", section);
	snprintf(t->unit, sizeof(t->unit), "%s", unit ? unit : "");
	if (key)
		t->key = *key;
	va_start(ap, fmt);
	vsnprintf(t->title, sizeof(t->title), fmt, ap);
	va_end(ap);
	return t;
}

int rt_col(struct rt_table *t, const char *name, int flags, const char *unit, const char *stat)
{
	struct rt_col *c;

	if (!t || t->ncols >= RT_MAXC || t->nrows ||
	    ((flags & RT_KEY) && (fixed_name(name) > (t->key.arch[0] ? 0 : 1) ||
				  t->ncols != t->nkeys))) {
		if (t)
			t->err = 1;	/* a programming error: the printers fail */
		return -1;
	}
	c = &t->cols[t->ncols++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->unit, sizeof(c->unit), "%s", unit ? unit : "");
	snprintf(c->stat, sizeof(c->stat), "%s", stat ? stat : "");
	c->flags = flags;
	if (flags & RT_KEY)
		t->nkeys = t->ncols;
	return 0;
}

void rt_cols(struct rt_table *t, const char *const *names, int nkeys)
{
	int i;

	for (i = 0; names[i]; i++)
		rt_col(t, names[i], i < nkeys ? RT_KEY : RT_NUM, NULL, NULL);
}

long rt_row(struct rt_table *t)
{
	char **v;
	int c;

	if (!t || t->err)
		return -1;
	v = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof(*v) + 1);
	if (!v) {
		t->err = 1;
		return -1;
	}
	t->cells = v;
	for (c = 0; c < t->ncols; c++)
		v[t->nrows * t->ncols + c] = NULL;	/* reads "-" */
	return (long)t->nrows++;
}

static void vset(struct rt_table *t, long row, int col, const char *fmt, va_list ap)
{
	char **p, *s;

	if (!t || row < 0 || (size_t)row >= t->nrows || col < 0 || col >= t->ncols)
		return;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	s = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!s) {
		t->err = 1;
		return;
	}
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	p = &t->cells[row * t->ncols + col];
	free(*p);
	*p = s;
}

void rt_set(struct rt_table *t, long row, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(t, row, col, fmt, ap);
	va_end(ap);
}

void rt_num(struct rt_table *t, long row, int col, double v, int prec)
{
	if (isnan(v) || isinf(v))
		rt_set(t, row, col, "-");
	else
		rt_set(t, row, col, "%.*f", prec, v);
}

int rt_find(const struct rt_table *t, const char *name)
{
	int c;

	for (c = 0; c < t->ncols; c++)
		if (!strcmp(t->cols[c].name, name))
			return c;
	return -1;
}

const char *rt_cell(const struct rt_table *t, size_t row, int col)
{
	const char *s = t->cells[row * t->ncols + col];

	return s ? s : "-";
}

void rt_note(struct rt_table *t, const char *fmt, ...)
{
	size_t l;
	va_list ap;

	if (!t)
		return;
	l = strlen(t->notes);
	if (l && l + 2 < sizeof(t->notes))
		l += snprintf(t->notes + l, sizeof(t->notes) - l, "; ");
	va_start(ap, fmt);
	if (l < sizeof(t->notes))
		vsnprintf(t->notes + l, sizeof(t->notes) - l, fmt, ap);
	va_end(ap);
}

void rt_legend(struct rt_table *t, const char *fmt, ...)
{
	va_list ap, aq;
	char *p;
	int n;

	if (!t)
		return;
	va_start(ap, fmt);
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	p = n < 0 ? NULL : realloc(t->legend, t->legend_len + (size_t)n + 2);
	if (!p) {
		t->err = 1;
		va_end(ap);
		return;
	}
	t->legend = p;
	vsnprintf(p + t->legend_len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	p[strcspn(p + t->legend_len, "\n") + t->legend_len] = '\0';	/* one line */
	t->legend_len += strlen(p + t->legend_len);
	p[t->legend_len++] = '\n';
	p[t->legend_len] = '\0';
}

/* print each legend line as @pre<line>@post */
static void print_legend(FILE *out, const struct rt_table *t, const char *pre, const char *post)
{
	const char *s, *e;

	for (s = t->legend; s && *s; s = e + 1) {
		e = strchr(s, '\n');
		fprintf(out, "%s%.*s%s", pre, (int)(e - s), s, post);
	}
}

/* the legend lines and the notes, '; '-joined (malloc'd), NULL on ENOMEM */
static char *all_notes(const struct rt_table *t)
{
	size_t l = 2 * t->legend_len + strlen(t->notes) + 1, i, o = 0;	/* "\n" -> "; " */
	char *s = malloc(l);

	if (!s)
		return NULL;
	for (i = 0; i < t->legend_len; i++)
		if (t->legend[i] != '\n')
			s[o++] = t->legend[i];
		else if (i + 1 < t->legend_len || t->notes[0])
			o += (size_t)sprintf(s + o, "; ");
	strcpy(s + o, t->notes);
	return s;
}

/* ---- printers ---- */

static void print_table(FILE *out, const struct rt_table *t)
{
	int w[RT_MAXC], c;
	size_t i;

	for (c = 0; c < t->ncols; c++) {
		w[c] = (int)strlen(t->cols[c].name);
		for (i = 0; i < t->nrows; i++)
			if ((int)strlen(rt_cell(t, i, c)) > w[c])
				w[c] = (int)strlen(rt_cell(t, i, c));
	}
	fprintf(out, "## %s\n", t->title);
	print_legend(out, t, "# ", "\n");
	if (t->notes[0])
		fprintf(out, "# note: %s\n", t->notes);
	fputc('#', out);
	for (c = 0; c < t->ncols; c++)	/* row keys left, values right; RT_WIDE left, unpadded */
		fprintf(out, c < t->nkeys || (t->cols[c].flags & RT_WIDE) ? " %-*s" : " %*s",
			t->cols[c].flags & RT_WIDE ? 0 : w[c], t->cols[c].name);
	fputc('\n', out);
	for (i = 0; i < t->nrows; i++) {
		fputc(' ', out);
		for (c = 0; c < t->ncols; c++)
			fprintf(out, c < t->nkeys || (t->cols[c].flags & RT_WIDE) ? " %-*s" : " %*s",
				t->cols[c].flags & RT_WIDE ? 0 : w[c], rt_cell(t, i, c));
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void csv_cell(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\n\r")) {
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

static const char *col_unit(const struct rt_table *t, int c)
{
	return t->cols[c].unit[0] ? t->cols[c].unit : t->unit;
}

/* the CSV's own column names */
/* 1: arch, kernel, env (a table without a group key may have them as row
 * keys: the CSV's group columns then come from the row), 2: the rest */
static int fixed_name(const char *s)
{
	static const char *const f[] = { "arch", "kernel", "env", "section", "table", "column",
		"value", "unit", NULL };
	int i;

	for (i = 0; f[i]; i++)
		if (!strcmp(s, f[i]))
			return i < 3 ? 1 : 2;
	return 0;
}

/* the row-key names of every table, in first-appearance order */
static int key_names(const struct rt_doc *d, const char *names[], int max)
{
	size_t i;
	int n = 0, c, k;

	for (i = 0; i < d->n; i++)
		for (c = 0; c < d->v[i]->nkeys; c++) {
			if (fixed_name(d->v[i]->cols[c].name))
				continue;	/* a section must not name a row key so (rt_col refuses it) */
			for (k = 0; k < n && strcmp(names[k], d->v[i]->cols[c].name); k++)
				;
			if (k == n && n < max)
				names[n++] = d->v[i]->cols[c].name;
		}
	return n;
}

static void print_csv(FILE *out, const struct rt_doc *d)
{
	const char *keys[64];
	int nk = key_names(d, keys, 64), k, c;
	size_t i, r;

	fputs("section,table,arch,kernel,env", out);
	for (k = 0; k < nk; k++) {
		fputc(',', out);
		csv_cell(out, keys[k]);
	}
	fputs(",column,value,unit\n", out);
	for (i = 0; i < d->n; i++) {
		const struct rt_table *t = d->v[i];

		for (r = 0; r < t->nrows; r++)
			for (c = t->nkeys; c < t->ncols; c++) {
				int ka = rt_find(t, "arch"), kk = rt_find(t, "kernel"), ke = rt_find(t, "env");

				fprintf(out, "%s,%zu,", t->section, i + 1);
				csv_cell(out, ka >= 0 && ka < t->nkeys ? rt_cell(t, r, ka) : t->key.arch);
				fputc(',', out);
				csv_cell(out, kk >= 0 && kk < t->nkeys ? rt_cell(t, r, kk) : t->key.kernel);
				fputc(',', out);
				csv_cell(out, ke >= 0 && ke < t->nkeys ? rt_cell(t, r, ke) : t->key.env);
				for (k = 0; k < nk; k++) {
					int kc = rt_find(t, keys[k]);

					fputc(',', out);
					if (kc >= 0 && kc < t->nkeys)
						csv_cell(out, rt_cell(t, r, kc));
				}
				fputc(',', out);
				csv_cell(out, t->cols[c].name);
				fputc(',', out);
				csv_cell(out, rt_cell(t, r, c));
				fputc(',', out);
				csv_cell(out, col_unit(t, c));
				fputc('\n', out);
			}
	}
}

static void print_md_cell(FILE *out, const char *s)
{
	fputc(' ', out);
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputs(" |", out);
}

static void print_md(FILE *out, const struct rt_table *t)
{
	size_t i;
	int c;

	fprintf(out, "### %s\n\n", t->title);
	print_legend(out, t, "- ", "\n");
	if (t->legend)
		fputc('\n', out);
	if (t->notes[0])
		fprintf(out, "Note: %s.\n\n", t->notes);
	fputc('|', out);
	for (c = 0; c < t->ncols; c++)
		print_md_cell(out, t->cols[c].name);
	fprintf(out, "\n|");
	for (c = 0; c < t->ncols; c++)
		fprintf(out, c < t->nkeys || (t->cols[c].flags & RT_WIDE) ? "---|" : "--:|");
	fputc('\n', out);
	for (i = 0; i < t->nrows; i++) {
		fputc('|', out);
		for (c = 0; c < t->ncols; c++)
			print_md_cell(out, rt_cell(t, i, c));
		fputc('\n', out);
	}
	fputc('\n', out);
}

static int doc_err(const struct rt_doc *d)
{
	size_t i;

	if (d->err)
		return 1;
	for (i = 0; i < d->n; i++)
		if (d->v[i]->err)
			return 1;
	return 0;
}

/* a JSON string; a cell that is not UTF-8 (from a results file) reads so */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s);

	return j ? j : json_string("(not UTF-8)");
}

static json_t *jcell(const struct rt_table *t, size_t r, int c)
{
	const char *s = rt_cell(t, r, c);
	char *end;
	double v;

	if (!strcmp(s, "-"))
		return json_null();
	if (t->cols[c].flags & RT_NUM) {
		errno = 0;
		v = strtod(s, &end);
		if (end != s && !*end && !errno && !isnan(v) && !isinf(v))
			return json_real(v);
	}
	return jstr(s);
}

json_t *rt_json(const struct rt_doc *d)
{
	json_t *arr;
	size_t i, r;
	int c;

	if (doc_err(d) || !(arr = json_array()))
		return NULL;
	for (i = 0; i < d->n; i++) {
		const struct rt_table *t = d->v[i];
		json_t *cols = json_array(), *rows = json_array(), *o = json_object();
		char *notes = all_notes(t);

		for (c = 0; c < t->ncols; c++) {
			json_t *col = json_object();

			json_object_set_new(col, "name", jstr(t->cols[c].name));
			json_object_set_new(col, "unit", jstr(col_unit(t, c)));
			json_object_set_new(col, "stat", jstr(t->cols[c].stat));
			json_object_set_new(col, "key", json_boolean(t->cols[c].flags & RT_KEY));
			json_object_set_new(col, "numeric", json_boolean(t->cols[c].flags & RT_NUM));
			json_array_append_new(cols, col);
		}
		for (r = 0; r < t->nrows; r++) {
			json_t *row = json_object();

			for (c = 0; c < t->ncols; c++)	/* a name that is not UTF-8 is left out */
				json_object_set_new(row, t->cols[c].name, jcell(t, r, c));
			json_array_append_new(rows, row);
		}
		json_object_set_new(o, "section", jstr(t->section));
		json_object_set_new(o, "title", jstr(t->title));
		json_object_set_new(o, "arch", jstr(t->key.arch));
		json_object_set_new(o, "kernel", jstr(t->key.kernel));
		json_object_set_new(o, "env", jstr(t->key.env));
		json_object_set_new(o, "unit", jstr(t->unit));
		json_object_set_new(o, "columns", cols);
		json_object_set_new(o, "rows", rows);
		json_object_set_new(o, "notes", notes ? jstr(notes) : NULL);
		free(notes);
		if (!o || !cols || !rows || !notes || json_array_append_new(arr, o)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

int rt_print(FILE *out, enum rt_format fmt, const struct rt_doc *d)
{
	size_t i;

	if (doc_err(d))
		return -1;
	if (fmt == RT_CSV) {
		print_csv(out, d);
	} else if (fmt == RT_JSON) {
		json_t *j = rt_json(d);
		int ret;

		if (!j)
			return -1;
		ret = json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
		json_decref(j);
		if (ret)
			return -1;
	} else {
		for (i = 0; i < d->n; i++)
			if (d->v[i]->nrows)
				(fmt == RT_MD ? print_md : print_table)(out, d->v[i]);
	}
	return ferror(out) ? -1 : 0;
}

int rt_csv_dir(const char *dir, const struct rt_doc *d)
{
	char path[4096];
	size_t i, r;
	int c;

	if (doc_err(d))
		return -1;
	if (mkdir(dir, 0777) && errno != EEXIST)
		return -1;
	for (i = 0; i < d->n; i++) {
		const struct rt_table *t = d->v[i];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%02zu-%s.csv", dir, i + 1, t->section);
		if (!(f = fopen(path, "w")))
			return -1;
		fputs("arch,kernel,env", f);
		for (c = 0; c < t->ncols; c++) {
			fputc(',', f);
			csv_cell(f, t->cols[c].name);
		}
		fputc('\n', f);
		for (r = 0; r < t->nrows; r++) {
			csv_cell(f, t->key.arch);
			fputc(',', f);
			csv_cell(f, t->key.kernel);
			fputc(',', f);
			csv_cell(f, t->key.env);
			for (c = 0; c < t->ncols; c++) {
				fputc(',', f);
				csv_cell(f, rt_cell(t, r, c));
			}
			fputc('\n', f);
		}
		if (ferror(f) | fclose(f))
			return -1;
	}
	return 0;
}

void rt_doc_free(struct rt_doc *d)
{
	size_t i, k;

	for (i = 0; i < d->n; i++) {
		for (k = 0; k < d->v[i]->nrows * d->v[i]->ncols; k++)
			free(d->v[i]->cells[k]);
		free(d->v[i]->cells);
		free(d->v[i]->legend);
		free(d->v[i]);
	}
	free(d->v);
	d->v = NULL;
	d->n = 0;
	d->err = 0;
}

#define RT_MAX_SECTIONS 64
static const struct rt_section *sections[RT_MAX_SECTIONS];
static size_t nsections;

void rt_register(const struct rt_section *s)
{
	size_t i;

	if (nsections == RT_MAX_SECTIONS)
		abort();	/* raise RT_MAX_SECTIONS */
	/* sorted by order, then name: the constructors run in any order */
	for (i = nsections; i > 0 && (sections[i - 1]->order > s->order ||
	     (sections[i - 1]->order == s->order && strcmp(sections[i - 1]->name, s->name) > 0)); i--)
		sections[i] = sections[i - 1];
	sections[i] = s;
	nsections++;
}

int rt_sections(struct rt_doc *d, const struct rp_file *files, size_t nfiles,
		const struct rs_result *res)
{
	size_t i;

	for (i = 0; i < nsections; i++)
		if (sections[i]->build(d, files, nfiles, res))
			return -1;
	return 0;
}
