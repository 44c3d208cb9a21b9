// SPDX-License-Identifier: GPL-2.0
/*
 * report_bpfgp: grace periods timed by the module against the same calls
 * timed by BPF fentry/fexit (bpfgp records), one table per file that has them.
 * A section in one file: RT_SECTION registers it (see report_table.h).
 */
#include <math.h>
#include <string.h>

#include "report_stats.h"
#include "report_table.h"

/* Grace periods timed by the module and, independently, by BPF fentry/fexit. */
static int bpfgp_file(struct rt_doc *d, const struct rp_file *f)
{
	struct rt_table *t;
	struct rt_key key;
	size_t i, j;

	rt_key_set(&key, f->arch, f->kernel, f->env);
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

static int bpfgp(struct rt_doc *d, const struct rp_file *files, size_t n,
		 const struct rs_result *res)
{
	size_t i;

	(void)res;
	for (i = 0; i < n; i++)
		if (files[i].nbpfgps && bpfgp_file(d, &files[i]))
			return -1;
	return 0;
}

RT_SECTION(bpfgp, 100, bpfgp)
