// SPDX-License-Identifier: GPL-2.0
/*
 * report_parse: the results-file parser.  Records are mapped to columns by
 * the "# <type> <columns...>" header lines; every problem is an error
 * "file:line: reason" and nothing of the file is kept, except a record of a
 * type this reader does not know, which is skipped with a warning (forward
 * compatibility).
 */
#define _POSIX_C_SOURCE 200809L
#include "report_parse.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCOLS 64

enum rtype { T_OP, T_READ, T_LOST, T_GP, T_END, T_SAMPLE, T_PEER, T_PERF, T_EXEC, T_CODEGEN, T_BPFGP,
	     T_GPHIST, T_NEST, T_CHECK, T_CHKGP, T_MODEL, T_DISTURB, T_VARIANT, T_CPU,
	     T_NKNOWN, T_OTHER = T_NKNOWN };

static const char *const op_cols[] = { "name", "status", "contexts", "counts", "reason", NULL };
static const char *const read_cols[] = { "run", "cpu", "context", "op", "ops", "ns",
	"batches", "mean_ns", "p50_ns", "p95_ns", "p99_ns", "min_ns", "max_ns", NULL };
/* optional: the validity column (module-safety) of read and lost, the loss
 * events of lost (module-trust); absent in older files */
static const char *const read_opt[] = { "valid", NULL };
#define READ_VALID	13
static const char *const lost_cols[] = { "run", "cpu", "context", "op", "expected",
	"observed", "lost", NULL };
static const char *const lost_opt[] = { "events", "valid", NULL };
#define LOST_EVENTS	7
#define LOST_VALID	8
static const char *const gphist_cols[] = { "run", "kind", "load", "lo_ns", "hi_ns", "count", NULL };
static const char *const nest_cols[] = { "run", "cpu", "outer", "inner", "count", NULL };
/* the cover-letter checker (module/checker.c) */
static const char *const check_cols[] = { "run", "cpu", "context", "flavour", "writer",
	"sections", "premature", "p50_ns", NULL };
static const char *const chkgp_cols[] = { "run", "flavour", "writer", "gps", "p50_ns",
	"p99_ns", "max_ns", NULL };
static const char *const model_cols[] = { "run", "flavour", "writer", "inc", "imbalance",
	"stalled", "gps", NULL };
static const char *const disturb_cols[] = { "run", "cpu", "flavour", "writer", "gps",
	"exp_ipis", "cal_ipis", "probes", "probe_p99_ns", "probe_max_ns", NULL };
static const char *const variant_cols[] = { "op", "arch", "form", "irqsafe", "insn", NULL };
static const char *const cpu_cols[] = { "cpu", "core_type", "ident", NULL };
static const char *const gp_cols[] = { "run", "kind", "load", "count", "min_ns", "p50_ns",
	"p90_ns", "p99_ns", "p999_ns", "max_ns", "mean_ns", NULL };
static const char *const end_cols[] = { "status", "runs", NULL };
static const char *const sample_cols[] = { "run", "cpu", "context", "op", "t_ns", "ops", NULL };
/* optional columns of sample: the running ns total (docs/results-format.md)
 * and the BPF sampler's segment number (+1 when the totals restart) */
static const char *const sample_opt[] = { "ns", "seg", NULL };
#define SAMPLE_NS	6	/* h->idx[] slots of the optional columns */
#define SAMPLE_SEG	7
static const char *const peer_cols[] = { "tool", "variant", "metric", "index", "value", NULL };
static const char *const perf_cols[] = { "side", "pair", "event", "value", "unit", NULL };
static const char *const exec_cols[] = { "run", "context", "hardirq", "softirq", "task", NULL };
static const char *const codegen_cols[] = { "arch", "op", "insns", "code", NULL };
static const char *const bpfgp_cols[] = { "kind", "count", "min_ns", "p50_ns", "p90_ns", "p99_ns",
	"max_ns", "mean_ns", NULL };

static const struct {
	const char *name;
	const char *const *cols;
	const char *const *opt;	/* optional columns, after cols in h->idx[] */
} types[T_NKNOWN] = {
	[T_OP] = { "op", op_cols, NULL },	[T_READ] = { "read", read_cols, read_opt },
	[T_LOST] = { "lost", lost_cols, lost_opt }, [T_GP] = { "gp", gp_cols, NULL },
	[T_END] = { "end", end_cols, NULL },	[T_SAMPLE] = { "sample", sample_cols, sample_opt },
	[T_PEER] = { "peer", peer_cols, NULL }, [T_PERF] = { "perf", perf_cols, NULL },
	[T_EXEC] = { "exec", exec_cols, NULL }, [T_CODEGEN] = { "codegen", codegen_cols, NULL },
	[T_BPFGP] = { "bpfgp", bpfgp_cols, NULL },
	[T_GPHIST] = { "gphist", gphist_cols, NULL }, [T_NEST] = { "nest", nest_cols, NULL },
	[T_CHECK] = { "check", check_cols, NULL }, [T_CHKGP] = { "chkgp", chkgp_cols, NULL },
	[T_MODEL] = { "model", model_cols, NULL }, [T_DISTURB] = { "disturb", disturb_cols, NULL },
	[T_VARIANT] = { "variant", variant_cols, NULL }, [T_CPU] = { "cpu", cpu_cols, NULL },
};

static const char *const required_meta[] = { "schema", "arch", "kernel", "env", NULL };

