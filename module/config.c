// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: module parameters.  They are writable through sysfs so that a
 * run started from debugfs can use new values; every run (insmod or debugfs)
 * parses and checks them into a struct sb_config snapshot first, and a bad
 * value fails the load (or the debugfs write) with -EINVAL and a pr_err()
 * naming the parameter and the value.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/moduleparam.h>
#include <linux/sched/prio.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "srcu_bench.h"
#include "variants.h"

#ifdef CONFIG_X86
#include <asm/cpufeature.h>
#include <asm/hypervisor.h>
#endif

static char *contexts = "process,softirq,hardirq";
module_param(contexts, charp, 0644);
MODULE_PARM_DESC(contexts, "Reader contexts, comma list of names from the context table (process,softirq,hardirq,nmi; default: the first three; nmi needs an NMI source, see the op records)");

static char *ops = "all";
module_param(ops, charp, 0644);
MODULE_PARM_DESC(ops, "Operations to measure: all (the kernel primitives), variants (the per-arch variants and the baselines empty, this_cpu_inc, __this_cpu_inc), or a comma list of op names (see the op records)");

static char *gap = "0";
module_param(gap, charp, 0644);
MODULE_PARM_DESC(gap, "Spacing: comma list of up to 4 nop counts between operations, 0..4096 (default 0: back to back only); each value > 0 adds a phase per op with a gap loop (the variants and the baselines), named <op>@g<N>");

static char *gp = "sync,exp";
module_param(gp, charp, 0644);
MODULE_PARM_DESC(gp, "Grace periods to time: none, or a comma list of sync,exp");

static char *cpus = "";
module_param(cpus, charp, 0644);
MODULE_PARM_DESC(cpus, "CPUs to run readers on, as a cpulist (default: all online CPUs)");

static char *env = "";
module_param(env, charp, 0644);
MODULE_PARM_DESC(env, "Environment label: bare-metal, kvm, vm, tcg, tcg-icount, unknown (default: detect)");

static unsigned int duration_ms = 1000;
module_param(duration_ms, uint, 0644);
MODULE_PARM_DESC(duration_ms, "Measurement time per op and run, ms (1..600000, default 1000)");

static unsigned int runs = 1;
module_param(runs, uint, 0644);
MODULE_PARM_DESC(runs, "Number of runs over all ops (1..1000, default 1)");

static unsigned int gp_ms = 1000;
module_param(gp_ms, uint, 0644);
MODULE_PARM_DESC(gp_ms, "Grace-period timing per kind and load state, ms (1..600000, default 1000)");

static unsigned int gp_gap_us;
module_param(gp_gap_us, uint, 0644);
MODULE_PARM_DESC(gp_gap_us, "Sleep between timed grace periods, us (0..1000000, default 0)");

static unsigned int gp_max_samples = 65536;
module_param(gp_max_samples, uint, 0644);
MODULE_PARM_DESC(gp_max_samples, "Grace-period samples kept per phase (16..1048576, default 65536)");

static unsigned int batch = 10000;
module_param(batch, uint, 0644);
MODULE_PARM_DESC(batch, "Process context: ops per timed batch, preemption disabled (1..1000000, default 10000)");

static unsigned int irq_batch = 1000;
module_param(irq_batch, uint, 0644);
MODULE_PARM_DESC(irq_batch, "Softirq/hardirq: ops per timer firing, halved while a firing exceeds irq_max_us (1..100000, default 1000)");

static unsigned int irq_period_us = 1000;
module_param(irq_period_us, uint, 0644);
MODULE_PARM_DESC(irq_period_us, "Softirq/hardirq timer period, us (20..1000000, default 1000); stretched to keep each timer under 25% of a CPU");

static unsigned int irq_max_us = 200;
module_param(irq_max_us, uint, 0644);
MODULE_PARM_DESC(irq_max_us, "Work budget per timer firing, us (1..10000, default 200)");

static unsigned int race_delay = 50;
module_param(race_delay, uint, 0644);
MODULE_PARM_DESC(race_delay, "racy_inc: cpu_relax() calls between load and store (0..100000, default 50)");

static int reader_nice;
module_param(reader_nice, int, 0644);
MODULE_PARM_DESC(reader_nice, "Nice value of the process-context readers (-20..19, default 0; refscale's readers run at 19)");

static unsigned int hold_ns;
module_param(hold_ns, uint, 0644);
MODULE_PARM_DESC(hold_ns, "Loaded grace periods: ns spent inside each SRCU read section of the readers (0..min(irq_max_us*1000, 1000000), default 0: back-to-back lock/unlock)");

static char *housekeeping = "";
module_param(housekeeping, charp, 0644);
MODULE_PARM_DESC(housekeeping, "CPUs kept free of readers, where the grace-period writers are bound (cpulist; default none)");

