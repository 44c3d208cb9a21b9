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
#include <linux/seq_file.h>
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

/*
 * The text lives in fixed-size chunks that never move, so that appending
 * never copies what is there, and a reader copies only what it reads.
 * sb_whole is the length up to the last complete line: readers see whole
 * lines only, never one sb_out() is still building.  sb_gen counts resets:
 * a file opened before a reset reads end-of-file after it.
 */
#define SB_CHUNK	(64UL << 10)
#define SB_OUT_MAX	(64UL << 20)
#define SB_NR_CHUNKS	(SB_OUT_MAX / SB_CHUNK)
#define SB_SEQ_STEP	2048	/* bytes of whole lines per seq_file record */

static DEFINE_MUTEX(sb_out_lock);
static char *sb_chunk[SB_NR_CHUNKS];
static size_t sb_len, sb_whole;
static unsigned long sb_gen;
static bool sb_overflow;

/* Start the results of a new run; the first chunk is kept from the last. */
int sb_out_reset(void)
{
	int ret = 0;

	mutex_lock(&sb_out_lock);
	if (!sb_chunk[0])
		sb_chunk[0] = kvmalloc(SB_CHUNK, GFP_KERNEL);
	if (sb_chunk[0]) {
		sb_len = 0;
		sb_whole = 0;
		sb_overflow = false;
		sb_gen++;
	} else {
		ret = -ENOMEM;
	}
	mutex_unlock(&sb_out_lock);
	return ret;
}

/* Append @n bytes; false when the results would exceed SB_OUT_MAX or ENOMEM. */
static bool sb_out_append(const char *s, size_t n)
{
	size_t i, done = 0;
	const char *nl;

	if (n > SB_OUT_MAX - sb_len)
		return false;
	while (done < n) {
		size_t off = sb_len % SB_CHUNK, k = min(n - done, SB_CHUNK - off);
		char **c = &sb_chunk[sb_len / SB_CHUNK];

		if (!*c)
			*c = kvmalloc(SB_CHUNK, GFP_KERNEL);
		if (!*c)
			return false;
		memcpy(*c + off, s + done, k);
		done += k;
		sb_len += k;
	}
	for (i = n, nl = NULL; i > 0 && !nl; i--)
		if (s[i - 1] == '\n')
			nl = s + i;
	if (nl)
		sb_whole = sb_len - n + (nl - s);
	return true;
}

/* Append to the results.  Called from process context only. */
void sb_out(const char *fmt, ...)
{
	char line[256], *s = line;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= sizeof(line)) {
		va_start(ap, fmt);
		s = kvasprintf(GFP_KERNEL, fmt, ap);
		va_end(ap);
	}
	mutex_lock(&sb_out_lock);
	if (!sb_chunk[0] || sb_overflow)
		goto out;
	if (!s || !sb_out_append(s, n)) {
		pr_err("results: out of memory or over %lu bytes: truncated after %zu bytes (no 'end' record)\n",
		       SB_OUT_MAX, sb_whole);
		sb_overflow = true;
	}
out:
	mutex_unlock(&sb_out_lock);
	if (s != line)
		kfree(s);
}

void sb_out_free(void)
{
	unsigned int i;

	for (i = 0; i < SB_NR_CHUNKS; i++) {
		kvfree(sb_chunk[i]);
		sb_chunk[i] = NULL;
	}
	sb_len = 0;
	sb_whole = 0;
}

/*
 * debugfs "results" through seq_file: a record is up to SB_SEQ_STEP bytes
 * of whole lines at byte offset *pos (the iterator's position is the byte
 * offset, so that a reader that comes back after more was written goes on
 * where it stopped).  sb_out_lock is held from start to stop; the copy to
 * user space happens after stop.
 */
struct sb_reader {
	unsigned long gen;
	size_t next;		/* end of the record last shown */
};

static void *sb_seq_at(struct seq_file *m, loff_t pos)
{
	struct sb_reader *r = m->private;

	if (r->gen != sb_gen || pos < 0 || pos >= sb_whole)
		return NULL;
	return (void *)(uintptr_t)(pos + 1);
}

static void *sb_seq_start(struct seq_file *m, loff_t *pos)
{
	mutex_lock(&sb_out_lock);
	return sb_seq_at(m, *pos);
}

static void *sb_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct sb_reader *r = m->private;

	*pos = r->next;
	return sb_seq_at(m, *pos);
}

static void sb_seq_stop(struct seq_file *m, void *v)
{
	mutex_unlock(&sb_out_lock);
}

static char sb_at(size_t i)
{
	return sb_chunk[i / SB_CHUNK][i % SB_CHUNK];
}

static int sb_seq_show(struct seq_file *m, void *v)
{
	struct sb_reader *r = m->private;
	size_t pos = (uintptr_t)v - 1, end = min(pos + SB_SEQ_STEP, sb_whole), i;

	/* Back to the end of the last whole line, or on to the end of this one. */
	for (i = end; i > pos && sb_at(i - 1) != '\n'; i--)
		;
	if (i == pos)
		for (i = end; i < sb_whole && sb_at(i - 1) != '\n'; i++)
			;
	r->next = i;
	while (pos < i) {
		size_t k = min(i - pos, SB_CHUNK - pos % SB_CHUNK);

		seq_write(m, sb_chunk[pos / SB_CHUNK] + pos % SB_CHUNK, k);
		pos += k;
	}
	return 0;
}

static const struct seq_operations sb_seq_ops = {
	.start = sb_seq_start,
	.next = sb_seq_next,
	.stop = sb_seq_stop,
	.show = sb_seq_show,
};

static int sb_results_open(struct inode *inode, struct file *file)
{
	struct sb_reader *r = __seq_open_private(file, &sb_seq_ops, sizeof(*r));

	if (!r)
		return -ENOMEM;
	mutex_lock(&sb_out_lock);
	r->gen = sb_gen;
	mutex_unlock(&sb_out_lock);
	return 0;
}

const struct file_operations sb_results_fops = {
	.owner = THIS_MODULE,
	.open = sb_results_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release_private,
};

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
#ifdef CONFIG_ARM64
	/*
	 * Which of each atomic's two forms the alternatives patched in
	 * (system_uses_lse_atomics() is gone since v6.3: the cpucap is in both).
	 */
	sb_out("meta arm64.lse_atomics %d\n",
	       IS_ENABLED(CONFIG_ARM64_LSE_ATOMICS) &&
	       cpus_have_cap(ARM64_HAS_LSE_ATOMICS));
#endif
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
	sb_out("# read run cpu context op ops ns batches mean_ns p50_ns p95_ns p99_ns min_ns max_ns valid nested ramp hit\n");
	sb_out("# lost run cpu context op expected observed lost valid events\n");
	sb_out("# exec run context hardirq softirq task nmi source\n");
	sb_out("# nest run cpu outer inner count\n");
	sb_out("# gp run kind load count min_ns p50_ns p90_ns p99_ns p999_ns max_ns mean_ns\n");
	sb_out("# gphist run kind load lo_ns hi_ns count\n");
	sb_out("# end status runs\n");
}
