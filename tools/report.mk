# srcubench reporter: build/report, build/test-report, fuzz target.
# Included from the top-level Makefile, or used through tools/Makefile.
# Paths are relative to the repository root (REPORT_ROOT).
REPORT_ROOT ?= .
RB := $(REPORT_ROOT)/build
RT := $(REPORT_ROOT)/tools
RU := $(REPORT_ROOT)/tests/unit
RF := $(REPORT_ROOT)/tests/fuzz

REPORT_CC ?= cc
REPORT_CFLAGS ?= -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O2 -g
REPORT_LIBS := -ljansson -lgsl -lgslcblas -lm
REPORT_LIB_SRC := $(RT)/report_parse.c $(RT)/report_stats.c $(RT)/report_out.c $(RT)/report_plot.c $(RT)/report_side.c $(RT)/report_arch.c
REPORT_HDR := $(wildcard $(RT)/report_*.h)

.PHONY: report test-report report-test plot-test fuzz-smoke report-clean

report: $(RB)/report
test-report: $(RB)/test-report

$(RB)/report: $(RT)/report.c $(REPORT_LIB_SRC) $(REPORT_HDR)
	@mkdir -p $(RB)
	$(REPORT_CC) $(REPORT_CFLAGS) -o $@ $(RT)/report.c $(REPORT_LIB_SRC) $(REPORT_LIBS)

$(RB)/test-report: $(RU)/test_report.c $(REPORT_LIB_SRC) $(REPORT_HDR) $(RB)/report
	@mkdir -p $(RB)
	$(REPORT_CC) $(REPORT_CFLAGS) -I$(RT) -o $@ $(RU)/test_report.c $(REPORT_LIB_SRC) $(REPORT_LIBS)

# run the unit, malformed-input and plot tests (from the repository root)
report-test: $(RB)/test-report $(RB)/report
	cd $(REPORT_ROOT) && ./build/test-report

# render the plots of the real example results file (docs/example-results.txt,
# copied to tests/unit/fixtures/example-x86_64-tcg.results); PNG/SVG > 2 KB
plot-test: $(RB)/report
	cd $(REPORT_ROOT) && sh tests/unit/plot-test.sh build/report

# libFuzzer + ASan/UBSan over the parser and the statistics, bounded time
FUZZ_TIME ?= 30
$(RB)/fuzz_parse: $(RF)/fuzz_parse.c $(RT)/report_parse.c $(RT)/report_stats.c $(RT)/report_out.c $(REPORT_HDR)
	@mkdir -p $(RB)
	clang -std=c11 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-I$(RT) -o $@ $(RF)/fuzz_parse.c $(RT)/report_parse.c $(RT)/report_stats.c \
		$(RT)/report_out.c -ljansson -lgsl -lgslcblas -lm

# seed corpus: the unit-test fixtures (good and malformed); new inputs go to
# build/fuzz-corpus.  libFuzzer exits non-zero on a crash, leak or sanitizer report.
fuzz-smoke: $(RB)/fuzz_parse
	@mkdir -p $(RB)/fuzz-corpus
	cd $(RB) && ./fuzz_parse -max_total_time=$(FUZZ_TIME) -max_len=16384 -timeout=10 \
		-dict=$(abspath $(RF))/results.dict fuzz-corpus \
		$(abspath $(RU))/fixtures $(abspath $(RU))/fixtures/bad

report-clean:
	rm -f $(RB)/report $(RB)/test-report $(RB)/fuzz_parse
	rm -rf $(RB)/fuzz-corpus $(RB)/report-test