static unsigned int sample_ms = 100;
module_param(sample_ms, uint, 0644);
MODULE_PARM_DESC(sample_ms, "Fire the srcu_bench_sample tracepoint every sample_ms during read phases (0 = never, ..60000, default 100)");

static unsigned int onoff_interval_ms;
module_param(onoff_interval_ms, uint, 0644);
MODULE_PARM_DESC(onoff_interval_ms, "CPU hotplug during the run: take a reader CPU (never CPU 0) offline for this long, every this long, ms (0 = off, default; 10..60000)");

bool sb_autostart = true;
module_param_named(autostart, sb_autostart, bool, 0444);
MODULE_PARM_DESC(autostart, "Run at load time, insmod returning when done (default 1); 0: wait for 'start' in debugfs srcu_bench/run");

const char * const sb_gp_names[SB_NR_GP] = {
	[SB_GP_SYNC] = "sync",
	[SB_GP_EXP] = "exp",
};

static const char * const sb_envs[] = {
	"bare-metal", "kvm", "vm", "tcg", "tcg-icount", "unknown",
};

static int sb_lookup(const char * const *names, unsigned int n, const char *s)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -1;
}

static int sb_op_lookup(const char *s)
{
	unsigned int i;

	for (i = 0; i < sb_nr_ops; i++)
		if (!strcmp(sb_ops[i].name, s))
			return i;
	return -1;
}

/* ops=all: every op but the per-arch variants (ops=variants). */
static u64 sb_all_mask(void)
{
	return GENMASK_ULL(sb_nr_ops - 1, 0) & ~sb_variants_mask(false);
}

static int sb_check_range(const char *name, unsigned int v,
			  unsigned int lo, unsigned int hi)
{
	if (v >= lo && v <= hi)
		return 0;
	pr_err("%s: %u out of range %u..%u\n", name, v, lo, hi);
	return -EINVAL;
}

