// SPDX-License-Identifier: GPL-2.0
/*
 * srcubench-bpf: samples srcu_bench.ko's srcu_bench_sample tracepoint and
 * times synchronize_srcu{,_expedited}() on its srcu_struct with BPF, and
 * writes srcubench results-format records (docs/results-format.md):
 *   sample  run cpu context op t_ns ops ns seg   one per tracepoint event
 *   srcuctr t_ns cpu locks unlocks balance       sb_srcu's per-CPU counters
 *   bpfgp   kind count min_ns p50_ns p90_ns p99_ns max_ns mean_ns
 * srcu_bench.ko must be loaded first (e.g. autostart=0); stop with SIGINT.
 */
#include <argp.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "srcubench.h"
#include "srcubench.skel.h"

#define PROG "srcubench-bpf"

static struct env {
	long interval_ms;
	long duration_s;
	const char *output;
	const char *symbol;
	bool verbose;
	bool kprobes;
	bool no_gp;
	bool no_ctr;
} env = {
	.interval_ms = 100,
	.symbol = "sb_srcu",
};

const char *argp_program_version = PROG " 1";
const char argp_program_doc[] =
"Sample srcu_bench.ko's throughput and time its SRCU grace periods with BPF.\n"
"\n"
"srcu_bench.ko must be loaded (insmod srcu_bench.ko autostart=0, then\n"
"'echo start > /sys/kernel/debug/srcu_bench/run' once this tool has printed\n"
"its 'meta bpf.attach' line). Records follow docs/results-format.md:\n"
"  sample run cpu context op t_ns ops ns seg (running totals at t_ns;\n"
"         seg: phase number since attach, +1 when the totals restart)\n"
"  srcuctr t_ns cpu locks unlocks balance  (sb_srcu's per-CPU counters)\n"
"  bpfgp kind count min_ns p50_ns p90_ns p99_ns max_ns mean_ns (at exit)\n"
"\n"
"EXAMPLES:\n"
"    srcubench-bpf -o bpf.txt        # until SIGINT/SIGTERM\n"
"    srcubench-bpf -d 10 -i 200      # 10 s, flush every 200 ms\n";

enum { OPT_NO_GP = 256, OPT_NO_CTR };

static const struct argp_option opts[] = {
	{ "interval", 'i', "MS", 0, "Poll and flush every MS milliseconds (1..60000, default 100)", 0 },
	{ "duration", 'd', "SEC", 0, "Stop after SEC seconds (default: at SIGINT/SIGTERM)", 0 },
	{ "output", 'o', "FILE", 0, "Write records to FILE (default: stdout)", 0 },
	{ "symbol", 's', "NAME", 0, "srcu_struct to filter on (default sb_srcu)", 0 },
	{ "kprobes", 'k', NULL, 0, "Use kprobe/kretprobe instead of fentry/fexit", 0 },
	{ "no-gp", OPT_NO_GP, NULL, 0, "Do not time grace periods", 0 },
	{ "no-ctr", OPT_NO_CTR, NULL, 0, "Do not read sb_srcu's per-CPU counters", 0 },
	{ "verbose", 'v', NULL, 0, "Verbose debug output (libbpf)", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Show the full help", 0 },
	{},
};

static long parse_long(struct argp_state *state, const char *name,
		       const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < min || v > max)
		argp_error(state, "invalid %s '%s' (expected an integer in %ld..%ld)",
			   name, arg, min, max);
	return v;
}

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'h':
		argp_state_help(state, stderr, ARGP_HELP_STD_HELP);
		break;
	case 'v':
		env.verbose = true;
		break;
	case 'i':
		env.interval_ms = parse_long(state, "interval", arg, 1, 60000);
		break;
	case 'd':
		env.duration_s = parse_long(state, "duration", arg, 1, 86400 * 365);
		break;
	case 'o':
		env.output = arg;
		break;
	case 's':
		env.symbol = arg;
		break;
	case 'k':
		env.kprobes = true;
		break;
	case OPT_NO_GP:
		env.no_gp = true;
		break;
	case OPT_NO_CTR:
		env.no_ctr = true;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int libbpf_print_fn(enum libbpf_print_level level, const char *format,
			   va_list args)
{
	if (level == LIBBPF_DEBUG && !env.verbose)
		return 0;
	return vfprintf(stderr, format, args);
}

static volatile sig_atomic_t exiting;

static void sig_handler(int sig)
{
	(void)sig;
	exiting = 1;
}

static FILE *out;
static char first_ctx[SB_MAX_CPUS][SB_NAME_LEN];

