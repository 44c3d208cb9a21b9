// SPDX-License-Identifier: GPL-2.0
#include "report_plot.h"
int rpl_plots(const char *dir, const struct rp_file *files, size_t nfiles,
	      const struct rs_result *res)
{
	(void)dir; (void)files; (void)nfiles; (void)res;
	return 0;
}
