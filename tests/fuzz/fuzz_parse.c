// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the results parser, then (when the input parses) the
 * statistics over it alone and twice (as two files of one group), and the
 * table and JSON output of the first to /dev/null.
 * Build and run: make -C tools fuzz-smoke  (clang -fsanitize=fuzzer,address,undefined)
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <stdio.h>

#include "report_out.h"
#include "report_parse.h"
#include "report_stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rp_file f[2];
	struct rs_result r;
	char err[RP_ERR];

	if (rp_parse_buf("fuzz", (const char *)data, size, &f[0], NULL, err, sizeof(err))) {
		if (strncmp(err, "fuzz:", 5))	/* every error names file:line */
			__builtin_trap();
		return 0;
	}
	if (!rs_compute(f, 1, "__this_cpu_inc", &r)) {
		static FILE *null;

		if (!null)
			null = fopen("/dev/null", "w");
		if (null) {
			ro_write(null, RO_TABLE, &r);
			ro_write(null, RO_JSON, &r);
		}
		rs_free(&r);
	}
	if (!rp_parse_buf("fuzz2", (const char *)data, size, &f[1], NULL, err, sizeof(err))) {
		if (!rs_compute(f, 2, "empty", &r))
			rs_free(&r);
		rp_file_free(&f[1]);
	}
	rp_file_free(&f[0]);
	return 0;
}