struct hdr {
	char type[RP_NAME];
	char *cols;		/* the column names, space-joined, for comparison */
	int ncols;
	int idx[MAXCOLS];	/* known column k is field idx[k] (0 = type) */
	int records;		/* records seen of this type */
	int line;		/* where it is defined */
	int warned;
};

/* A record's identity ("read record (run 0 cpu 1 process srcu)") and line. */
struct rkey {
	char *key;
	int line;
};

struct pstate {
	const char *name;
	int line;
	char *err;
	size_t errlen;
	rp_warn_fn warn;
	struct rp_file *f;
	struct hdr *hdrs;
	size_t nhdrs;
	int end_line;
	long max_run;
	struct rkey *keys;	/* one per record: its identity, for duplicates */
	size_t nkeys;
	int miss_line;		/* last '# <known type> ...' that was not a header */
	char miss_type[RP_NAME], miss_why[RP_NAME * 2];
};

static int perr(struct pstate *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(p->err, p->errlen, "%s:%d: ", p->name, p->line);
	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static void pwarn(struct pstate *p, const char *fmt, ...)
{
	char msg[RP_ERR];
	va_list ap;
	int n;

	if (!p->warn)
		return;
	n = snprintf(msg, sizeof(msg), "%s:%d: warning: ", p->name, p->line);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	p->warn(msg);
}

/* Grow *arr (of *n elements of size sz) by one zeroed element. */
/* Append a zeroed element to a growable array (doubling); NULL on ENOMEM. */
void *rp_push(void *arrp, size_t *n, size_t sz)
{
	void **arr = arrp;
	char *a;

	if ((*n & (*n - 1)) == 0) {	/* 0, 1, 2, 4, ...: double */
		a = realloc(*arr, (*n ? *n * 2 : 1) * sz);
		if (!a)
			return NULL;
		*arr = a;
	}
	a = (char *)*arr + *n * sz;
	memset(a, 0, sz);
	(*n)++;
	return a;
}

/* Remember the identity of the record on this line (checked in finish()). */
static int add_key(struct pstate *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int add_key(struct pstate *p, const char *fmt, ...)
{
	struct rkey *k = rp_push(&p->keys, &p->nkeys, sizeof(*k));
	char buf[8 * RP_NAME];
	va_list ap;

	if (!k)
		return perr(p, "out of memory");
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);	/* names < RP_NAME: never cut */
	va_end(ap);
	k->key = strdup(buf);
	if (!k->key)
		return perr(p, "out of memory");
	k->line = p->line;
	return 0;
}

static enum rtype type_of(const char *s)
{
	int t;

	for (t = 0; t < T_NKNOWN; t++)
		if (!strcmp(s, types[t].name))
			return t;
	return T_OTHER;
}

static struct hdr *find_hdr(struct pstate *p, const char *type)
{
	size_t i;

	for (i = 0; i < p->nhdrs; i++)
		if (!strcmp(p->hdrs[i].type, type))
			return &p->hdrs[i];
	return NULL;
}

/* ---- number fields ---- */

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Non-negative integer: digits only, below 2^63. */
static int get_uint(struct pstate *p, const char *type, const char *col,
		    const char *s, double *v)
{
	unsigned long long x;
	char *end;

	errno = 0;
	if (all_digits(s) && strlen(s) <= 19) {
		x = strtoull(s, &end, 10);
		if (!errno && !*end && x < (1ULL << 63)) {
			*v = (double)x;
			return 0;
		}
	}
	return perr(p, "%s column '%s': '%s' is not a non-negative integer", type, col, s);
}

static int get_long(struct pstate *p, const char *type, const char *col,
		    const char *s, long *v)
{
	double d;

	if (get_uint(p, type, col, s, &d))
		return -1;
	if (d > 1e9)
		return perr(p, "%s column '%s': %s is out of range", type, col, s);
	*v = (long)d;
	return 0;
}

/* Signed integer: optional '-', digits. */
static int get_int(struct pstate *p, const char *type, const char *col,
		   const char *s, double *v)
{
	if (*s == '-' && s[1]) {
		if (get_uint(p, type, col, s + 1, v))
			return perr(p, "%s column '%s': '%s' is not an integer", type, col, s);
		*v = -*v;
		return 0;
	}
	if (get_uint(p, type, col, s, v))
		return perr(p, "%s column '%s': '%s' is not an integer", type, col, s);
	return 0;
}

/* Non-negative decimal: digits, optionally '.' and digits. */
static int get_dec(struct pstate *p, const char *type, const char *col,
		   const char *s, double *v)
{
	const char *dot = strchr(s, '.');
	char ip[32];
	size_t il = dot ? (size_t)(dot - s) : strlen(s);

	if (il > 0 && il < 20 && strlen(s) < 40) {
		memcpy(ip, s, il);
		ip[il] = '\0';
		if (all_digits(ip) && (!dot || all_digits(dot + 1))) {
			*v = strtod(s, NULL);
			if (isfinite(*v))
				return 0;
		}
	}
	return perr(p, "%s column '%s': '%s' is not a non-negative number", type, col, s);
}

static int get_name(struct pstate *p, const char *type, const char *col,
		    const char *s, char *dst)
{
	if (strlen(s) >= RP_NAME)
		return perr(p, "%s column '%s': longer than %d characters", type, col, RP_NAME - 1);
	strcpy(dst, s);
	return 0;
}

/* ---- record types ---- */

#define F(k) (fld[h->idx[k]])

static int do_meta(struct pstate *p, char **fld, int nf)
{
	struct rp_file *f = p->f;
	struct rp_kv *kv;
	size_t i;

	if (nf < 2 || nf > 3)
		return perr(p, "meta record has %d fields, expected 'meta key value'", nf);
	for (i = 0; i < f->nmeta; i++)
		if (!strcmp(f->meta[i].key, fld[1]))
			return perr(p, "duplicate meta '%s'", fld[1]);
	if (!strcmp(fld[1], "schema") && (nf < 3 || strcmp(fld[2], "1")))
		return perr(p, "unknown meta schema '%s' (this report reads schema 1)",
			    nf < 3 ? "" : fld[2]);
	kv = rp_push(&f->meta, &f->nmeta, sizeof(*kv));
	if (!kv)
		return perr(p, "out of memory");
	kv->key = strdup(fld[1]);
	kv->val = strdup(nf == 3 ? fld[2] : "");
	if (!kv->key || !kv->val)
		return perr(p, "out of memory");
	return 0;
}

static int do_op(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_op *o = rp_push(&p->f->ops, &p->f->nops, sizeof(*o));
	double c;

	if (!o)
		return perr(p, "out of memory");
	if (get_name(p, "op", "name", F(0), o->name) ||
	    get_name(p, "op", "status", F(1), o->status) ||
	    get_name(p, "op", "contexts", F(2), o->contexts) ||
	    get_uint(p, "op", "counts", F(3), &c) ||
	    get_name(p, "op", "reason", F(4), o->reason))
		return -1;
	if (c > 1)
		return perr(p, "op column 'counts': %s is not 0 or 1", F(3));
	o->counts = (int)c;
	return add_key(p, "op record (%s)", o->name);
}

static int do_read(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_read *r = rp_push(&p->f->reads, &p->f->nreads, sizeof(*r));
	double *dec[] = { &r->mean_ns, &r->p50_ns, &r->p95_ns, &r->p99_ns,
			  &r->min_ns, &r->max_ns };
	int k;

	if (!r)
		return perr(p, "out of memory");
	r->line = p->line;
	if (get_long(p, "read", "run", F(0), &r->run) ||
	    get_long(p, "read", "cpu", F(1), &r->cpu) ||
	    get_name(p, "read", "context", F(2), r->context) ||
	    get_name(p, "read", "op", F(3), r->op) ||
	    get_uint(p, "read", "ops", F(4), &r->ops) ||
	    get_uint(p, "read", "ns", F(5), &r->ns) ||
	    get_uint(p, "read", "batches", F(6), &r->batches))
		return -1;
	for (k = 0; k < 6; k++) {
		/* '-': a cell with no batches, or (min, percentiles) no batch to
		 * take it from: every batch ramp or hit (docs/results-format.md) */
		if ((r->batches == 0 || k > 0) && !strcmp(F(7 + k), "-")) {
			*dec[k] = NAN;
			continue;
		}
		if (get_dec(p, "read", read_cols[7 + k], F(7 + k), dec[k]))
			return -1;
	}
	strcpy(r->valid, "-");
	if (h->idx[READ_VALID] && get_name(p, "read", "valid", F(READ_VALID), r->valid))
		return -1;
	if (r->ops == 0 && r->ns != 0)
		return perr(p, "read: ns %s with 0 ops", F(5));
	if (r->ops > 0 && !isnan(r->mean_ns) && fabs(r->mean_ns - r->ns / r->ops) > 0.0011 + 1e-9 * r->mean_ns)
		return perr(p, "read: mean_ns %s disagrees with ns/ops = %.3f",
			    F(7), r->ns / r->ops);
	/* min_ns is over the largest batches only, so it may exceed p50; '-' (NAN) compares true */
#define LE(a, b) (isnan(a) || isnan(b) || (a) <= (b))
	if (r->batches > 0 && !(LE(r->min_ns, r->max_ns) && LE(r->p50_ns, r->p95_ns) &&
				LE(r->p95_ns, r->p99_ns) && LE(r->p99_ns, r->max_ns)))
		return perr(p, "read: percentiles not ordered p50 <= p95 <= p99 <= max, min <= max");
#undef LE
	if (r->run > p->max_run)
		p->max_run = r->run;
	return add_key(p, "read record (run %ld cpu %ld %s %s)", r->run, r->cpu, r->context, r->op);
}

static int do_lost(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_lost *l = rp_push(&p->f->losts, &p->f->nlosts, sizeof(*l));

	if (!l)
		return perr(p, "out of memory");
	if (get_long(p, "lost", "run", F(0), &l->run) ||
	    get_long(p, "lost", "cpu", F(1), &l->cpu) ||
	    get_name(p, "lost", "context", F(2), l->context) ||
	    get_name(p, "lost", "op", F(3), l->op) ||
	    get_uint(p, "lost", "expected", F(4), &l->expected) ||
	    get_uint(p, "lost", "observed", F(5), &l->observed) ||
	    get_int(p, "lost", "lost", F(6), &l->lost))
		return -1;
	if (l->lost != l->expected - l->observed)
		return perr(p, "lost: %s is not expected - observed", F(6));
	l->events = NAN;
	if (h->idx[LOST_EVENTS] && strcmp(F(LOST_EVENTS), "-") &&
	    get_uint(p, "lost", "events", F(LOST_EVENTS), &l->events))
		return -1;
	strcpy(l->valid, "-");
	if (h->idx[LOST_VALID] && get_name(p, "lost", "valid", F(LOST_VALID), l->valid))
		return -1;
	if (l->run > p->max_run)
		p->max_run = l->run;
	return add_key(p, "lost record (run %ld cpu %ld %s %s)", l->run, l->cpu, l->context, l->op);
}

static int do_gp(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_gp *g = rp_push(&p->f->gps, &p->f->ngps, sizeof(*g));
	double *v[] = { &g->min_ns, &g->p50_ns, &g->p90_ns, &g->p99_ns, &g->p999_ns,
			&g->max_ns, &g->mean_ns };
	int k;

	if (!g)
		return perr(p, "out of memory");
	if (get_long(p, "gp", "run", F(0), &g->run) ||
	    get_name(p, "gp", "kind", F(1), g->kind) ||
	    get_name(p, "gp", "load", F(2), g->load) ||
	    get_uint(p, "gp", "count", F(3), &g->count))
		return -1;
	for (k = 0; k < 7; k++) {
		if (g->count == 0 && !strcmp(F(4 + k), "-"))
			continue;
		if (get_uint(p, "gp", gp_cols[4 + k], F(4 + k), v[k]))
			return -1;
	}
	if (g->count > 0 && !(g->min_ns <= g->p50_ns && g->p50_ns <= g->p90_ns &&
			      g->p90_ns <= g->p99_ns && g->p99_ns <= g->p999_ns &&
			      g->p999_ns <= g->max_ns))
		return perr(p, "gp: percentiles not ordered min <= p50 <= ... <= max");
	if (g->run > p->max_run)
		p->max_run = g->run;
	return add_key(p, "gp record (run %ld %s %s)", g->run, g->kind, g->load);
}

static int do_sample(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_sample *s = rp_push(&p->f->samples, &p->f->nsamples, sizeof(*s));

	if (!s)
		return perr(p, "out of memory");
	if (get_long(p, "sample", "run", F(0), &s->run) ||
	    get_long(p, "sample", "cpu", F(1), &s->cpu) ||
	    get_name(p, "sample", "context", F(2), s->context) ||
	    get_name(p, "sample", "op", F(3), s->op) ||
	    get_uint(p, "sample", "t_ns", F(4), &s->t_ns) ||
	    get_uint(p, "sample", "ops", F(5), &s->ops))
		return -1;
	s->ns = NAN;
	if (h->idx[SAMPLE_NS] && get_uint(p, "sample", "ns", F(SAMPLE_NS), &s->ns))
		return -1;
	if (h->idx[SAMPLE_SEG] && get_long(p, "sample", "seg", F(SAMPLE_SEG), &s->seg))
		return -1;
	if (s->run > p->max_run)
		p->max_run = s->run;
	return add_key(p, "sample record (run %ld cpu %ld %s %s seg %ld t_ns %.0f)", s->run, s->cpu,
		       s->context, s->op, s->seg, s->t_ns);
}

static int do_peer(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_peer *r = rp_push(&p->f->peers, &p->f->npeers, sizeof(*r));

	if (!r)
		return perr(p, "out of memory");
	if (get_name(p, "peer", "tool", F(0), r->tool) ||
	    get_name(p, "peer", "variant", F(1), r->variant) ||
	    get_name(p, "peer", "metric", F(2), r->metric) ||
	    get_long(p, "peer", "index", F(3), &r->index) ||
	    get_dec(p, "peer", "value", F(4), &r->value))
		return -1;
	return add_key(p, "peer record (%s %s %s %ld)", r->tool, r->variant, r->metric, r->index);
}

static int do_perf(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_perf *r = rp_push(&p->f->perfs, &p->f->nperfs, sizeof(*r));

	if (!r)
		return perr(p, "out of memory");
	if (get_name(p, "perf", "side", F(0), r->side) ||
	    get_long(p, "perf", "pair", F(1), &r->pair) ||
	    get_name(p, "perf", "event", F(2), r->event) ||
	    get_name(p, "perf", "unit", F(4), r->unit))
		return -1;
	if (!strcmp(F(3), "-"))
		r->value = NAN;
	else if (get_dec(p, "perf", "value", F(3), &r->value))
		return -1;
	return add_key(p, "perf record (side %s pair %ld %s)", r->side, r->pair, r->event);
}

static int do_exec(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_exec *r = rp_push(&p->f->execs, &p->f->nexecs, sizeof(*r));

	if (!r)
		return perr(p, "out of memory");
	if (get_long(p, "exec", "run", F(0), &r->run) ||
	    get_name(p, "exec", "context", F(1), r->context) ||
	    get_uint(p, "exec", "hardirq", F(2), &r->hardirq) ||
	    get_uint(p, "exec", "softirq", F(3), &r->softirq) ||
	    get_uint(p, "exec", "task", F(4), &r->task))
		return -1;
	if (r->run > p->max_run)
		p->max_run = r->run;
	return add_key(p, "exec record (run %ld %s)", r->run, r->context);
}

static int do_codegen(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_codegen *r = rp_push(&p->f->codegens, &p->f->ncodegens, sizeof(*r));

	if (!r)
		return perr(p, "out of memory");
	if (get_name(p, "codegen", "arch", F(0), r->arch) ||
	    get_name(p, "codegen", "op", F(1), r->op) ||
	    get_uint(p, "codegen", "insns", F(2), &r->insns))
		return -1;
	r->code = strdup(F(3));
	if (!r->code)
		return perr(p, "out of memory");
	return add_key(p, "codegen record (%s %s)", r->arch, r->op);
}

static int do_bpfgp(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_bpfgp *r = rp_push(&p->f->bpfgps, &p->f->nbpfgps, sizeof(*r));
	double *v[] = { &r->min_ns, &r->p50_ns, &r->p90_ns, &r->p99_ns, &r->max_ns, &r->mean_ns };
	int k;

	if (!r)
		return perr(p, "out of memory");
	if (get_name(p, "bpfgp", "kind", F(0), r->kind) ||
	    get_uint(p, "bpfgp", "count", F(1), &r->count))
		return -1;
	for (k = 0; k < 6; k++) {
		if (!r->count && !strcmp(F(2 + k), "-"))
			continue;
		if (get_uint(p, "bpfgp", bpfgp_cols[2 + k], F(2 + k), v[k]))
			return -1;
	}
	return add_key(p, "bpfgp record (%s)", r->kind);
}

static int do_gphist(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_gphist *g = rp_push(&p->f->gphists, &p->f->ngphists, sizeof(*g));

	if (!g)
		return perr(p, "out of memory");
	if (get_long(p, "gphist", "run", F(0), &g->run) ||
	    get_name(p, "gphist", "kind", F(1), g->kind) ||
	    get_name(p, "gphist", "load", F(2), g->load) ||
	    get_uint(p, "gphist", "lo_ns", F(3), &g->lo_ns) ||
	    get_uint(p, "gphist", "hi_ns", F(4), &g->hi_ns) ||
	    get_uint(p, "gphist", "count", F(5), &g->count))
		return -1;
	if (!(g->lo_ns < g->hi_ns))
		return perr(p, "gphist: bucket lo_ns %s is not below hi_ns %s", F(3), F(4));
	if (g->run > p->max_run)
		p->max_run = g->run;
	return add_key(p, "gphist record (run %ld %s %s lo_ns %.0f)", g->run, g->kind, g->load,
		       g->lo_ns);
}

static int do_nest(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_nest *n = rp_push(&p->f->nests, &p->f->nnests, sizeof(*n));

	if (!n)
		return perr(p, "out of memory");
	if (get_long(p, "nest", "run", F(0), &n->run) ||
	    get_long(p, "nest", "cpu", F(1), &n->cpu) ||
	    get_name(p, "nest", "outer", F(2), n->outer) ||
	    get_name(p, "nest", "inner", F(3), n->inner) ||
	    get_uint(p, "nest", "count", F(4), &n->count))
		return -1;
	if (n->run > p->max_run)
		p->max_run = n->run;
	return add_key(p, "nest record (run %ld cpu %ld %s %s)", n->run, n->cpu, n->outer, n->inner);
}

/* A number or "-" (NAN). */
static int get_opt(struct pstate *p, const char *type, const char *col, const char *s,
		   double *v)
{
	if (!strcmp(s, "-")) {
		*v = NAN;
		return 0;
	}
	return get_dec(p, type, col, s, v);
}

static int do_check(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_check *c = rp_push(&p->f->checks, &p->f->nchecks, sizeof(*c));

	if (!c)
		return perr(p, "out of memory");
	if (get_long(p, "check", "run", F(0), &c->run) ||
	    get_long(p, "check", "cpu", F(1), &c->cpu) ||
	    get_name(p, "check", "context", F(2), c->context) ||
	    get_name(p, "check", "flavour", F(3), c->flavour) ||
	    get_name(p, "check", "writer", F(4), c->writer) ||
	    get_uint(p, "check", "sections", F(5), &c->sections) ||
	    get_uint(p, "check", "premature", F(6), &c->premature) ||
	    get_opt(p, "check", "p50_ns", F(7), &c->p50_ns))
		return -1;
	if (c->run > p->max_run)
		p->max_run = c->run;
	return add_key(p, "check record (run %ld cpu %ld %s %s %s)", c->run, c->cpu, c->context,
		       c->flavour, c->writer);
}

static int do_chkgp(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_chkgp *g = rp_push(&p->f->chkgps, &p->f->nchkgps, sizeof(*g));

	if (!g)
		return perr(p, "out of memory");
	if (get_long(p, "chkgp", "run", F(0), &g->run) ||
	    get_name(p, "chkgp", "flavour", F(1), g->flavour) ||
	    get_name(p, "chkgp", "writer", F(2), g->writer) ||
	    get_uint(p, "chkgp", "gps", F(3), &g->gps) ||
	    get_opt(p, "chkgp", "p50_ns", F(4), &g->p50_ns) ||
	    get_opt(p, "chkgp", "p99_ns", F(5), &g->p99_ns) ||
	    get_opt(p, "chkgp", "max_ns", F(6), &g->max_ns))
		return -1;
	if (g->run > p->max_run)
		p->max_run = g->run;
	return add_key(p, "chkgp record (run %ld %s %s)", g->run, g->flavour, g->writer);
}

static int do_model(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_model *m = rp_push(&p->f->models, &p->f->nmodels, sizeof(*m));

	if (!m)
		return perr(p, "out of memory");
	if (get_long(p, "model", "run", F(0), &m->run) ||
	    get_name(p, "model", "flavour", F(1), m->flavour) ||
	    get_name(p, "model", "writer", F(2), m->writer) ||
	    get_name(p, "model", "inc", F(3), m->inc) ||
	    get_int(p, "model", "imbalance", F(4), &m->imbalance) ||
	    get_uint(p, "model", "stalled", F(5), &m->stalled) ||
	    get_uint(p, "model", "gps", F(6), &m->gps))
		return -1;
	if (m->run > p->max_run)
		p->max_run = m->run;
	return add_key(p, "model record (run %ld %s %s)", m->run, m->flavour, m->writer);
}

static int do_variant(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_variant *v = rp_push(&p->f->variants, &p->f->nvariants, sizeof(*v));

	if (!v)
		return perr(p, "out of memory");
	if (get_name(p, "variant", "op", F(0), v->op) ||
	    get_name(p, "variant", "arch", F(1), v->arch) ||
	    get_name(p, "variant", "form", F(2), v->form) ||
	    get_uint(p, "variant", "irqsafe", F(3), &v->irqsafe) ||
	    get_name(p, "variant", "insn", F(4), v->insn))
		return -1;
	return add_key(p, "variant record (%s)", v->op);
}

static int do_cpu(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_cpu *c = rp_push(&p->f->cpus, &p->f->ncpus, sizeof(*c));

	if (!c)
		return perr(p, "out of memory");
	if (get_long(p, "cpu", "cpu", F(0), &c->cpu) ||
	    get_name(p, "cpu", "core_type", F(1), c->core_type))
		return -1;
	c->ident = strdup(F(2));
	if (!c->ident)
		return perr(p, "out of memory");
	return add_key(p, "cpu record (%ld)", c->cpu);
}

static int do_disturb(struct pstate *p, struct hdr *h, char **fld)
{
	struct rp_disturb *d = rp_push(&p->f->disturbs, &p->f->ndisturbs, sizeof(*d));

	if (!d)
		return perr(p, "out of memory");
	if (get_long(p, "disturb", "run", F(0), &d->run) ||
	    get_long(p, "disturb", "cpu", F(1), &d->cpu) ||
	    get_name(p, "disturb", "flavour", F(2), d->flavour) ||
	    get_name(p, "disturb", "writer", F(3), d->writer) ||
	    get_uint(p, "disturb", "gps", F(4), &d->gps) ||
	    get_opt(p, "disturb", "exp_ipis", F(5), &d->exp_ipis) ||
	    get_opt(p, "disturb", "cal_ipis", F(6), &d->cal_ipis) ||
	    get_uint(p, "disturb", "probes", F(7), &d->probes) ||
	    get_opt(p, "disturb", "probe_p99_ns", F(8), &d->probe_p99_ns) ||
	    get_opt(p, "disturb", "probe_max_ns", F(9), &d->probe_max_ns))
		return -1;
	if (d->run > p->max_run)
		p->max_run = d->run;
	return add_key(p, "disturb record (run %ld cpu %ld %s %s)", d->run, d->cpu, d->flavour,
		       d->writer);
}

static int do_end(struct pstate *p, struct hdr *h, char **fld)
{
	if (get_name(p, "end", "status", F(0), p->f->end_status) ||
	    get_long(p, "end", "runs", F(1), &p->f->end_runs))
		return -1;
	if (strcmp(F(0), "complete") && strcmp(F(0), "aborted"))
		return perr(p, "end status '%s' is neither complete nor aborted", F(0));
	p->end_line = p->line;
	return 0;
}

#undef F

/* [A-Za-z_][A-Za-z0-9_]*: a record type or a column name */
static int ident(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/*
 * A '#' line is a header when it reads "# <type> <col> <col>..." with every
 * word an identifier, <type> not "meta", and, for a type this reader knows,
 * every required column of that type among the columns (docs/results-format.md,
 * "Comments and headers").  Anything else after '#' is a comment: "# read the
 * following lines" is one.  A comment that looks like a header of a known type
 * but lacks a column is remembered, so that a record of that type without
 * its header can say why.
 */
static int do_header(struct pstate *p, char **fld, int nf)
{
	const char *const *want;
	struct hdr *h;
	enum rtype t;
	size_t len = 1;
	char *joined;
	int i, j, k;

	if (nf < 2 || !strcmp(fld[0], "meta"))
		return 0;
	for (i = 0; i < nf; i++) {
		if (!ident(fld[i]) || strlen(fld[i]) >= RP_NAME)
			return 0;	/* not a header: a comment */
		len += strlen(fld[i]) + 1;
	}
	t = type_of(fld[0]);
	if (t != T_OTHER) {
		for (k = 0; types[t].cols[k]; k++) {
			for (i = 1; i < nf && strcmp(fld[i], types[t].cols[k]); i++)
				;
			if (i == nf) {	/* a comment; say so if its records come */
				p->miss_line = p->line;
				strcpy(p->miss_type, fld[0]);
				snprintf(p->miss_why, sizeof(p->miss_why), "lacks column '%s'",
					 types[t].cols[k]);
				return 0;
			}
		}
	}
	if (nf - 1 > MAXCOLS)
		return t == T_OTHER ? 0 :
			perr(p, "%s header has more than %d columns", fld[0], MAXCOLS);
	joined = malloc(len);
	if (!joined)
		return perr(p, "out of memory");
	joined[0] = '\0';
	for (i = 1; i < nf; i++) {
		strcat(joined, " ");
		strcat(joined, fld[i]);
	}
	h = find_hdr(p, fld[0]);
	if (h) {
		k = strcmp(h->cols, joined);
		free(joined);
		if (t == T_OTHER || !k)
			return 0;
		return perr(p, "%s header redefined with other columns (first on line %d)",
			    fld[0], h->line);
	}
	h = rp_push(&p->hdrs, &p->nhdrs, sizeof(*h));
	if (!h) {
		free(joined);
		return perr(p, "out of memory");
	}
	strcpy(h->type, fld[0]);
	h->ncols = nf - 1;
	h->cols = joined;
	h->line = p->line;
	if (t == T_OTHER)
		return 0;
	want = types[t].cols;
	for (k = 0; want[k]; k++) {
		h->idx[k] = 0;
		for (i = 1; i < nf; i++) {
			if (strcmp(fld[i], want[k]))
				continue;
			if (h->idx[k])
				return perr(p, "%s header names column '%s' twice", fld[0], want[k]);
			h->idx[k] = i;
		}
	}
	for (j = 0; types[t].opt && types[t].opt[j]; j++, k++) {
		h->idx[k] = 0;	/* 0: absent */
		for (i = 1; i < nf; i++) {
			if (strcmp(fld[i], types[t].opt[j]))
				continue;
			if (h->idx[k])
				return perr(p, "%s header names column '%s' twice", fld[0],
					    types[t].opt[j]);
			h->idx[k] = i;
		}
	}
	return 0;
}

static int do_line(struct pstate *p, char *line)
{
	char *fld[MAXCOLS + 2];
	char *s, *save = NULL;
	struct hdr *h;
	enum rtype t;
	int nf = 0, comment = line[0] == '#';

	for (s = strtok_r(line + comment, " \t\r\v\f", &save); s;
	     s = strtok_r(NULL, " \t\r\v\f", &save)) {
		if (nf == MAXCOLS + 1) {
			if (comment && type_of(fld[0]) != T_OTHER) {	/* too wide: a comment */
				p->miss_line = p->line;
				strcpy(p->miss_type, fld[0]);
				snprintf(p->miss_why, sizeof(p->miss_why), "has more than %d columns",
					 MAXCOLS);
			}
			if (comment)
				return 0;
			return perr(p, "more than %d fields", MAXCOLS);
		}
		fld[nf++] = s;
	}
	if (comment)
		return do_header(p, fld, nf);
	if (!nf)
		return 0;
	if (p->end_line)
		return perr(p, "'%s' record after the end record", fld[0]);
	if (!strcmp(fld[0], "meta"))
		return do_meta(p, fld, nf);
	if (strlen(fld[0]) >= RP_NAME)
		return perr(p, "record type too long");
	h = find_hdr(p, fld[0]);
	if (!h && p->miss_line && !strcmp(p->miss_type, fld[0])) {
		char why[RP_NAME * 2];
		int at = p->miss_line;

		snprintf(why, sizeof(why), "%s", p->miss_why);
		return perr(p, "'%s' record before its '# %s ...' header line (line %d is a comment, "
			    "not a header: it %s)", fld[0], fld[0], at, why);
	}
	if (!h)
		return perr(p, "'%s' record before its '# %s ...' header line", fld[0], fld[0]);
	if (nf - 1 != h->ncols)
		return perr(p, "%s record has %d fields, its header names %d",
			    fld[0], nf - 1, h->ncols);
	h->records++;
	t = type_of(fld[0]);
	switch (t) {
	case T_OP:	return do_op(p, h, fld);
	case T_READ:	return do_read(p, h, fld);
	case T_LOST:	return do_lost(p, h, fld);
	case T_GP:	return do_gp(p, h, fld);
	case T_SAMPLE:	return do_sample(p, h, fld);
	case T_PEER:	return do_peer(p, h, fld);
	case T_PERF:	return do_perf(p, h, fld);
	case T_EXEC:	return do_exec(p, h, fld);
	case T_CODEGEN:	return do_codegen(p, h, fld);
	case T_BPFGP:	return do_bpfgp(p, h, fld);
	case T_GPHIST:	return do_gphist(p, h, fld);
	case T_NEST:	return do_nest(p, h, fld);
	case T_CHECK:	return do_check(p, h, fld);
	case T_CHKGP:	return do_chkgp(p, h, fld);
	case T_MODEL:	return do_model(p, h, fld);
	case T_DISTURB:	return do_disturb(p, h, fld);
	case T_VARIANT:	return do_variant(p, h, fld);
	case T_CPU:	return do_cpu(p, h, fld);
	case T_END:	return do_end(p, h, fld);
	default:
		if (!h->warned++)
			pwarn(p, "unknown record type '%s' skipped (newer format?)", fld[0]);
		return 0;
	}
}

static int cmp_key(const void *a, const void *b)
{
	const struct rkey *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : x->line - y->line;
}

/* Records of run @run and later dropped from every per-run array; how many. */
#define DROP_RUN(arr, n, lim) do {					\
	size_t i_, j_ = 0;						\
	for (i_ = 0; i_ < (n); i_++)					\
		if ((arr)[i_].run < (lim))				\
			(arr)[j_++] = (arr)[i_];			\
	dropped += (n) - j_;						\
	(n) = j_;							\
} while (0)

/* Whole-file checks once the end is reached. */
static int finish(struct pstate *p)
{
	struct rp_file *f = p->f;
	const struct rkey *dup = NULL, *first = NULL;
	size_t i, dropped = 0;
	int k;

	if (!p->end_line)
		return perr(p, "no end record: the file is truncated");
	/* duplicates: the one whose second copy comes first in the file */
	if (p->nkeys)
		qsort(p->keys, p->nkeys, sizeof(*p->keys), cmp_key);
	for (i = 1; i < p->nkeys; i++)
		if (!strcmp(p->keys[i - 1].key, p->keys[i].key) &&
		    (!dup || p->keys[i].line < dup->line) &&
		    (i < 2 || strcmp(p->keys[i - 2].key, p->keys[i].key))) {
			dup = &p->keys[i];
			first = &p->keys[i - 1];
		}
	if (dup) {
		p->line = dup->line;
		return perr(p, "duplicate %s, first on line %d", dup->key, first->line);
	}
	p->line = p->end_line;
	for (k = 0; required_meta[k]; k++) {
		const char *v = rp_meta(f, required_meta[k]);

		if (!v || !*v)
			return perr(p, "missing meta '%s'", required_meta[k]);
	}
	if (!strcmp(f->end_status, "aborted")) {
		/* runs 0..N-1 completed; run N was cut off: keep the complete ones */
		if (p->max_run > f->end_runs)
			return perr(p, "end record says aborted after %ld runs, but there are "
				    "records of run %ld", f->end_runs, p->max_run);
		DROP_RUN(f->reads, f->nreads, f->end_runs);
		DROP_RUN(f->losts, f->nlosts, f->end_runs);
		DROP_RUN(f->gps, f->ngps, f->end_runs);
		DROP_RUN(f->samples, f->nsamples, f->end_runs);
		DROP_RUN(f->execs, f->nexecs, f->end_runs);
		DROP_RUN(f->gphists, f->ngphists, f->end_runs);
		DROP_RUN(f->nests, f->nnests, f->end_runs);
		pwarn(p, "run aborted after %ld complete runs; using those, %zu records of the "
		      "partial run %ld dropped", f->end_runs, dropped, f->end_runs);
	} else if (p->max_run >= f->end_runs) {
		return perr(p, "end record says %ld runs, but there are records of run %ld",
			    f->end_runs, p->max_run);
	}
	f->arch = rp_meta(f, "arch");
	f->kernel = rp_meta(f, "kernel");
	f->env = rp_meta(f, "env");
	if (rp_meta(f, "harness.variant")) {
		snprintf(f->kernel_variant, sizeof(f->kernel_variant), "%.*s+%.*s",
			 RP_NAME, f->kernel, RP_NAME, rp_meta(f, "harness.variant"));
		f->kernel = f->kernel_variant;
	}
	return 0;
}

#undef DROP_RUN

int rp_parse_buf(const char *name, const char *buf, size_t len,
		 struct rp_file *f, rp_warn_fn warn, char *err, size_t errlen)
{
	struct pstate p = { .name = name, .err = err, .errlen = errlen, .warn = warn,
			    .f = f, .max_run = -1 };
	size_t pos = 0, i;
	char *line = NULL;
	int ret = 0;

	memset(f, 0, sizeof(*f));
	f->hash = 0xcbf29ce484222325ULL;	/* FNV-1a, 64 bit */
	for (i = 0; i < len; i++)
		f->hash = (f->hash ^ (unsigned char)buf[i]) * 0x100000001b3ULL;
	f->name = strdup(name);
	if (!f->name)
		return perr(&p, "out of memory");
	while (pos < len && !ret) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;

		p.line++;
		if (memchr(buf + pos, '\0', n)) {
			ret = perr(&p, "NUL byte in line");
			break;
		}
		free(line);
		line = malloc(n + 1);
		if (!line) {
			ret = perr(&p, "out of memory");
			break;
		}
		memcpy(line, buf + pos, n);
		line[n] = '\0';
		ret = do_line(&p, line);
		if (ret && !nl) {	/* a cut-off last line: say so */
			size_t l = strlen(err);

			snprintf(err + l, errlen - l, " (last line has no newline: truncated file?)");
		}
		pos += n + 1;
	}
	free(line);
	if (!ret)
		ret = finish(&p);
	for (i = 0; i < p.nhdrs; i++)
		free(p.hdrs[i].cols);
	free(p.hdrs);
	for (i = 0; i < p.nkeys; i++)
		free(p.keys[i].key);
	free(p.keys);
	if (ret)
		rp_file_free(f);
	return ret;
}

