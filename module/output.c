// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: the results text (docs/results-format.md), built in memory
 * while a run goes on and read through debugfs "results".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/clocksource.h>
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/utsname.h>

#ifdef CONFIG_ARM64
#include <asm/cpufeature.h>
#include <asm/cputype.h>
#endif
#ifdef CONFIG_X86
#include <asm/processor.h>
#endif
#ifdef CONFIG_PPC
#include <asm/cputable.h>
#endif
#include "compat.h"
#include "srcu_bench.h"

static DEFINE_MUTEX(sb_out_lock);
static char *sb_buf;
static size_t sb_len, sb_cap;
static bool sb_overflow;

#define SB_OUT_MAX	(64UL << 20)

int sb_out_reset(void)
{
	mutex_lock(&sb_out_lock);
	if (!sb_buf) {
		sb_cap = 64 << 10;
		sb_buf = kvmalloc(sb_cap, GFP_KERNEL);
	}
	sb_len = 0;
	sb_overflow = false;
	mutex_unlock(&sb_out_lock);
	return sb_buf ? 0 : -ENOMEM;
}

static bool sb_out_grow(size_t need)
{
	size_t cap = sb_cap;
	char *p;

	while (cap < need)
		cap *= 2;
	if (cap > SB_OUT_MAX)
		return false;
	p = kvmalloc(cap, GFP_KERNEL);
	if (!p)
		return false;
	memcpy(p, sb_buf, sb_len);
	kvfree(sb_buf);
	sb_buf = p;
	sb_cap = cap;
	return true;
}

/* Append to the results.  Called from process context only. */
void sb_out(const char *fmt, ...)
{
	va_list ap;
	int n;

	mutex_lock(&sb_out_lock);
	if (!sb_buf || sb_overflow)
		goto out;
	va_start(ap, fmt);
	n = vsnprintf(sb_buf + sb_len, sb_cap - sb_len, fmt, ap);
	va_end(ap);
	if (sb_len + n >= sb_cap) {
		if (!sb_out_grow(sb_len + n + 1)) {
			pr_err("results exceed %lu bytes, truncated\n", SB_OUT_MAX);
			sb_overflow = true;
			goto out;
		}
		va_start(ap, fmt);
		vsnprintf(sb_buf + sb_len, sb_cap - sb_len, fmt, ap);
		va_end(ap);
	}
	sb_len += n;
out:
	mutex_unlock(&sb_out_lock);
}

/* A private copy of the results for one open file. */
char *sb_out_snapshot(size_t *len)
{
	char *p = NULL;

	mutex_lock(&sb_out_lock);
	*len = sb_len;
	if (sb_buf)
		p = kvmalloc(max_t(size_t, sb_len, 1), GFP_KERNEL);
	if (p)
		memcpy(p, sb_buf, sb_len);
	mutex_unlock(&sb_out_lock);
	return p;
}

void sb_out_free(void)
{
	kvfree(sb_buf);
	sb_buf = NULL;
	sb_len = 0;
	sb_cap = 0;
}

/* Picoseconds as nanoseconds with three decimals. */
void sb_fmt_ps(char *buf, size_t len, u64 ps)
{
	u32 rem;
	u64 ns = div_u64_rem(ps, 1000, &rem);

	snprintf(buf, len, "%llu.%03u", ns, rem);
}

/* Copy @s into @buf with white space replaced, so it is one field. */
static const char *sb_field(char *buf, size_t len, const char *s)
{
	char *p;

	strscpy(buf, *s ? s : "-", len);
	for (p = buf; *p; p++)
		if (isspace(*p))
			*p = '_';
	return buf;
}

/* Read a one-line sysfs file; "unavailable" when it cannot be read. */
static const char *sb_read_sysfs(char *buf, size_t len, const char *path)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		return "unavailable";
	n = kernel_read(f, buf, len - 1, &pos);
	filp_close(f, NULL);
	if (n <= 0)
		return "unavailable";
	buf[n] = '\0';
	return strim(buf);
}

static const char *sb_preempt_model(void)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		return "rt";
#ifdef SB_HAVE_PREEMPT_LAZY
	/* v6.13+: Debian's 7.x kernels run lazy preemption (PREEMPTION=y) */
	if (preempt_model_lazy())
		return "lazy";
#endif
	if (preempt_model_full())
		return "full";
	if (preempt_model_voluntary())
		return "voluntary";
	return "none";
}

/*
 * The smallest nonzero step between two local_clock() reads: the timing
 * clock's resolution or the cost of reading it, whichever is larger (100 ns
 * on riscv64 under qemu, whose timer runs at 10 MHz).  Bounded: 10000 reads.
 */
static unsigned long long sb_clock_step_ns(void)
{
	u64 prev, now, step = U64_MAX;
	unsigned int i;

	preempt_disable();
	prev = local_clock();
	for (i = 0; i < 10000; i++) {
		now = local_clock();
		if (now != prev)
			step = min(step, now - prev);
		prev = now;
	}
	preempt_enable();
	return step == U64_MAX ? 0 : step;
}

static const char * const sb_rcupdate_params[] = {
	"rcu_normal", "rcu_expedited", "rcu_normal_after_boot",
};

/* The first of @paths that reads as a non-empty line, as one field. */
static const char *sb_read_first(char *buf, size_t len, char *raw,
				 size_t rawlen, const char * const *paths,
				 unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const char *v = sb_read_sysfs(raw, rawlen, paths[i]);

		if (*v && strcmp(v, "unavailable"))
			return sb_field(buf, len, v);
	}
	return "unknown";
}

#ifdef CONFIG_ARM64
static void sb_read_midr(void *arg)
{
	*(u32 *)arg = read_cpuid_id();
}
#endif