/* gap=: up to SB_MAX_GAPS values 0..SB_GAP_MAX; the ones > 0 kept. */
static int sb_parse_gaps(struct sb_config *cfg)
{
	char *buf, *p, *tok;
	unsigned int nr = 0, v;
	int ret = 0;

	buf = kstrdup(gap, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	cfg->nr_gaps = 0;
	p = strim(buf);
	while ((tok = strsep(&p, ",")) != NULL) {
		if (nr++ == SB_MAX_GAPS) {
			pr_err("gap: '%s' has more than %u values\n", gap, SB_MAX_GAPS);
			ret = -EINVAL;
			break;
		}
		if (kstrtouint(strim(tok), 10, &v) || v > SB_GAP_MAX) {
			pr_err("gap: '%s' is not a number 0..%u\n", tok, SB_GAP_MAX);
			ret = -EINVAL;
			break;
		}
		if (v)
			cfg->gaps[cfg->nr_gaps++] = v;
	}
	kfree(buf);
	return ret;
}

/*
 * Parse a comma list into a bit mask; @lookup maps a word to its bit.
 * "all" (when @all_mask) and "none" (when @allow_none) are accepted.
 */
static int sb_parse_list(const char *param, const char *val, u64 *mask,
			 int (*lookup)(const char *), u64 all_mask,
			 bool allow_none)
{
	char *buf, *cur, *word;
	int ret = 0;

	*mask = 0;
	buf = kstrdup(val, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	cur = strim(buf);
	if (allow_none && !strcmp(cur, "none"))
		goto out;
	if (all_mask && !strcmp(cur, "all")) {
		*mask = all_mask;
		goto out;
	}
	while ((word = strsep(&cur, ",")) != NULL) {
		int bit;

		word = strim(word);
		bit = lookup(word);
		if (bit < 0) {
			pr_err("%s: unknown value '%s' in '%s'\n", param, word, val);
			ret = -EINVAL;
			goto out;
		}
		*mask |= BIT_ULL(bit);
	}
	if (!*mask) {
		pr_err("%s: empty list '%s'\n", param, val);
		ret = -EINVAL;
	}
out:
	kfree(buf);
	return ret;
}

static int sb_gp_lookup(const char *s)
{
	return sb_lookup(sb_gp_names, SB_NR_GP, s);
}

static const char *sb_detect_env(void)
{
#ifdef CONFIG_X86
	if (!boot_cpu_has(X86_FEATURE_HYPERVISOR))
		return "bare-metal";
	return x86_hyper_type == X86_HYPER_KVM ? "kvm" : "vm";
#else
	return "unknown";
#endif
}

static int sb_parse(struct sb_config *cfg)
{
	u64 mask;
	int ret;

	ret = sb_parse_list("contexts", contexts, &mask, sb_ctx_lookup, 0, false);
	if (ret)
		return ret;
	cfg->ctx_mask = mask;

	if (sysfs_streq(ops, "variants")) {
		mask = sb_variants_mask(true);
	} else {
		ret = sb_parse_list("ops", ops, &mask, sb_op_lookup,
				    sb_all_mask(), false);
		if (ret)
			return ret;
	}
	cfg->op_mask = mask;

	ret = sb_parse_gaps(cfg);
	if (ret)
		return ret;

	ret = sb_parse_list("gp", gp, &mask, sb_gp_lookup, 0, true);
	if (ret)
		return ret;
	cfg->gp_mask = mask;

	/* One view of the online CPUs; each phase checks again (readers.c). */
	cpus_read_lock();
	if (!*strim(cpus)) {
		cpumask_copy(cfg->cpus, cpu_online_mask);
	} else if (cpulist_parse(cpus, cfg->cpus) || cpumask_empty(cfg->cpus)) {
		pr_err("cpus: '%s' is not a cpulist\n", cpus);
		ret = -EINVAL;
	} else if (!cpumask_subset(cfg->cpus, cpu_online_mask)) {
		pr_err("cpus: '%s' includes offline CPUs (online: %*pbl)\n",
		       cpus, cpumask_pr_args(cpu_online_mask));
		ret = -EINVAL;
	}
	cpus_read_unlock();
	if (ret)
		return ret;

	if (*strim(housekeeping)) {
		if (cpulist_parse(housekeeping, cfg->housekeeping) ||
		    cpumask_empty(cfg->housekeeping)) {
			pr_err("housekeeping: '%s' is not a cpulist\n", housekeeping);
			return -EINVAL;
		}
		if (!cpumask_subset(cfg->housekeeping, cpu_online_mask)) {
			pr_err("housekeeping: '%s' includes offline CPUs (online: %*pbl)\n",
			       housekeeping, cpumask_pr_args(cpu_online_mask));
			return -EINVAL;
		}
		if (*strim(cpus) && cpumask_intersects(cfg->cpus, cfg->housekeeping)) {
			pr_err("housekeeping: '%s' overlaps cpus '%s'\n",
			       housekeeping, cpus);
			return -EINVAL;
		}
		cpumask_andnot(cfg->cpus, cfg->cpus, cfg->housekeeping);
		if (cpumask_empty(cfg->cpus)) {
			pr_err("housekeeping: '%s' leaves no CPU for readers\n",
			       housekeeping);
			return -EINVAL;
		}
	}

	if (reader_nice < MIN_NICE || reader_nice > MAX_NICE) {
		pr_err("reader_nice: %d out of range %d..%d\n", reader_nice,
		       MIN_NICE, MAX_NICE);
		return -EINVAL;
	}

	if (!*strim(env)) {
		cfg->env = sb_detect_env();
	} else {
		ret = sb_lookup(sb_envs, ARRAY_SIZE(sb_envs), env);
		if (ret < 0) {
			pr_err("env: unknown environment '%s'\n", env);
			return -EINVAL;
		}
		cfg->env = sb_envs[ret];
	}

	ret = sb_check_range("duration_ms", duration_ms, 1, 600000) ?:
	      sb_check_range("runs", runs, 1, 1000) ?:
	      sb_check_range("gp_ms", gp_ms, 1, 600000) ?:
	      sb_check_range("gp_gap_us", gp_gap_us, 0, 1000000) ?:
	      sb_check_range("gp_max_samples", gp_max_samples, 16, 1048576) ?:
	      sb_check_range("batch", batch, 1, 1000000) ?:
	      sb_check_range("irq_batch", irq_batch, 1, 100000) ?:
	      sb_check_range("irq_period_us", irq_period_us, 20, 1000000) ?:
	      sb_check_range("irq_max_us", irq_max_us, 1, 10000) ?:
	      sb_check_range("race_delay", race_delay, 0, 100000) ?:
	      sb_check_range("sample_ms", sample_ms, 0, 60000);
	if (ret)
		return ret;
	/*
	 * Bounded work per interrupt and per preemption-off batch: one held
	 * section fits a firing's budget and the process batch's 1 ms.
	 */
	ret = sb_check_range("hold_ns", hold_ns, 0, min(irq_max_us * 1000, 1000000U));
	if (ret)
		return ret;
	if (onoff_interval_ms) {
		if (!IS_ENABLED(CONFIG_HOTPLUG_CPU)) {
			pr_err("onoff_interval_ms: %u, but this kernel cannot take CPUs offline (CONFIG_HOTPLUG_CPU is not set)\n",
			       onoff_interval_ms);
			return -EINVAL;
		}
		ret = sb_check_range("onoff_interval_ms", onoff_interval_ms, 10, 60000);
		if (ret)
			return ret;
		if (cpumask_weight(cfg->cpus) - cpumask_test_cpu(0, cfg->cpus) < 1) {
			pr_err("onoff_interval_ms: no reader CPU but CPU 0 to take offline (cpus %*pbl)\n",
			       cpumask_pr_args(cfg->cpus));
			return -EINVAL;
		}
	}

	ret = sb_check_config_get(&cfg->check, min(irq_max_us * 1000, 1000000U));
	if (ret)
		return ret;

	cfg->duration_ms = duration_ms;
	cfg->runs = runs;
	cfg->gp_ms = gp_ms;
	cfg->gp_gap_us = gp_gap_us;
	cfg->gp_max_samples = gp_max_samples;
	cfg->batch = batch;
	cfg->irq_batch = irq_batch;
	cfg->irq_period_us = irq_period_us;
	cfg->irq_max_us = irq_max_us;
	cfg->race_delay = race_delay;
	cfg->sample_ms = sample_ms;
	cfg->reader_nice = reader_nice;
	cfg->hold_ns = hold_ns;
	cfg->onoff_interval_ms = onoff_interval_ms;
	return 0;
}

/* Snapshot and check the parameters; sb_config_put() releases. */
int sb_config_get(struct sb_config *cfg)
{
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	if (!zalloc_cpumask_var(&cfg->cpus, GFP_KERNEL))
		return -ENOMEM;
	if (!zalloc_cpumask_var(&cfg->housekeeping, GFP_KERNEL)) {
		free_cpumask_var(cfg->cpus);
		return -ENOMEM;
	}
	kernel_param_lock(THIS_MODULE);
	ret = sb_parse(cfg);
	kernel_param_unlock(THIS_MODULE);
	if (ret)
		sb_config_put(cfg);
	return ret;
}

void sb_config_put(struct sb_config *cfg)
{
	free_cpumask_var(cfg->housekeeping);
	free_cpumask_var(cfg->cpus);
}

/* Print every parameter in force as a meta record. */
void sb_config_emit(const struct sb_config *cfg)
{
	unsigned int i;
	char sep = ' ';

	sb_out("meta param.contexts");
	for (i = 0; i < sb_nr_ctx; i++) {
		if (cfg->ctx_mask & BIT(i)) {
			sb_out("%c%s", sep, sb_ctx_name(i));
			sep = ',';
		}
	}
	sb_out("\nmeta param.ops");
	sep = ' ';
	for (i = 0; i < sb_nr_ops; i++) {
		if (cfg->op_mask & BIT_ULL(i)) {
			sb_out("%c%s", sep, sb_ops[i].name);
			sep = ',';
		}
	}
	sb_out("\nmeta param.gp");
	sep = ' ';
	for (i = 0; i < SB_NR_GP; i++) {
		if (cfg->gp_mask & BIT(i)) {
			sb_out("%c%s", sep, sb_gp_names[i]);
			sep = ',';
		}
	}
	sb_out("%s\n", cfg->gp_mask ? "" : " none");
	sb_out("meta param.cpus %*pbl\n", cpumask_pr_args(cfg->cpus));
	sb_out("meta param.env %s\n", cfg->env);
	sb_out("meta param.duration_ms %u\n", cfg->duration_ms);
	sb_out("meta param.runs %u\n", cfg->runs);
	sb_out("meta param.gp_ms %u\n", cfg->gp_ms);
	sb_out("meta param.gp_gap_us %u\n", cfg->gp_gap_us);
	sb_out("meta param.gp_max_samples %u\n", cfg->gp_max_samples);
	sb_out("meta param.batch %u\n", cfg->batch);
	sb_out("meta param.irq_batch %u\n", cfg->irq_batch);
	sb_out("meta param.irq_period_us %u\n", cfg->irq_period_us);
	sb_out("meta param.irq_max_us %u\n", cfg->irq_max_us);
	sb_out("meta param.race_delay %u\n", cfg->race_delay);
	sb_out("meta param.gap %s\n", gap);
	sb_out("meta param.sample_ms %u\n", cfg->sample_ms);
	sb_out("meta param.reader_nice %d\n", cfg->reader_nice);
	sb_out("meta param.hold_ns %u\n", cfg->hold_ns);
	if (cpumask_empty(cfg->housekeeping))
		sb_out("meta param.housekeeping -\n");
	else
		sb_out("meta param.housekeeping %*pbl\n",
		       cpumask_pr_args(cfg->housekeeping));
	sb_out("meta param.onoff_interval_ms %u\n", cfg->onoff_interval_ms);
	sb_out("meta param.autostart %d\n", sb_autostart);
	sb_check_config_emit(&cfg->check);
}
