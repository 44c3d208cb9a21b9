/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srcu_bench tracepoints: srcu_bench_sample fires every sample_ms during a
 * read phase, once per selected CPU and context, with that reader's running
 * totals, so that tools outside the module (bpf/) can sample throughput.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM srcu_bench

#if !defined(SRCU_BENCH_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define SRCU_BENCH_TRACE_H

#include <linux/tracepoint.h>

#include "compat.h"

TRACE_EVENT(srcu_bench_sample,
	TP_PROTO(unsigned int run, unsigned int cpu, const char *context,
		 const char *op, u64 ops, u64 ns),
	TP_ARGS(run, cpu, context, op, ops, ns),
	TP_STRUCT__entry(
		__field(unsigned int, run)
		__field(unsigned int, cpu)
		__string(context, context)
		__string(op, op)
		__field(u64, ops)
		__field(u64, ns)
	),
	TP_fast_assign(
		__entry->run = run;
		__entry->cpu = cpu;
		SB_ASSIGN_STR(context);
		SB_ASSIGN_STR(op);
		__entry->ops = ops;
		__entry->ns = ns;
	),
	TP_printk("run=%u cpu=%u context=%s op=%s ops=%llu ns=%llu",
		  __entry->run, __entry->cpu, __get_str(context), __get_str(op),
		  __entry->ops, __entry->ns)
);

#endif /* SRCU_BENCH_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
