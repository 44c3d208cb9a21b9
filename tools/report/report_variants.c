// SPDX-License-Identifier: GPL-2.0
/* report_variants: see report_variants.h. */
#include "report_variants.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const baselines[] = { "empty", "this_cpu_inc", "__this_cpu_inc" };
static const char *const ctxs[] = { "process", "softirq", "hardirq" };

static const char *CTX_NOTE =
	"TCG and TCG icount cannot show near against far atomics (STADD executing in the "
	"interconnect, LDADD in L1): qemu runs every atomic as host code. What they do show: "
	"the instructions per op (icount), which variants are irq-safe, and lost updates";

/* The variant record of @op in the files of env @e, or NULL. */
static const struct rp_variant *variant_of(const struct rs_result *res, int e, const char *op)
{
	size_t f, i;

	for (f = 0; f < res->nfiles; f++) {
		if (res->file_env[f] != e)
			continue;
		for (i = 0; i < res->files[f].nvariants; i++)
			if (!strcmp(res->files[f].variants[i].op, op))
				return &res->files[f].variants[i];
	}
	return NULL;
}

static int env_has(const struct rs_result *res, int e)
{
	size_t f;

	for (f = 0; f < res->nfiles; f++)
		if (res->file_env[f] == e && res->files[f].nvariants)
			return 1;
	return 0;
}

/* Lost updates of @op in env @e, summed over contexts, CPUs and runs; NAN if none. */
static double lost_of(const struct rs_result *res, int e, const char *op)
{
	double s = NAN;
	size_t i;

	for (i = 0; i < res->nlosts; i++)
		if (res->losts[i].env == e && !strcmp(res->losts[i].op, op))
			s = (isnan(s) ? 0 : s) + res->losts[i].lost;
	return s;
}

static double est(const struct rs_result *res, int e, const char *ctx, const char *op, int net)
{
	const struct rs_cost *c = rs_find_cost(res, e, ctx, op);

	if (!c)
		return NAN;
	return net ? c->net.point : c->min.point;
}

static int is_icount(const char *env)
{
	return !strcmp(env, "tcg-icount");
}

/* The ops of the table, in order: baselines, bare variants, reader shapes. */
static int for_each_op(const struct rs_result *res, int e, int k, const char **op, int *rd)
{
	static char buf[RP_NAME + 4];
	size_t f, i, n = 0;

	if (k < 3) {
		*op = baselines[k];
		*rd = 0;
		return 1;
	}
	k -= 3;
	for (*rd = 0; *rd < 2; (*rd)++)
		for (f = 0; f < res->nfiles; f++) {
			if (res->file_env[f] != e)
				continue;
			for (i = 0; i < res->files[f].nvariants; i++) {
				const struct rp_variant *v = &res->files[f].variants[i];

				if (strcmp(v->arch, res->envs[e].arch) &&
				    !(strcmp(res->envs[e].arch, "aarch64") == 0 && !strcmp(v->arch, "arm64")))
					continue;
				if ((long)n++ == k) {
					snprintf(buf, sizeof(buf), "%s%s", *rd ? "rd_" : "", v->op);
					*op = buf;
					return 1;
				}
			}
			break;	/* the first file of the env lists them */
		}
	return 0;
}

/* The gaps (gap=) that ran in env @e: N of each empty@g<N> read record, ascending. */
static int gaps_of(const struct rs_result *res, int e, unsigned int *gaps, int max)
{
	int n = 0, j;
	size_t f, i;

	for (f = 0; f < res->nfiles; f++)
		for (i = 0; res->file_env[f] == e && i < res->files[f].nreads; i++) {
			const char *op = res->files[f].reads[i].op;
			unsigned int g;
			char end;

			if (strncmp(op, "empty@g", 7) || sscanf(op + 7, "%u%c", &g, &end) != 1)
				continue;
			for (j = 0; j < n && gaps[j] != g; j++)
				;
			if (j < n || n == max)
				continue;
			for (j = n++; j > 0 && gaps[j - 1] > g; j--)
				gaps[j] = gaps[j - 1];
			gaps[j] = g;
		}
	return n;
}

#define NGAPS 4

