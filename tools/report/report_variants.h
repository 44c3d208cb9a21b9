/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_variants: the per-arch variants of SRCU's per-CPU increment
 * (issue 13; module/variants.c): per (arch, kernel, env) a variants table
 * (bare and in the SRCU reader shape), per core type the per-CPU figures,
 * and one across-arch table with x86_64 as the control.
 */
#ifndef REPORT_VARIANTS_H
#define REPORT_VARIANTS_H

#include "report_stats.h"
#include "report_table.h"

/* Append the variants tables of @res to @d (none without variant records). 0 or -1. */
int rv_tables(struct rt_doc *d, const struct rs_result *res);

#endif
