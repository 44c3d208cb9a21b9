/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_parse: read srcubench results files (docs/results-format.md,
 * schema 1) into memory, checking them strictly.
 */
#ifndef REPORT_PARSE_H
#define REPORT_PARSE_H

#include <stddef.h>
#include <stdint.h>

#define RP_NAME		96	/* longest name field + 1 */
#define RP_ERR		512
#define RP_MAX_FILE	(1 << 30)	/* a results file is read whole: at most 1 GiB */

struct rp_kv {
	char *key, *val;
};

struct rp_op {
	char name[RP_NAME], status[RP_NAME], contexts[RP_NAME], reason[RP_NAME];
	int counts;
};

/* mean_ns..max_ns NAN when '-' (a cell with no batches); valid: the optional
 * validity column ("-" when absent) */
struct rp_read {
	long run, cpu;
	char context[RP_NAME], op[RP_NAME];
	double ops, ns, batches;
	double mean_ns, p50_ns, p95_ns, p99_ns, min_ns, max_ns;
	char valid[RP_NAME];
	int line;
};

/* events: the optional loss-events column, NAN when absent */
struct rp_lost {
	long run, cpu;
	char context[RP_NAME], op[RP_NAME];
	double expected, observed, lost, events;
	char valid[RP_NAME];
};

/* gphist run kind load lo_ns hi_ns count: one non-empty bucket [lo, hi) of a
 * log-bucketed grace-period latency histogram */
struct rp_gphist {
	long run;
	char kind[RP_NAME], load[RP_NAME];
	double lo_ns, hi_ns, count;
};

/* nest run cpu outer inner count: how often context inner interrupted outer */
struct rp_nest {
	long run, cpu;
	char outer[RP_NAME], inner[RP_NAME];
	double count;
};

/* The cover-letter checker (module/checker.c); "-" reads NAN. */
struct rp_check {
	long run, cpu;
	char context[RP_NAME], flavour[RP_NAME], writer[RP_NAME];
	double sections, premature, p50_ns;
};

struct rp_chkgp {
	long run;
	char flavour[RP_NAME], writer[RP_NAME];
	double gps, p50_ns, p99_ns, max_ns;
};

struct rp_model {
	long run;
	char flavour[RP_NAME], writer[RP_NAME], inc[RP_NAME];
	double imbalance, stalled, gps;
};

struct rp_disturb {
	long run, cpu;
	char flavour[RP_NAME], writer[RP_NAME];
	double gps, exp_ipis, cal_ipis, probes, probe_p99_ns, probe_max_ns;
};

/* count 0: every other number is absent ("-" in the file) */
struct rp_gp {
	long run;
	char kind[RP_NAME], load[RP_NAME];
	double count, min_ns, p50_ns, p90_ns, p99_ns, p999_ns, max_ns, mean_ns;
};

/* sample run cpu context op t_ns ops [ns] [seg]: running totals of one
 * reader at t_ns (ns NAN when the column is absent; seg 0 when absent) */
struct rp_sample {
	long run, cpu, seg;
	char context[RP_NAME], op[RP_NAME];
	double t_ns, ops, ns;
};

/* peer tool variant metric index value: refscale/rcuscale in the same boot */
struct rp_peer {
	char tool[RP_NAME], variant[RP_NAME], metric[RP_NAME];
	long index;
	double value;
};

/* perf side pair event value unit: perf stat A/B; value NAN when '-' */
struct rp_perf {
	char side[RP_NAME], event[RP_NAME], unit[RP_NAME];
	long pair;
	double value;
};

/* exec run context hardirq softirq task: where a context's batches ran */
struct rp_exec {
	long run;
	char context[RP_NAME];
	double hardirq, softirq, task;
};

/* codegen arch op insns code: the static code of an op's loop (tools/codegen.sh) */
struct rp_codegen {
	char arch[RP_NAME], op[RP_NAME];
	double insns;
	char *code;
};

/* bpfgp kind count min_ns p50_ns p90_ns p99_ns max_ns mean_ns: BPF-timed GPs */
/* variant: a per-arch variant of the per-CPU increment (module/variants.c) */
struct rp_variant {
	char op[RP_NAME], arch[RP_NAME], form[RP_NAME], insn[RP_NAME];
	double irqsafe;
};

/* cpu: who a CPU is; core_type tells cores of a heterogeneous part apart */
struct rp_cpu {
	long cpu;
	char core_type[RP_NAME];
	char *ident;
};

struct rp_bpfgp {
	char kind[RP_NAME];
	double count, min_ns, p50_ns, p90_ns, p99_ns, max_ns, mean_ns;
};

struct rp_file {
	char *name;
	struct rp_kv *meta;	size_t nmeta;
	struct rp_op *ops;	size_t nops;
	struct rp_read *reads;	size_t nreads;
	struct rp_lost *losts;	size_t nlosts;
	struct rp_gp *gps;	size_t ngps;
	struct rp_sample *samples; size_t nsamples;
	struct rp_peer *peers;	size_t npeers;
	struct rp_perf *perfs;	size_t nperfs;
	struct rp_exec *execs;	size_t nexecs;
	struct rp_codegen *codegens; size_t ncodegens;
	struct rp_bpfgp *bpfgps; size_t nbpfgps;
	struct rp_gphist *gphists; size_t ngphists;
	struct rp_nest *nests;	size_t nnests;
	struct rp_check *checks; size_t nchecks;
	struct rp_chkgp *chkgps; size_t nchkgps;
	struct rp_model *models; size_t nmodels;
	struct rp_disturb *disturbs; size_t ndisturbs;
	struct rp_variant *variants; size_t nvariants;
	struct rp_cpu *cpus;	size_t ncpus;
	unsigned long long hash;	/* FNV-1a of the file's bytes: its boot key without meta boot_id */
	char end_status[RP_NAME];
	long end_runs;
	/* shortcuts into meta; kernel is "<kernel>+<variant>" when the file
	 * has meta harness.variant (perf A/B sides), so variants group apart */
	const char *arch, *kernel, *env;
	char kernel_variant[2 * RP_NAME + 2];
};

/* Called for each warning (unknown record type, aborted run); may be NULL. */
typedef void (*rp_warn_fn)(const char *msg);

/*
 * Parse @len bytes of @buf as the results file @name into @f.  Returns 0,
 * or -1 with "name:line: reason" in @err (and @f freed).
 */
int rp_parse_buf(const char *name, const char *buf, size_t len,
		 struct rp_file *f, rp_warn_fn warn, char *err, size_t errlen);
/* Same, reading the file @path; "-" is stdin. */
int rp_parse_path(const char *path, struct rp_file *f, rp_warn_fn warn,
		  char *err, size_t errlen);
void rp_file_free(struct rp_file *f);
const char *rp_meta(const struct rp_file *f, const char *key);
/* Append a zeroed element of @sz bytes to the array *@arrp of *@n; NULL on ENOMEM. */
void *rp_push(void *arrp, size_t *n, size_t sz);

#endif