static int env_table(struct rt_doc *d, const struct rs_result *res, int e)
{
	static const char *const base_cols[] = { "op", "shape", "form", "irqsafe", "process",
		"softirq", "hardirq", "process_net", "lost" };
	static char gap_names[2 * NGAPS][24];
	const char *cols[9 + 2 * NGAPS + 1];
	const struct rs_env *v = &res->envs[e];
	int ic = is_icount(v->env), k, c, ngaps, g;
	unsigned int gaps[NGAPS];
	struct rt_table *t;
	const char *op;
	int rd;

	ngaps = gaps_of(res, e, gaps, NGAPS);
	for (c = 0; c < 9; c++)
		cols[c] = base_cols[c];
	for (g = 0; g < ngaps; g++) {
		snprintf(gap_names[2 * g], sizeof(gap_names[0]), "net@g%u", gaps[g]);
		snprintf(gap_names[2 * g + 1], sizeof(gap_names[0]), "ratio@g%u", gaps[g]);
		cols[9 + 2 * g] = gap_names[2 * g];
		cols[9 + 2 * g + 1] = gap_names[2 * g + 1];
	}
	cols[9 + 2 * ngaps] = NULL;
	t = rt_new(d, "variants", &v->key, ic ? "instructions/op" : "ns/op",
		   "Per-arch variants of the per-CPU increment, bare and in the SRCU reader shape: arch=%s kernel=%s env=%s",
		   v->arch, v->kernel, v->env);
	if (!t)
		return -1;
	rt_cols(t, cols, 1);
	for (c = 1; c <= 3; c++)
		t->cols[c].flags &= ~RT_NUM;
	snprintf(t->cols[8].unit, sizeof(t->cols[8].unit), "updates");
	for (c = 4; c <= 7; c++)
		snprintf(t->cols[c].stat, sizeof(t->cols[c].stat), c == 7 ?
			 "min minus empty's min, paired per CPU" : "median over CPUs of min over batches");
	for (g = 0; g < ngaps; g++) {
		snprintf(t->cols[9 + 2 * g].stat, sizeof(t->cols[0].stat),
			 "process: op@g%u min minus empty@g%u min, per CPU", gaps[g], gaps[g]);
		snprintf(t->cols[9 + 2 * g + 1].unit, sizeof(t->cols[0].unit), "ratio");
		snprintf(t->cols[9 + 2 * g + 1].stat, sizeof(t->cols[0].stat),
			 "net@g%u over process_net", gaps[g]);
	}
	for (k = 0; for_each_op(res, e, k, &op, &rd); k++) {
		const struct rp_variant *vr = variant_of(res, e, rd ? op + 3 : op);
		double net;
		long r;

		if (!rs_find_cost(res, e, "process", op))
			continue;
		r = rt_row(t);
		rt_set(t, r, 0, "%s", op);
		rt_set(t, r, 1, "%s", k < 3 ? "baseline" : rd ? "reader" : "bare");
		rt_set(t, r, 2, "%s", vr ? vr->form : "-");
		rt_set(t, r, 3, "%s", vr ? (vr->irqsafe ? "yes" : "no") :
		       !strcmp(op, "__this_cpu_inc") ? "no" : !strcmp(op, "this_cpu_inc") ? "yes" : "-");
		for (c = 0; c < 3; c++)
			rt_num(t, r, 4 + c, est(res, e, ctxs[c], op, 0), ic ? 0 : 2);
		net = est(res, e, "process", op, 1);
		rt_num(t, r, 7, net, ic ? 0 : 2);
		rt_num(t, r, 8, lost_of(res, e, op), 0);
		for (g = 0; g < ngaps; g++) {
			char sp[RP_NAME + 16];
			double n;

			snprintf(sp, sizeof(sp), "%s@g%u", op, gaps[g]);
			n = est(res, e, "process", sp, 1);
			rt_num(t, r, 9 + 2 * g, n, ic ? 0 : 2);
			rt_num(t, r, 10 + 2 * g, net > 0 && !isnan(n) ? n / net : NAN, 2);
		}
	}
	if (ngaps)
		rt_note(t, "spaced (gap=): net@g<N> is <op>@g<N>, the op with N turns of a one-nop asm loop after each operation (x86 nop/dec/jnz, arm64 nop/subs/b.ne: 3 instructions a turn, plus 1 register copy), minus empty@g<N>, the same loop without the op; ratio@g<N> is net@g<N> over the back-to-back process_net (1.00: spacing changes nothing; bare variants and baselines only, the reader shapes are not spaced)");
	rt_note(t, "%s", CTX_NOTE);
	rt_note(t, "reader: rd_<variant>, the model SRCU reader's lock and unlock (per-CPU lock/unlock counts, smp_mb() after the lock and before the unlock increment) with both increments the variant: what srcu_read_lock()+unlock would cost with that increment");
	rt_note(t, "form: this_cpu (preemption off around it, as the arch's this_cpu_*), raw (raw_cpu_ptr, preemption on: srcu_percpu_counter_inc()), irqoff (interrupts masked around a plain add), softmask (ppc64 soft-masked irqs)");
	rt_note(t, "irqsafe of a baseline is the API's contract: __this_cpu_inc promises none, and loses updates only where it is a separate load, add and store (not x86_64 incq, s390x agsi)");
	rt_note(t, "lost: updates lost with process, softirq and hardirq readers on the counter at once (bare ops only; reader shapes count on the model)");
	if (ic)
		rt_note(t, "env tcg-icount: one guest ns is one guest instruction: the figures are instructions per op");
	else if (!strncmp(v->env, "tcg", 3))
		rt_note(t, "env %s: emulated timings, not hardware numbers", v->env);
	return 0;
}

