// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: CPU hotplug during a run, as rcutorture's onoff does.  With
 * onoff_interval_ms set, a kthread takes the run's reader CPUs offline and
 * back online in turn, each for onoff_interval_ms, every onoff_interval_ms:
 * never CPU 0, never the last online CPU.  It stops with the run (end,
 * "stop", a signal to insmod, rmmod) and brings back every CPU it took
 * offline.  The phases mark what it did to their records (readers.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/task.h>

#include "srcu_bench.h"

static struct sb_onoff {
	struct task_struct *thread;
	cpumask_var_t cpus;		/* candidates */
	unsigned int interval_ms;
	unsigned long offlines, onlines, errors;
	int last_err;
	unsigned int down;		/* the CPU this thread has offline, or nr_cpu_ids */
} sb_onoff;

/* Sleep @ms or until kthread_stop(); true when asked to stop. */
static bool sb_onoff_sleep(unsigned int ms)
{
	set_current_state(TASK_INTERRUPTIBLE);
	if (!kthread_should_stop())
		schedule_timeout(msecs_to_jiffies(ms));
	__set_current_state(TASK_RUNNING);
	return kthread_should_stop();
}

static void sb_onoff_online(struct sb_onoff *o)
{
	int ret;

	if (o->down >= nr_cpu_ids)
		return;
	ret = add_cpu(o->down);
	if (ret) {
		o->errors++;
		o->last_err = ret;
		pr_warn("onoff: add_cpu(%u): error %d\n", o->down, ret);
		return;
	}
	o->onlines++;
	o->down = nr_cpu_ids;
}

static int sb_onoff_fn(void *arg)
{
	struct sb_onoff *o = arg;
	int cpu = -1, ret;

	while (!sb_onoff_sleep(o->interval_ms)) {
		cpu = cpumask_next(cpu, o->cpus);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(o->cpus);
		if (cpu >= nr_cpu_ids || !cpu_online(cpu) || num_online_cpus() <= 1)
			continue;
		ret = remove_cpu(cpu);
		if (ret) {
			o->errors++;
			o->last_err = ret;
			continue;
		}
		o->offlines++;
		o->down = cpu;
		if (sb_onoff_sleep(o->interval_ms))
			break;
		sb_onoff_online(o);
	}
	sb_onoff_online(o);
	return 0;
}

/* Start the onoff thread if @cfg asks for one; -EINTR or -ENOMEM if not. */
int sb_onoff_start(const struct sb_config *cfg)
{
	struct sb_onoff *o = &sb_onoff;
	struct task_struct *t;

	if (!cfg->onoff_interval_ms)
		return 0;
	if (!zalloc_cpumask_var(&o->cpus, GFP_KERNEL))
		return -ENOMEM;
	cpumask_copy(o->cpus, cfg->cpus);
	cpumask_clear_cpu(0, o->cpus);
	o->interval_ms = cfg->onoff_interval_ms;
	o->offlines = 0;
	o->onlines = 0;
	o->errors = 0;
	o->last_err = 0;
	o->down = nr_cpu_ids;
	t = kthread_run(sb_onoff_fn, o, "sb_onoff");
	if (IS_ERR(t)) {
		free_cpumask_var(o->cpus);
		return PTR_ERR(t);
	}
	get_task_struct(t);
	o->thread = t;
	return 0;
}

/* Stop the onoff thread, which brings its CPU back first. */
void sb_onoff_stop(void)
{
	struct sb_onoff *o = &sb_onoff;

	if (!o->thread)
		return;
	kthread_stop(o->thread);
	put_task_struct(o->thread);
	o->thread = NULL;
	free_cpumask_var(o->cpus);
	pr_info("onoff: %lu CPU offlines, %lu onlines, %lu errors (last %d), every %u ms; online now %*pbl\n",
		o->offlines, o->onlines, o->errors, o->last_err, o->interval_ms,
		cpumask_pr_args(cpu_online_mask));
	if (o->down < nr_cpu_ids)
		pr_err("onoff: CPU %u is still offline (add_cpu failed)\n", o->down);
}
