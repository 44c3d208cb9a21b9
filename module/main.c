// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: what does SRCU's irq-safe this_cpu_inc() cost against
 * __this_cpu_inc() in process, softirq and hardirq context, and what does it
 * buy?  See README.md and docs/results-format.md.
 *
 * Load with autostart=1 (default) and insmod returns when the measurement
 * is complete; results stay readable in /sys/kernel/debug/srcu_bench/results
 * until rmmod, and writing "start" to /sys/kernel/debug/srcu_bench/run
 * starts another run in the background ("stop" or rmmod ends it).
 *
 * Only a bad parameter or an allocation fails the load, and only before
 * anything is visible: the kernel frees a module whose init failed without
 * waiting for open files or attached probes.  Once the debugfs files exist
 * the init returns 0 whatever happens to the run: a signal to insmod aborts
 * the run ("end aborted N", run reads "aborted") and the module stays
 * loaded until rmmod.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "srcu_bench.h"
#include "variants.h"

MODULE_LICENSE("GPL");
MODULE_AUTHOR("srcubench developers");
MODULE_DESCRIPTION("SRCU reader cost in process, softirq and hardirq context, lost updates, and grace-period latency");
MODULE_VERSION(SB_VERSION);

enum sb_state { SB_IDLE, SB_RUNNING, SB_DONE, SB_ABORTED, SB_FAILED };
static const char * const sb_state_names[] = {
	[SB_IDLE] = "idle", [SB_RUNNING] = "running", [SB_DONE] = "done",
	[SB_ABORTED] = "aborted", [SB_FAILED] = "failed",
};

static unsigned long sb_busy;		/* bit 0: a run is in progress */
static enum sb_state sb_state;
static bool sb_abort;
static DECLARE_WAIT_QUEUE_HEAD(sb_abort_wq);
static struct task_struct *sb_ctl_thread;
static struct dentry *sb_dir;

/* Sleep @ms; -EINTR on a signal (insmod) or an abort (stop, rmmod). */
static int sb_wait_ms(unsigned int ms)
{
	long left = wait_event_interruptible_timeout(sb_abort_wq,
						     READ_ONCE(sb_abort),
						     msecs_to_jiffies(ms));

	return left == 0 ? 0 : -EINTR;
}

static const struct sb_runctl sb_runctl = { .wait = sb_wait_ms };

/* The grace-period phases of one run: each kind, loaded then idle. */
static int sb_run_gp(const struct sb_config *cfg, unsigned int run)
{
	const struct sb_op *srcu_op = cfg->hold_ns ? &sb_op_srcu_hold :
				      sb_op_find_gp_reader();
	unsigned int kind, loaded;
	int ret = 0;

	sb_hold_ns = cfg->hold_ns;

	for (kind = 0; kind < SB_NR_GP && !ret; kind++) {
		if (!(cfg->gp_mask & BIT(kind)))
			continue;
		for (loaded = 2; loaded-- > 0 && !ret; ) {
			struct sb_gp_phase *gp = sb_gp_phase_create(cfg, kind, loaded);

			if (!gp)
				return -ENOMEM;
			ret = sb_phase(cfg, &sb_runctl, run,
				       loaded ? srcu_op : NULL, cfg->gp_ms, gp);
			if (!ret)
				sb_gp_phase_emit(gp, run);
			sb_gp_phase_destroy(gp);
		}
	}
	return ret;
}

/* A short human summary of one run in dmesg, from the records' data. */
static void sb_summary(const struct sb_config *cfg, unsigned int runs_done,
		       int ret)
{
	if (ret == -EINTR)
		pr_info("run interrupted (signal, stop or rmmod): results end 'end aborted %u'; the module stays loaded until rmmod\n",
			runs_done);
	else if (ret)
		pr_err("run failed (error %d): results end 'end aborted %u'\n",
		       ret, runs_done);
	pr_info("%s after %u of %u runs: %u CPUs, env=%s (%s)\n",
		ret ? "aborted" : "complete", runs_done, cfg->runs,
		cpumask_weight(cfg->cpus), cfg->env,
		strncmp(cfg->env, "tcg", 3) ? "timings as measured" :
		"emulated timings, not hardware numbers");
}