/* Per core type: the median over the type's CPUs (and runs) of p50 and min, process. */
static int core_table(struct rt_doc *d, const struct rs_result *res, int e)
{
	static const char *const cols[] = { "core_type", "op", "cpus", "p50", "min", NULL };
	const struct rs_env *v = &res->envs[e];
	char types[16][RP_NAME];
	int ntypes = 0, k, rd, j;
	struct rt_table *t;
	size_t f, i, m;
	const char *op;

	for (f = 0; f < res->nfiles; f++)
		for (i = 0; res->file_env[f] == e && i < res->files[f].ncpus; i++) {
			for (j = 0; j < ntypes; j++)
				if (!strcmp(types[j], res->files[f].cpus[i].core_type))
					break;
			if (j == ntypes && ntypes < 16)
				snprintf(types[ntypes++], RP_NAME, "%s", res->files[f].cpus[i].core_type);
		}
	if (!ntypes)
		return 0;
	t = rt_new(d, "variants-core", &v->key, is_icount(v->env) ? "instructions/op" : "ns/op",
		   "Per-arch variants by core type (cpu records), process context: arch=%s kernel=%s env=%s",
		   v->arch, v->kernel, v->env);
	if (!t)
		return -1;
	rt_cols(t, cols, 2);
	snprintf(t->cols[2].unit, sizeof(t->cols[2].unit), "count");
	snprintf(t->cols[3].stat, sizeof(t->cols[3].stat), "median over the type's CPUs and runs of p50");
	snprintf(t->cols[4].stat, sizeof(t->cols[4].stat), "median over the type's CPUs and runs of min");
	for (j = 0; j < ntypes; j++)
		for (k = 0; for_each_op(res, e, k, &op, &rd); k++) {
			double *p50 = NULL, *mn = NULL;
			size_t n = 0, cap = 0;
			char seen[1024] = "";
			int ncpu = 0;
			long r;

			for (f = 0; f < res->nfiles; f++) {
				const struct rp_file *pf = &res->files[f];

				if (res->file_env[f] != e)
					continue;
				for (i = 0; i < pf->nreads; i++) {
					const struct rp_read *rr = &pf->reads[i];
					char tag[24];

					if (strcmp(rr->op, op) || strcmp(rr->context, "process") ||
					    strcmp(rr->valid, "ok"))
						continue;
					for (m = 0; m < pf->ncpus; m++)
						if (pf->cpus[m].cpu == rr->cpu)
							break;
					if (m == pf->ncpus || strcmp(pf->cpus[m].core_type, types[j]))
						continue;
					if (n == cap) {
						double *a, *b;

						cap = cap ? 2 * cap : 16;
						a = realloc(p50, cap * sizeof(*a));
						if (a)
							p50 = a;
						b = realloc(mn, cap * sizeof(*b));
						if (b)
							mn = b;
						if (!a || !b) {
							free(p50);
							free(mn);
							return -1;
						}
					}
					p50[n] = rr->p50_ns;
					mn[n++] = rr->min_ns;
					snprintf(tag, sizeof(tag), " %ld ", rr->cpu);
					if (!strstr(seen, tag) && strlen(seen) + strlen(tag) < sizeof(seen)) {
						strcat(seen, tag);
						ncpu++;
					}
				}
			}
			if (n) {
				r = rt_row(t);
				rt_set(t, r, 0, "%s", types[j]);
				rt_set(t, r, 1, "%s", op);
				rt_set(t, r, 2, "%d", ncpu);
				rt_num(t, r, 3, rs_median(p50, n), 3);
				rt_num(t, r, 4, rs_median(mn, n), 3);
			}
			free(p50);
			free(mn);
		}
	rt_note(t, "core_type: arm64 implementer:part (MIDR_EL1), x86 family:model:hybrid-type, ppc PVR version, s390 machine type, riscv mvendorid:marchid; one row per core type and op (big.LITTLE: one row per core type)");
	if (!strncmp(v->env, "tcg", 3))
		rt_note(t, "env %s: qemu's emulated CPU identity; %s", v->env,
			is_icount(v->env) ? "figures are instructions" : "emulated timings, not hardware numbers");
	return 0;
}