/* What the CPUs are: x86 model string, arm64 CPU 0's MIDR fields. */
static const char *sb_cpu_model(char *buf, size_t len)
{
#if defined(CONFIG_X86)
	if (boot_cpu_data.x86_model_id[0])
		return sb_field(buf, len, boot_cpu_data.x86_model_id);
#elif defined(CONFIG_ARM64)
	u32 midr = 0;

	if (!smp_call_function_single(cpumask_first(cpu_online_mask),
				      sb_read_midr, &midr, 1)) {
		snprintf(buf, len, "0x%02x/0x%03x/0x%x",
			 MIDR_IMPLEMENTOR(midr), MIDR_PARTNUM(midr),
			 MIDR_VARIANT(midr));
		return buf;
	}
#elif defined(CONFIG_PPC)
	if (cur_cpu_spec && cur_cpu_spec->cpu_name)
		return sb_field(buf, len, cur_cpu_spec->cpu_name);
#endif
	return "unknown";
}

static const char * const sb_machine_paths[] = {
	"/sys/class/dmi/id/product_name", "/proc/device-tree/model",
};

static const char * const sb_bootid_path[] = {
	"/proc/sys/kernel/random/boot_id",
};

static const char * const sb_srcutree_params[] = {
	"exp_holdoff", "counter_wrap_check", "convert_to_big",
	"big_cpu_lim", "small_contention_lim",
};

void sb_out_meta(const struct sb_config *cfg)
{
	struct new_utsname *u = init_utsname();
	char buf[160], raw[160], path[96];
	unsigned int i;

	sb_out("# srcubench results: docs/results-format.md\n");
	sb_out("meta schema %d\n", SB_SCHEMA);
	sb_out("meta tool srcubench\n");
	sb_out("meta version %s\n", SB_VERSION);
	sb_out("meta arch %s\n", sb_field(buf, sizeof(buf), u->machine));
	sb_out("meta kernel %s\n", sb_field(buf, sizeof(buf), u->release));
	sb_out("meta kernel_version %s\n", sb_field(buf, sizeof(buf), u->version));
	sb_out("meta preempt %s\n", sb_preempt_model());
	sb_out("meta hz %d\n", HZ);
	sb_out("meta cpus_online %u\n", num_online_cpus());
	sb_out("meta cpus_possible %u\n", num_possible_cpus());
	sb_out("meta cpus %*pbl\n", cpumask_pr_args(cfg->cpus));
	sb_out("meta clock local_clock\n");
	sb_out("meta clock_step_ns %llu\n", sb_clock_step_ns());
	sb_out("meta gp_clock ktime_get_ns\n");
	sb_out("meta clocksource %s\n",
	       sb_field(buf, sizeof(buf), sb_read_sysfs(raw, sizeof(raw),
			"/sys/devices/system/clocksource/clocksource0/current_clocksource")));
	sb_out("meta env %s\n", cfg->env);
	sb_out("meta boot_id %s\n", sb_read_first(buf, sizeof(buf), raw,
						  sizeof(raw), sb_bootid_path,
						  ARRAY_SIZE(sb_bootid_path)));
	sb_out("meta host %s\n", sb_field(buf, sizeof(buf), u->nodename));
	sb_out("meta machine %s\n", sb_read_first(buf, sizeof(buf), raw,
						  sizeof(raw), sb_machine_paths,
						  ARRAY_SIZE(sb_machine_paths)));
	sb_out("meta cpu_model %s\n", sb_cpu_model(buf, sizeof(buf)));
	sb_out("meta gp_classify %s\n", sb_gp_classify_method());
#ifdef CONFIG_ARM64
	/*
	 * Which of each atomic's two forms the alternatives patched in
	 * (system_uses_lse_atomics() is gone since v6.3: the cpucap is in both).
	 */
	sb_out("meta arm64.lse_atomics %d\n",
	       IS_ENABLED(CONFIG_ARM64_LSE_ATOMICS) &&
	       cpus_have_cap(ARM64_HAS_LSE_ATOMICS));
#endif
	sb_config_emit(cfg);
	for (i = 0; i < ARRAY_SIZE(sb_srcutree_params); i++) {
		snprintf(path, sizeof(path), "/sys/module/srcutree/parameters/%s",
			 sb_srcutree_params[i]);
		sb_out("meta srcutree.%s %s\n", sb_srcutree_params[i],
		       sb_field(buf, sizeof(buf),
				sb_read_sysfs(raw, sizeof(raw), path)));
	}
	for (i = 0; i < ARRAY_SIZE(sb_rcupdate_params); i++) {
		snprintf(path, sizeof(path), "/sys/module/rcupdate/parameters/%s",
			 sb_rcupdate_params[i]);
		sb_out("meta rcu.%s %s\n", sb_rcupdate_params[i],
		       sb_field(buf, sizeof(buf),
				sb_read_sysfs(raw, sizeof(raw), path)));
	}
}

void sb_out_headers(void)
{
	sb_out("# op name status contexts counts reason\n");
	sb_out("# read run cpu context op ops ns batches mean_ns p50_ns p95_ns p99_ns min_ns max_ns sub_ns ramp hit\n");
	sb_out("# lost run cpu context op expected observed lost events\n");
	sb_out("# exec run context hardirq softirq task\n");
	sb_out("# nest run cpu outer inner count\n");
	sb_out("# gp run kind load count min_ns p50_ns p90_ns p99_ns p999_ns max_ns mean_ns\n");
	sb_out("# gphist run kind load lo_ns hi_ns count\n");
	sb_out("# end status runs\n");
}
