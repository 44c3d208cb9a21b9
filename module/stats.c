// SPDX-License-Identifier: GPL-2.0
/*
 * srcu_bench: per-batch ns/op statistics.  Each timed batch adds its
 * picoseconds per op to a log-linear histogram: values below 128 ps are
 * exact, above that every power of two is split into 128 buckets, so a
 * bucket is less than 1% wide and a percentile is reported as the middle of
 * its bucket.
 */
#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/string.h>

#include "srcu_bench.h"

#define SB_SUB		(1U << SB_HIST_SUB_BITS)

static unsigned int sb_bucket(u64 ps)
{
	unsigned int shift, idx;

	if (ps < SB_SUB)
		return ps;
	shift = fls64(ps) - SB_HIST_SUB_BITS - 1;
	idx = (shift + 1) * SB_SUB + (unsigned int)(ps >> shift) - SB_SUB;
	return min_t(unsigned int, idx, SB_HIST_BUCKETS - 1);
}

static u64 sb_bucket_mid(unsigned int idx)
{
	unsigned int shift;

	if (idx < SB_SUB)
		return idx;
	shift = idx / SB_SUB - 1;
	return ((u64)(idx % SB_SUB + SB_SUB) << shift) + (BIT_ULL(shift) >> 1);
}

void sb_stat_reset(struct sb_stat *st)
{
	u32 *hist = st->hist;

	memset(st, 0, sizeof(*st));
	st->hist = hist;
	memset(st->min_cls, 0xff, sizeof(st->min_cls));
	memset(st->min_any_cls, 0xff, sizeof(st->min_any_cls));
	st->lo_ps = U64_MAX;
	memset(hist, 0, SB_HIST_BUCKETS * sizeof(*hist));
}

/*
 * One timed batch: @n operations took @ns nanoseconds once @sub_ns of nested
 * reader time was taken out.  Every batch counts in the totals (the mean);
 * a batch a foreign interrupt hit (SB_BATCH_HIT) counts in nothing else, and
 * a warm-up ramp batch (SB_BATCH_RAMP) not in the histogram, percentiles and
 * maximum.
 */
void sb_stat_add(struct sb_stat *st, u64 ns, unsigned long n, u64 sub_ns,
		 unsigned int flags)
{
	u64 ps = div64_u64(ns * 1000, n);
	unsigned int cls = ilog2(n);

	st->ops += n;
	st->ns += ns;
	st->sub_ns += sub_ns;
	st->batches++;
	if (flags & SB_BATCH_RAMP)
		st->ramp++;
	if (flags & SB_BATCH_HIT) {
		st->hit++;
		return;
	}
	st->min_any_cls[cls] = min(st->min_any_cls[cls], ps);
	if (!sub_ns)
		st->min_cls[cls] = min(st->min_cls[cls], ps);
	if (flags & SB_BATCH_RAMP)
		return;
	st->hist_n++;
	st->lo_ps = min(st->lo_ps, ps);
	st->max_ps = max(st->max_ps, ps);
	st->hist[sb_bucket(ps)]++;
}

/*
 * The smallest ps/op among the batches of the two largest size classes
 * (powers of two): warm-up batches of a few ops are shorter than one tick of
 * a coarse clock (riscv64's 10 MHz timer under qemu) and can read 0 ns, and
 * one slow batch of the largest size (then halved) must not be the minimum.
 * Clean batches (no nested reader ran inside) are preferred: a nested
 * reader's time is subtracted, but the interrupt entry and exit around it
 * stay in the window, so under icount such a batch reads a few instructions
 * more and the minimum would depend on where the timers fell.
 */
u64 sb_stat_min_ps(const struct sb_stat *st)
{
	u64 clean, any;
	int c;

	for (c = BITS_PER_LONG - 1; c >= 0; c--)
		if (st->min_any_cls[c] != U64_MAX)
			break;
	if (c < 0)
		return 0;
	clean = st->min_cls[c];
	any = st->min_any_cls[c];
	if (c) {
		clean = min(clean, st->min_cls[c - 1]);
		any = min(any, st->min_any_cls[c - 1]);
	}
	return clean != U64_MAX ? clean : any;
}

/*
 * Nearest-rank percentile of the per-batch ps/op, @permille in 1..1000, over
 * the batches in the histogram (hist_n; 0 when there are none).
 */
u64 sb_stat_percentile_ps(const struct sb_stat *st, unsigned int permille)
{
	u64 rank, seen = 0;
	unsigned int i;

	if (!st->hist_n)
		return 0;
	rank = max_t(u64, 1, DIV_ROUND_UP_ULL(st->hist_n * permille, 1000));
	for (i = 0; i < SB_HIST_BUCKETS; i++) {
		seen += st->hist[i];
		if (seen >= rank)
			return clamp(sb_bucket_mid(i), st->lo_ps, st->max_ps);
	}
	return st->max_ps;
}

int sb_u64_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}
