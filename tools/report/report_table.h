/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_table: the one table model behind every report section.
 *
 * A section builds tables; a table is
 *   - a section id (stable, lower-case: "cost", "gp", "exec", ...), a title,
 *   - a group key (arch, kernel, env; "" where a table has none of them),
 *   - typed columns (name, unit, statistic), the first nkeys of them row keys,
 *   - rows of cells (text; "-" is a missing value),
 *   - notes (caveats, the statistic legend of the table),
 *   - legend lines (notes the text table prints one a line: "# <line>").
 * The printers write every table of a document in every format:
 *   table: "## title", "# <legend line>" lines, a "# note: ..." line, a '#' header line, aligned rows
 *          (row keys left, values right): readable by a person and by awk;
 *   csv:   one tidy long table, one line per cell:
 *          section,table,arch,kernel,env,<row keys of every table>,column,value,unit
 *          (a row key a table does not have is empty);
 *   csv-dir: one wide CSV file per table (DIR/NN-section.csv);
 *   md:    "### title", legend lines as a list, notes, a pipe table;
 *   json:  an array of {section, title, arch, kernel, env, columns, rows, notes}
 *          (notes: the legend lines, then the notes, '; '-joined),
 *          numeric columns as numbers (null for "-").
 *
 * To add a section: one file tools/report/report_NAME.c (report.mk builds
 * every .c there) with a function that calls rt_new/rt_col/rt_row/rt_set and
 * prints nothing itself, registered with
 *	RT_SECTION(name, order, fn);
 * report.c builds every registered section after the built-in ones (in
 * @order, then name), and every format prints it.  Its test: a fixture and
 * a line in tests/unit/formats-test.py's SECTIONS.
 */
#ifndef REPORT_TABLE_H
#define REPORT_TABLE_H

#include <stdio.h>

#include <jansson.h>

#include "report_parse.h"

#define RT_MAXC		200	/* --group-by: 2 keys + 3 per group */
#define RT_CELL		RP_NAME
#define RT_CODE		512	/* a wide text cell (codegen instructions) */

enum rt_format { RT_TABLE, RT_CSV, RT_MD, RT_JSON };

/* column flags */
#define RT_KEY		1	/* a row key (must come first) */
#define RT_NUM		2	/* numeric: JSON numbers */
#define RT_WIDE		4	/* free text (last column): left-aligned, unpadded */
/* in the text table, row keys are left-aligned, other columns right-aligned */

struct rt_col {
	char name[3 * RP_NAME + 4];	/* a per-arch column: its label */
	char unit[48];		/* "" = the table's unit */
	char stat[64];		/* which statistic ("min over batches", ...), or "" */
	int flags;
};

/* The (arch, kernel, env) a table is about: computed once per env/file. */
struct rt_key {
	char arch[RP_NAME], kernel[RP_NAME], env[RP_NAME];
};

struct rt_table {
	char section[32];
	char title[768];
	char unit[64];
	struct rt_key key;
	int ncols, nkeys;
	struct rt_col cols[RT_MAXC];
	char **cells;		/* nrows * ncols strings */
	size_t nrows;
	char notes[2048];	/* '; '-joined */
	char *legend;		/* '\n'-terminated lines, or NULL */
	size_t legend_len;
	int err;		/* ENOMEM while building: the printers fail */
};

struct rt_doc {
	struct rt_table **v;
	size_t n;
	int err;
};

/* key from three strings (NULL reads "") */
void rt_key_set(struct rt_key *k, const char *arch, const char *kernel, const char *env);

/* A new table appended to @d; NULL on ENOMEM (d->err set). */
struct rt_table *rt_new(struct rt_doc *d, const char *section, const struct rt_key *key,
			const char *unit, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Add a column; -1 if full. */
int rt_col(struct rt_table *t, const char *name, int flags, const char *unit, const char *stat);
/* Add columns from a NULL-terminated list; the first @nkeys are row keys, the rest numeric. */
void rt_cols(struct rt_table *t, const char *const *names, int nkeys);
/* Append a row (every cell "-"); its index, or -1 (t->err set). */
long rt_row(struct rt_table *t);
/* Set a cell; a bad row is ignored (the error is already in t->err). */
void rt_set(struct rt_table *t, long row, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A number with @prec decimals; NaN/inf read "-". */
void rt_num(struct rt_table *t, long row, int col, double v, int prec);
/* Column index by name, -1 if none. */
int rt_find(const struct rt_table *t, const char *name);
const char *rt_cell(const struct rt_table *t, size_t row, int col);
void rt_note(struct rt_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A note the text table prints as its own line "# <line>" (a legend: one line per column
 * group, say); the other formats print it with the notes. */
void rt_legend(struct rt_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print every table of @d with rows (plus the lines of @trailer, if any). 0 or -1. */
int rt_print(FILE *out, enum rt_format fmt, const struct rt_doc *d);
/* The JSON array of the tables (new reference), NULL on ENOMEM. */
json_t *rt_json(const struct rt_doc *d);
/* One CSV file per table under @dir (created if missing). 0 or -1 (errno). */
int rt_csv_dir(const char *dir, const struct rt_doc *d);
void rt_doc_free(struct rt_doc *d);

/* ---- registered sections ---- */
struct rs_result;
struct rt_section {
	const char *name;
	int order;
	/* append the section's tables to @d; 0, or -1 on ENOMEM */
	int (*build)(struct rt_doc *d, const struct rp_file *files, size_t nfiles,
		     const struct rs_result *res);
};
void rt_register(const struct rt_section *s);
#define RT_SECTION(nm, ord, fn)							\
	static const struct rt_section rt_section_##nm = { #nm, ord, fn };	\
	__attribute__((constructor)) static void rt_register_##nm(void)	\
	{ rt_register(&rt_section_##nm); }
/* build every registered section into @d; 0 or -1 */
int rt_sections(struct rt_doc *d, const struct rp_file *files, size_t nfiles,
		const struct rs_result *res);

#endif