/*
 * Phase segments: the module's running totals restart at 0 with every read
 * or loaded-GP phase, and the tracepoint does not say which phase it is in.
 * seg counts, per CPU and context, the phases seen since attach: +1 when
 * the op or run changes or the totals go down. All readers run every phase,
 * so seg numbers the same phase alike on every CPU and context.
 */
struct seg_state {
	char op[SB_NAME_LEN];
	unsigned int run;
	unsigned int seg;
	unsigned long long ops;
	bool seen;
};
static struct seg_state segs[SB_MAX_CPUS][4];

static unsigned int seg_of(const struct sb_sample_event *e)
{
	static const char *const ctxs[] = { "process", "softirq", "hardirq" };
	struct seg_state *s;
	unsigned int c;

	if (e->cpu >= SB_MAX_CPUS)
		return 0;
	for (c = 0; c < 3; c++)
		if (!strncmp(e->context, ctxs[c], SB_NAME_LEN))
			break;
	s = &segs[e->cpu][c];
	if (s->seen && (e->run != s->run || e->ops < s->ops ||
			strncmp(e->op, s->op, SB_NAME_LEN)))
		s->seg++;
	s->seen = true;
	s->run = e->run;
	s->ops = e->ops;
	memcpy(s->op, e->op, SB_NAME_LEN);
	return s->seg;
}
static unsigned long long n_samples, n_ctr;

static unsigned long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Address of a symbol in /proc/kallsyms; @module: "srcu_bench" or NULL (any). */
static int kallsyms_lookup(const char *name, const char *module,
			   unsigned long long *addr)
{
	char line[512], sym[256], mod[128];
	unsigned long long a;
	char type;
	FILE *f;
	int found = 0;

	f = fopen("/proc/kallsyms", "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		mod[0] = 0;
		if (sscanf(line, "%llx %c %255s [%127[^]]]", &a, &type, sym, mod) < 3)
			continue;
		if (strcmp(sym, name))
			continue;
		if (module && strcmp(mod, module))
			continue;
		*addr = a;
		found = 1;
		break;
	}
	fclose(f);
	if (!found)
		return -ENOENT;
	return *addr ? 0 : -EPERM;
}

static int handle_event(void *ctx, void *data, size_t len)
{
	const struct sb_sample_event *e = data;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	fprintf(out, "sample %u %u %s %s %llu %llu %llu %u\n", e->run, e->cpu,
		e->context, e->op, e->t_ns, e->ops, e->ns, seg_of(e));
	n_samples++;
	if (e->has_ctr && e->cpu < SB_MAX_CPUS) {
		/* one srcuctr per CPU and sampling round: on its first context */
		if (!first_ctx[e->cpu][0])
			memcpy(first_ctx[e->cpu], e->context, SB_NAME_LEN);
		if (!strncmp(first_ctx[e->cpu], e->context, SB_NAME_LEN)) {
			fprintf(out, "srcuctr %llu %u %llu %llu %lld\n", e->t_ns,
				e->cpu, e->locks, e->unlocks,
				(long long)(e->locks - e->unlocks));
			n_ctr++;
		}
	}
	return 0;
}

static const char *const kind_names[SB_GP_NR_KINDS] = {
	[SB_GP_SYNC] = "sync",
	[SB_GP_EXP] = "exp",
	[SB_GP_SYNC_AUTOEXP] = "sync-autoexp",
	[SB_GP_SYNC_NORMAL] = "sync-normal",
};

static unsigned long long bucket_low(unsigned int b)
{
	unsigned int k, sub;

	if (b < SB_HIST_SUB)
		return b;
	k = (b - SB_HIST_SUB) / SB_HIST_SUB + SB_HIST_SUB_BITS;
	sub = (b - SB_HIST_SUB) % SB_HIST_SUB;
	return (1ULL << k) | ((unsigned long long)sub << (k - SB_HIST_SUB_BITS));
}

static unsigned long long bucket_width(unsigned int b)
{
	if (b < SB_HIST_SUB)
		return 1;
	return 1ULL << ((b - SB_HIST_SUB) / SB_HIST_SUB);
}

static unsigned long long pct(const unsigned long long *h, unsigned long long count,
			      double p, unsigned long long min, unsigned long long max)
{
	unsigned long long rank = (unsigned long long)(p * count + 0.999999999);
	unsigned long long cum = 0, v;
	unsigned int b;

	if (rank < 1)
		rank = 1;
	for (b = 0; b < SB_HIST_BUCKETS; b++) {
		cum += h[b];
		if (cum >= rank)
			break;
	}
	if (b == SB_HIST_BUCKETS)
		return max;
	v = bucket_low(b) + (bucket_width(b) - 1) / 2;
	return v < min ? min : v > max ? max : v;
}