/* A checked snapshot of the parameters (-EINVAL and a pr_err if bad). */
static struct sb_config *sb_config_new(void)
{
	struct sb_config *cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	int ret;

	if (!cfg)
		return ERR_PTR(-ENOMEM);
	ret = sb_config_get(cfg);
	if (ret) {
		kfree(cfg);
		return ERR_PTR(ret);
	}
	return cfg;
}

static void sb_config_free(struct sb_config *cfg)
{
	sb_config_put(cfg);
	kfree(cfg);
}

/*
 * gap=: @op's gap loop at each gap, as the op <name>@g<N> (its read and
 * lost records); the same op otherwise.  One run at a time: static.
 */
static int sb_phase_gaps(const struct sb_config *cfg, unsigned int run,
			 const struct sb_op *op)
{
	static struct sb_op spaced;
	static char name[48];
	unsigned int k;
	int ret = 0;

	for (k = 0; k < cfg->nr_gaps && op->gap_loop && !ret; k++) {
		spaced = *op;
		snprintf(name, sizeof(name), "%s@g%u", op->name, cfg->gaps[k]);
		spaced.name = name;
		spaced.loop = op->gap_loop;
		WRITE_ONCE(sb_gap_nops, cfg->gaps[k]);
		ret = sb_phase(cfg, &sb_runctl, run, &spaced,
			       cfg->duration_ms, NULL);
	}
	return ret;
}

/*
 * One run with @cfg, into results that sb_out_reset() has emptied; frees
 * @cfg and leaves a final state on every path.
 */
static int sb_run(struct sb_config *cfg)
{
	unsigned int run, i, nr = 0, runs_done = 0;
	u8 order[SB_MAX_OPS];
	int ret;

	sb_out_meta(cfg);
	sb_gp_emit_meta();
	sb_config_emit(cfg);
	sb_out_headers();
	sb_check_headers();
	sb_ops_emit(cfg);
	sb_variants_emit();
	sb_cpus_emit(cfg->cpus);
	sb_race_delay = cfg->race_delay;
	ret = sb_onoff_start(cfg);

	for (i = 0; i < sb_nr_ops; i++)
		if ((cfg->op_mask & BIT_ULL(i)) && !sb_op_unavailable(&sb_ops[i]))
			order[nr++] = i;
	for (run = 0; run < cfg->runs && !ret; run++) {
		/* Run r starts at op offset r: host drift hits every op alike. */
		for (i = 0; i < nr && !ret; i++) {
			const struct sb_op *op = &sb_ops[order[(run + i) % nr]];

			ret = sb_phase(cfg, &sb_runctl, run, op,
				       cfg->duration_ms, NULL) ?:
			      sb_phase_gaps(cfg, run, op);
		}
		if (!ret)
			sb_readers_emit_exec(cfg, run);
		if (!ret)
			ret = sb_run_gp(cfg, run);
		if (!ret)
			ret = sb_check_run(cfg, &sb_runctl, run);
		if (!ret)
			runs_done++;
	}
	sb_onoff_stop();
	sb_out("end %s %u\n", ret ? "aborted" : "complete", runs_done);
	sb_summary(cfg, runs_done, ret);
	WRITE_ONCE(sb_state, ret == -EINTR ? SB_ABORTED : ret ? SB_FAILED : SB_DONE);
	sb_config_free(cfg);
	return ret;
}