/* Across arches: each arch's this_cpu_inc and variants, net of the empty loop, x86_64 the control. */
static int arch_table(struct rt_doc *d, const struct rs_result *res)
{
	static const char *const cols[] = { "isa", "environment", "op", "shape", "net", "vs_x86_this_cpu_inc",
		"lost", NULL };
	struct rt_key key;
	struct rt_table *t;
	size_t e;
	int k, rd, any = 0;
	const char *op;

	for (e = 0; e < res->nenvs; e++)
		any += env_has(res, (int)e);
	if (!any)
		return 0;
	rt_key_set(&key, NULL, NULL, NULL);
	t = rt_new(d, "variants-arch", &key, "",
		   "Per-arch variants across architectures (x86_64 this_cpu_inc the control)");
	if (!t)
		return -1;
	rt_cols(t, cols, 3);
	t->cols[3].flags &= ~RT_NUM;
	snprintf(t->cols[4].unit, sizeof(t->cols[4].unit), "instructions/op (tcg-icount), ns/op (others)");
	snprintf(t->cols[4].stat, sizeof(t->cols[4].stat), "process: min minus empty's min");
	snprintf(t->cols[5].unit, sizeof(t->cols[5].unit), "ratio");
	snprintf(t->cols[6].unit, sizeof(t->cols[6].unit), "updates");
	for (e = 0; e < res->nenvs; e++) {
		const struct rs_env *v = &res->envs[e];
		double ctl = NAN;
		size_t x;

		if (!env_has(res, (int)e))
			continue;
		for (x = 0; x < res->nenvs; x++)
			if (!strcmp(res->envs[x].arch, "x86_64") && !strcmp(res->envs[x].env, v->env))
				ctl = est(res, (int)x, "process", "this_cpu_inc", 1);
		for (k = 1; for_each_op(res, (int)e, k, &op, &rd); k++) {
			double n = est(res, (int)e, "process", op, 1);
			long r;

			if (isnan(n))
				continue;
			r = rt_row(t);
			rt_set(t, r, 0, "%s", v->arch);
			rt_set(t, r, 1, "%s", v->env);
			rt_set(t, r, 2, "%s", op);
			rt_set(t, r, 3, "%s", k < 3 ? "baseline" : rd ? "reader" : "bare");
			rt_num(t, r, 4, n, is_icount(v->env) ? 0 : 2);
			rt_num(t, r, 5, ctl > 0 ? n / ctl : NAN, 2);
			rt_num(t, r, 6, lost_of(res, (int)e, op), 0);
		}
	}
	rt_note(t, "%s", CTX_NOTE);
	rt_note(t, "vs_x86_this_cpu_inc: net over the x86_64 this_cpu_inc net in the same env (one incq %%gs: under icount: 1 instruction)");
	rt_note(t, "tcg rows: emulated timings, not hardware numbers");
	return 0;
}

int rv_tables(struct rt_doc *d, const struct rs_result *res)
{
	size_t e;

	for (e = 0; e < res->nenvs; e++) {
		if (!env_has(res, (int)e))
			continue;
		if (env_table(d, res, (int)e) || core_table(d, res, (int)e))
			return -1;
	}
	return arch_table(d, res);
}