static int print_gp(struct srcubench_bpf *skel)
{
	int ncpus = libbpf_num_possible_cpus();
	int hfd = bpf_map__fd(skel->maps.gp_hist);
	int sfd = bpf_map__fd(skel->maps.gp_stat);
	static unsigned long long h[SB_HIST_BUCKETS];
	struct sb_gp_stat *st;
	unsigned long long *v;
	__u32 kind, b, key;
	int c;

	if (ncpus <= 0)
		return ncpus;
	v = calloc(ncpus, sizeof(*v));
	st = calloc(ncpus, sizeof(*st));
	if (!v || !st) {
		free(v);
		free(st);
		return -ENOMEM;
	}
	fprintf(out, "# bpfgp: every timed call of the kind since attach, all phases (loaded and idle) together;\n"
		"# bpfgp: count, min_ns, max_ns, mean_ns exact; percentiles from a histogram exact below %d ns\n"
		"# bpfgp: and with %d linear buckets per power of two above (bucket width <= %.1f%%), bucket midpoints\n",
		SB_HIST_SUB, SB_HIST_SUB, 100.0 / SB_HIST_SUB);
	for (kind = 0; kind < SB_GP_NR_KINDS; kind++) {
		unsigned long long count = 0, sum = 0, min = 0, max = 0;

		if (bpf_map_lookup_elem(sfd, &kind, st))
			goto fail;
		for (c = 0; c < ncpus; c++) {
			count += st[c].count;
			sum += st[c].sum_ns;
			if (st[c].min_ns && (!min || st[c].min_ns < min))
				min = st[c].min_ns;
			if (st[c].max_ns > max)
				max = st[c].max_ns;
		}
		if (kind == SB_GP_SYNC_AUTOEXP && !count) {
			/*
			 * No nested synchronize_srcu_expedited() seen: the kernel
			 * inlined it into synchronize_srcu() (6.1, 6.12, 7.2), so
			 * the split is unknown; say so instead of a wrong one.
			 */
			fprintf(out, "meta bpf.sync_split unavailable\n");
			break;
		}
		if (!count) {
			fprintf(out, "bpfgp %s 0 - - - - - -\n", kind_names[kind]);
			continue;
		}
		for (b = 0; b < SB_HIST_BUCKETS; b++) {
			key = kind * SB_HIST_BUCKETS + b;
			if (bpf_map_lookup_elem(hfd, &key, v))
				goto fail;
			h[b] = 0;
			for (c = 0; c < ncpus; c++)
				h[b] += v[c];
		}
		fprintf(out, "bpfgp %s %llu %llu %llu %llu %llu %llu %llu\n",
			kind_names[kind], count, min,
			pct(h, count, 0.50, min, max), pct(h, count, 0.90, min, max),
			pct(h, count, 0.99, min, max), max, sum / count);
	}
	free(v);
	free(st);
	return 0;
fail:
	fprintf(stderr, PROG ": reading the grace-period maps: %s\n", strerror(errno));
	free(v);
	free(st);
	return -errno;
}

