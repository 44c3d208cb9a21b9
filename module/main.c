// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: what does SRCU's irq-safe this_cpu_inc() cost against
 * __this_cpu_inc() in process, softirq and hardirq context, and what does it
 * buy?  See README.md and docs/results-format.md.
 *
 * Load with autostart=1 (default) and insmod returns when the measurement
 * is complete (a signal aborts it and the load); results stay readable in
 * /sys/kernel/debug/srcu_bench/results until rmmod, and writing "start" to
 * /sys/kernel/debug/srcu_bench/run starts another run in the background
 * ("stop" or rmmod ends it).
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
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "srcu_bench.h"

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

bool sb_aborting(void)
{
	return READ_ONCE(sb_abort) || signal_pending(current);
}

/* Sleep @ms; -EINTR on a signal (insmod) or an abort (stop, rmmod). */
int sb_wait_ms(unsigned int ms)
{
	long left = wait_event_interruptible_timeout(sb_abort_wq,
						     READ_ONCE(sb_abort),
						     msecs_to_jiffies(ms));

	return left == 0 ? 0 : -EINTR;
}

static void sb_emit_ops(const struct sb_config *cfg)
{
	char ctxs[32];
	unsigned int i, ctx;

	ctxs[0] = '\0';
	for (ctx = 0; ctx < SB_NR_CTX; ctx++)
		if (cfg->ctx_mask & BIT(ctx))
			snprintf(ctxs + strlen(ctxs), sizeof(ctxs) - strlen(ctxs),
				 "%s%s", *ctxs ? "," : "", sb_ctx_names[ctx]);
	for (i = 0; i < sb_nr_ops; i++) {
		const struct sb_op *op = &sb_ops[i];
		const char *status = "available";

		if (op->unavailable)
			status = "unavailable";
		else if (!(cfg->op_mask & BIT(i)))
			status = "not-selected";
		sb_out("op %s %s %s %d %s\n", op->name, status,
		       op->unavailable ? "-" : ctxs, op->counts,
		       op->unavailable ?: "-");
		if (op->unavailable && (cfg->op_mask & BIT(i)))
			pr_info("op %s unavailable: %s\n", op->name, op->unavailable);
	}
}

/* The grace-period phases of one run: each kind, loaded then idle. */
static int sb_run_gp(const struct sb_config *cfg, unsigned int run)
{
	const struct sb_op *srcu_op = cfg->hold_ns ? &sb_op_srcu_hold : &sb_ops[1];
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
			ret = sb_phase(cfg, run, loaded ? srcu_op : NULL,
				       cfg->gp_ms, gp);
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
	pr_info("%s after %u of %u runs: %u CPUs, env=%s (%s)\n",
		ret ? "aborted" : "complete", runs_done, cfg->runs,
		cpumask_weight(cfg->cpus), cfg->env,
		strncmp(cfg->env, "tcg", 3) ? "timings as measured" :
		"emulated timings, not hardware numbers");
}

static int sb_run(void)
{
	struct sb_config cfg;
	unsigned int run, i, nr = 0, runs_done = 0;
	u8 order[SB_MAX_OPS];
	int ret;

	ret = sb_config_get(&cfg);
	if (ret)
		return ret;
	ret = sb_out_reset();
	if (ret)
		goto out_cfg;
	WRITE_ONCE(sb_state, SB_RUNNING);
	sb_out_meta(&cfg);
	sb_out_headers();
	sb_emit_ops(&cfg);
	sb_race_delay = cfg.race_delay;

	for (i = 0; i < sb_nr_ops; i++)
		if ((cfg.op_mask & BIT(i)) && !sb_ops[i].unavailable)
			order[nr++] = i;
	for (run = 0; run < cfg.runs && !ret; run++) {
		/* Run r starts at op offset r: host drift hits every op alike. */
		for (i = 0; i < nr && !ret; i++)
			ret = sb_phase(&cfg, run, &sb_ops[order[(run + i) % nr]],
				       cfg.duration_ms, NULL);
		if (!ret)
			sb_readers_emit_exec(&cfg, run);
		if (!ret)
			ret = sb_run_gp(&cfg, run);
		if (!ret)
			runs_done++;
	}
	sb_out("end %s %u\n", ret ? "aborted" : "complete", runs_done);
	sb_summary(&cfg, runs_done, ret);
	WRITE_ONCE(sb_state, ret == -EINTR ? SB_ABORTED : ret ? SB_FAILED : SB_DONE);
out_cfg:
	sb_config_put(&cfg);
	return ret;
}

static int sb_ctl_fn(void *unused)
{
	sb_run();
	clear_bit(0, &sb_busy);
	/* Stay until reaped by kthread_stop() from "start", "stop" or rmmod. */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
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

static ssize_t sb_run_write(struct file *file, const char __user *ubuf,
			    size_t len, loff_t *ppos)
{
	char cmd[16];
	struct task_struct *t;
	struct sb_config cfg;
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
	if (test_and_set_bit(0, &sb_busy))
		return -EBUSY;
	/* Check the parameters now, so that a bad one fails this write. */
	ret = sb_config_get(&cfg);
	if (ret)
		goto unlock;
	sb_config_put(&cfg);
	sb_ctl_reap();
	WRITE_ONCE(sb_abort, false);
	t = kthread_create(sb_ctl_fn, NULL, "sb_ctl");
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto unlock;
	}
	get_task_struct(t);
	sb_ctl_thread = t;
	WRITE_ONCE(sb_state, SB_RUNNING);
	wake_up_process(t);	/* sb_ctl_fn() clears sb_busy */
	return len;
unlock:
	clear_bit(0, &sb_busy);
	return ret;
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

struct sb_snap {
	char *p;
	size_t len;
};

static int sb_results_open(struct inode *inode, struct file *file)
{
	struct sb_snap *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	s->p = sb_out_snapshot(&s->len);
	file->private_data = s;
	return 0;
}

static ssize_t sb_results_read(struct file *file, char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	struct sb_snap *s = file->private_data;

	if (!s->p)
		return 0;
	return simple_read_from_buffer(ubuf, len, ppos, s->p, s->len);
}

static int sb_results_release(struct inode *inode, struct file *file)
{
	struct sb_snap *s = file->private_data;

	kvfree(s->p);
	kfree(s);
	return 0;
}

static const struct file_operations sb_results_fops = {
	.owner = THIS_MODULE,
	.open = sb_results_open,
	.read = sb_results_read,
	.release = sb_results_release,
	.llseek = default_llseek,
};

static int __init sb_init(void)
{
	struct sb_config cfg;
	int ret;

	/* Bad parameters fail the load before anything is set up. */
	ret = sb_config_get(&cfg);
	if (ret)
		return ret;
	sb_config_put(&cfg);

	ret = sb_readers_alloc();
	if (ret)
		return ret;
	sb_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("results", 0400, sb_dir, NULL, &sb_results_fops);
	debugfs_create_file("run", 0600, sb_dir, NULL, &sb_run_fops);

	if (!sb_autostart)
		return 0;
	set_bit(0, &sb_busy);
	ret = sb_run();
	clear_bit(0, &sb_busy);
	if (ret) {
		debugfs_remove_recursive(sb_dir);
		sb_out_free();
		sb_readers_free();
		if (ret == -EINTR)
			pr_info("interrupted: load aborted\n");
	}
	return ret;
}

static void __exit sb_exit(void)
{
	/* Reverse order of sb_init(); a run in progress is stopped first. */
	sb_ctl_reap();
	debugfs_remove_recursive(sb_dir);
	sb_out_free();
	sb_readers_free();
}

module_init(sb_init);
module_exit(sb_exit);