int rp_parse_path(const char *path, struct rp_file *f, rp_warn_fn warn,
		  char *err, size_t errlen)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int ret;

	memset(f, 0, sizeof(*f));
	if (!fp) {
		snprintf(err, errlen, "%s:0: cannot open: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len > RP_MAX_FILE) {
			free(buf);
			if (fp != stdin)
				fclose(fp);
			snprintf(err, errlen, "%s:0: larger than %d MiB: not a results file",
				 path, RP_MAX_FILE >> 20);
			return -1;
		}
		if (cap - len < 65536) {
			char *nb = realloc(buf, cap = cap * 2 + 65536);

			if (!nb) {
				free(buf);
				if (fp != stdin)
					fclose(fp);
				snprintf(err, errlen, "%s:0: out of memory", path);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		snprintf(err, errlen, "%s:0: read error", path);
		ret = -1;
	} else {
		ret = rp_parse_buf(path, buf, len, f, warn, err, errlen);
	}
	if (fp != stdin)
		fclose(fp);
	free(buf);
	return ret;
}

void rp_file_free(struct rp_file *f)
{
	size_t i;

	for (i = 0; i < f->nmeta; i++) {
		free(f->meta[i].key);
		free(f->meta[i].val);
	}
	free(f->meta);
	free(f->ops);
	free(f->reads);
	free(f->losts);
	free(f->gps);
	free(f->samples);
	free(f->peers);
	free(f->perfs);
	free(f->execs);
	for (i = 0; i < f->ncodegens; i++)
		free(f->codegens[i].code);
	free(f->codegens);
	for (i = 0; i < f->ncpus; i++)
		free(f->cpus[i].ident);
	free(f->cpus);
	free(f->variants);
	free(f->bpfgps);
	free(f->gphists);
	free(f->nests);
	free(f->checks);
	free(f->chkgps);
	free(f->models);
	free(f->disturbs);
	free(f->name);
	memset(f, 0, sizeof(*f));
}

const char *rp_meta(const struct rp_file *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->nmeta; i++)
		if (f->meta[i].key && !strcmp(f->meta[i].key, key))
			return f->meta[i].val;
	return NULL;
}