static int sb_ctl_fn(void *arg)
{
	sb_run(arg);
	clear_bit(0, &sb_busy);
	/* Stay until reaped by kthread_stop() from "start" or rmmod. */
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static void sb_ctl_reap(void)
{
	if (sb_ctl_thread) {
		WRITE_ONCE(sb_abort, true);
		wake_up_all(&sb_abort_wq);
		kthread_stop(sb_ctl_thread);
		put_task_struct(sb_ctl_thread);
		sb_ctl_thread = NULL;
	}
}

/*
 * "start": the busy bit first, then everything that can fail (parameters,
 * the thread, the results buffer) before anything changes, so that a failed
 * start leaves the last run's results and state as they were.
 */
static int sb_start(void)
{
	struct task_struct *t;
	struct sb_config *cfg;
	int ret;

	if (test_and_set_bit(0, &sb_busy))
		return -EBUSY;
	cfg = sb_config_new();
	if (IS_ERR(cfg)) {
		ret = PTR_ERR(cfg);
		goto unlock;
	}
	sb_ctl_reap();
	t = kthread_create(sb_ctl_fn, cfg, "sb_ctl");
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto free;
	}
	ret = sb_out_reset();
	if (ret) {
		kthread_stop(t);	/* never woken: sb_ctl_fn() does not run */
		goto free;
	}
	get_task_struct(t);
	sb_ctl_thread = t;
	WRITE_ONCE(sb_abort, false);
	WRITE_ONCE(sb_state, SB_RUNNING);
	wake_up_process(t);	/* sb_ctl_fn() clears sb_busy */
	return 0;
free:
	sb_config_free(cfg);
unlock:
	clear_bit(0, &sb_busy);
	return ret;
}

static ssize_t sb_run_write(struct file *file, const char __user *ubuf,
			    size_t len, loff_t *ppos)
{
	char cmd[16];
	int ret;

	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = '\0';
	strim(cmd);
	if (!strcmp(cmd, "stop")) {
		WRITE_ONCE(sb_abort, true);
		wake_up_all(&sb_abort_wq);
		return len;
	}
	if (strcmp(cmd, "start")) {
		pr_err("run: unknown command '%s' (start, stop)\n", cmd);
		return -EINVAL;
	}
	ret = sb_start();
	return ret ?: len;
}

static ssize_t sb_run_read(struct file *file, char __user *ubuf, size_t len,
			   loff_t *ppos)
{
	char buf[16];
	int n = scnprintf(buf, sizeof(buf), "%s\n",
			  sb_state_names[READ_ONCE(sb_state)]);

	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations sb_run_fops = {
	.owner = THIS_MODULE,
	.read = sb_run_read,
	.write = sb_run_write,
	.llseek = default_llseek,
};

static int __init sb_init(void)
{
	struct sb_config *cfg;
	int ret;

	/* Bad parameters fail the load before anything is set up. */
	cfg = sb_config_new();
	if (IS_ERR(cfg))
		return PTR_ERR(cfg);
	ret = sb_readers_alloc();
	if (ret)
		goto free_cfg;
	ret = sb_check_alloc();
	if (ret)
		goto free_readers;
	if (sb_autostart) {
		set_bit(0, &sb_busy);	/* before "run" exists: no second start */
		ret = sb_out_reset();
		if (ret)
			goto free_readers;
		WRITE_ONCE(sb_state, SB_RUNNING);
	}

	/* Visible from here on: nothing below may fail the load. */
	sb_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("results", 0400, sb_dir, NULL, &sb_results_fops);
	debugfs_create_file("run", 0600, sb_dir, NULL, &sb_run_fops);
	if (!sb_autostart) {
		sb_config_free(cfg);
		return 0;
	}
	sb_run(cfg);
	clear_bit(0, &sb_busy);
	return 0;

free_readers:
	clear_bit(0, &sb_busy);
	sb_out_free();
	sb_check_free();
	sb_readers_free();
free_cfg:
	sb_config_free(cfg);
	return ret;
}

static void __exit sb_exit(void)
{
	/*
	 * Reverse order of sb_init(): once the files are gone (debugfs waits
	 * for the file operations in flight) no "start" can come, then a run
	 * in progress is stopped.
	 */
	debugfs_remove_recursive(sb_dir);
	sb_ctl_reap();
	sb_out_free();
	sb_check_free();
	sb_readers_free();
}

module_init(sb_init);
module_exit(sb_exit);