/* Load with fentry/fexit (or kprobes), and attach everything. */
static struct srcubench_bpf *open_load_attach(unsigned long long srcu,
					      unsigned long long pcpu, bool kprobes)
{
	struct srcubench_bpf *skel;
	int err;

	skel = srcubench_bpf__open();
	if (!skel) {
		fprintf(stderr, PROG ": opening the BPF object failed: %s\n", strerror(errno));
		return NULL;
	}
	skel->rodata->srcu_addr = srcu;
	skel->rodata->pcpu_offset_addr = pcpu;
	bpf_program__set_autoload(skel->progs.fentry_sync, !env.no_gp && !kprobes);
	bpf_program__set_autoload(skel->progs.fexit_sync, !env.no_gp && !kprobes);
	bpf_program__set_autoload(skel->progs.fentry_exp, !env.no_gp && !kprobes);
	bpf_program__set_autoload(skel->progs.fexit_exp, !env.no_gp && !kprobes);
	bpf_program__set_autoload(skel->progs.kprobe_sync, !env.no_gp && kprobes);
	bpf_program__set_autoload(skel->progs.kretprobe_sync, !env.no_gp && kprobes);
	bpf_program__set_autoload(skel->progs.kprobe_exp, !env.no_gp && kprobes);
	bpf_program__set_autoload(skel->progs.kretprobe_exp, !env.no_gp && kprobes);

	err = srcubench_bpf__load(skel);
	if (err) {
		fprintf(stderr, PROG ": loading BPF programs (%s) failed: %s\n",
			kprobes ? "kprobes" : "fentry", strerror(-err));
		goto fail;
	}
	err = srcubench_bpf__attach(skel);
	if (err) {
		fprintf(stderr, PROG ": attaching BPF programs (%s) failed: %s%s\n",
			kprobes ? "kprobes" : "fentry", strerror(-err),
			err == -ENOENT ? " (is srcu_bench.ko loaded? raw_tp/srcu_bench_sample needs it)" : "");
		goto fail;
	}
	return skel;
fail:
	srcubench_bpf__destroy(skel);
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.options = opts,
		.parser = parse_arg,
		.doc = argp_program_doc,
	};
	unsigned long long srcu = 0, pcpu = 0, t0, deadline = 0;
	struct srcubench_bpf *skel = NULL;
	struct ring_buffer *rb = NULL;
	struct sigaction sa = {};
	const char *attach;
	struct utsname u;
	int err;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return 2;
	libbpf_set_print(libbpf_print_fn);

	err = kallsyms_lookup(env.symbol, NULL, &srcu);
	if (err) {
		fprintf(stderr, PROG ": %s not in /proc/kallsyms%s: %s\n", env.symbol,
			err == -EPERM ? " with an address (run as root, kptr_restrict)" : "",
			err == -ENOENT ? "is srcu_bench.ko loaded?" : strerror(-err));
		return 1;
	}
	if (!env.no_ctr && kallsyms_lookup("__per_cpu_offset", NULL, &pcpu))
		pcpu = 0;	/* no srcuctr records (e.g. !SMP) */

	out = stdout;
	if (env.output) {
		out = fopen(env.output, "w");
		if (!out) {
			fprintf(stderr, PROG ": cannot open '%s': %s\n", env.output, strerror(errno));
			return 1;
		}
	}

	attach = env.no_gp ? "none" : env.kprobes ? "kprobe" : "fentry";
	skel = open_load_attach(srcu, pcpu, env.kprobes);
	if (!skel && !env.kprobes && !env.no_gp) {
		fprintf(stderr, PROG ": falling back to kprobe/kretprobe\n");
		attach = "kprobe";
		skel = open_load_attach(srcu, pcpu, true);
	}
	if (!skel) {
		err = 1;
		goto cleanup;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, NULL, NULL);
	if (!rb) {
		fprintf(stderr, PROG ": creating the ring buffer failed: %s\n", strerror(errno));
		err = 1;
		goto cleanup;
	}

	sa.sa_handler = sig_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	uname(&u);
	t0 = mono_ns();
	fprintf(out, "# srcubench-bpf: BPF observer of srcu_bench.ko (bpf/srcubench.bpf.c)\n");
	fprintf(out, "meta bpf.version 1\n");
	fprintf(out, "meta bpf.kernel %s\n", u.release);
	fprintf(out, "meta bpf.sample_prog raw_tp\n");
	fprintf(out, "meta bpf.gp_prog %s\n", attach);
	fprintf(out, "meta bpf.srcu_symbol %s\n", env.symbol);
	fprintf(out, "meta bpf.srcuctr %s\n", pcpu ? "yes" : "no");
	fprintf(out, "meta bpf.clock CLOCK_MONOTONIC\n");
	fprintf(out, "meta bpf.attach %llu\n", t0);
	fprintf(out, "# sample run cpu context op t_ns ops ns seg\n");
	fprintf(out, "# srcuctr t_ns cpu locks unlocks balance\n");
	fprintf(out, "# bpfgp kind count min_ns p50_ns p90_ns p99_ns max_ns mean_ns\n");
	fflush(out);
	if (env.verbose)
		fprintf(stderr, PROG ": attached (%s), %s at 0x%llx\n", attach, env.symbol, srcu);
	if (env.duration_s)
		deadline = t0 + env.duration_s * 1000000000ULL;

	while (!exiting) {
		err = ring_buffer__poll(rb, env.interval_ms);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, PROG ": polling the ring buffer: %s\n", strerror(-err));
			break;
		}
		fflush(out);
		if (deadline && mono_ns() >= deadline)
			break;
	}
	ring_buffer__consume(rb);
	err = print_gp(skel) ? 1 : 0;
	fprintf(out, "meta bpf.samples %llu\n", n_samples);
	fprintf(out, "meta bpf.srcuctr_records %llu\n", n_ctr);
	fprintf(out, "meta bpf.dropped_samples %llu\n", (unsigned long long)skel->bss->dropped_samples);
	fprintf(out, "meta bpf.gp_unmatched %llu\n", (unsigned long long)skel->bss->gp_unmatched);
	fprintf(out, "meta bpf.detach %llu\n", mono_ns());
	if (fflush(out)) {
		fprintf(stderr, PROG ": writing the output: %s\n", strerror(errno));
		err = 1;
	}
cleanup:
	ring_buffer__free(rb);
	srcubench_bpf__destroy(skel);
	if (out && out != stdout)
		fclose(out);
	return err;
}
