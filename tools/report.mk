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
REPORT_LIB_SRC := $(RT)/report_table.c $(RT)/report_parse.c $(RT)/report_stats.c $(RT)/report_out.c $(RT)/report_plot.c $(RT)/report_side.c $(RT)/report_arch.c $(RT)/report_group.c $(RT)/report_cover.c $(RT)/report_variants.c
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

# the reporter under ASan+UBSan: test-report runs every fixture through it
# (the do_header stack overflow and the perf A/B heap overflow show only so;
# gcc warns maybe-uninitialized falsely in report_stats.c under ASan)
$(RB)/report-asan: $(RT)/report.c $(REPORT_LIB_SRC) $(REPORT_HDR)
	@mkdir -p $(RB)
	$(REPORT_CC) $(REPORT_CFLAGS) -Wno-maybe-uninitialized \
		-fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-o $@ $(RT)/report.c $(REPORT_LIB_SRC) $(REPORT_LIBS)

# run the unit, malformed-input and plot tests (from the repository root), and
# the formats test: every section in every format, the tidy CSV loads (python3 csv)
report-test: $(RB)/test-report $(RB)/report $(RB)/report-asan
	cd $(REPORT_ROOT) && ./build/test-report
	cd $(REPORT_ROOT) && python3 tests/unit/formats-test.py build/report

# render the plots of the real example results file (docs/example-results.txt,
# copied to tests/unit/fixtures/example-x86_64-tcg.results); PNG/SVG > 2 KB
plot-test: $(RB)/report
	cd $(REPORT_ROOT) && sh tests/unit/plot-test.sh build/report

# libFuzzer + ASan/UBSan over the whole reporter: parser, statistics and every
# writer (across-arch, table, CSV, MD, JSON, side tables, plot files; no gnuplot)
FUZZ_TIME ?= 30
FUZZ_RUNS ?= -1
FUZZ_FLAGS ?=
$(RB)/fuzz_parse: $(RF)/fuzz_parse.c $(REPORT_LIB_SRC) $(REPORT_HDR)
	@mkdir -p $(RB)
	clang -std=c11 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-I$(RT) -o $@ $(RF)/fuzz_parse.c $(REPORT_LIB_SRC) -ljansson -lgsl -lgslcblas -lm

# seed corpus: the unit-test fixtures (good and malformed: perf, codegen, peer,
# sample, side, arches, icount ...) and pairs of them joined by a NUL byte (two
# files: different arches reach the across-architectures writers).  New inputs
# go to build/fuzz-corpus.  libFuzzer exits non-zero on a crash, leak or
# sanitizer report.
FUZZ_PAIRS := tcg-arm64:icount-x86_64 x86_64-kvm:aarch64-tcg side:samples \
	icount-riscv64:example-x86_64-tcg hand3:hand1
$(RB)/fuzz-seeds: $(wildcard $(RU)/fixtures/*.results)
	@rm -rf $@ && mkdir -p $@
	@for p in $(FUZZ_PAIRS); do a=$${p%%:*}; b=$${p#*:}; \
		{ cat $(RU)/fixtures/$$a.results; printf '\0'; cat $(RU)/fixtures/$$b.results; } \
		>$@/pair-$$a-$$b; done

fuzz-smoke: $(RB)/fuzz_parse $(RB)/fuzz-seeds
	@mkdir -p $(RB)/fuzz-corpus
	cd $(RB) && FUZZ_TEMPLATES=$(abspath $(REPORT_ROOT))/plots ./fuzz_parse \
		-max_total_time=$(FUZZ_TIME) -runs=$(FUZZ_RUNS) -max_len=65536 -timeout=10 \
		-dict=$(abspath $(RF))/results.dict $(FUZZ_FLAGS) fuzz-corpus fuzz-seeds \
		$(abspath $(RU))/fixtures $(abspath $(RU))/fixtures/bad

report-clean:
	rm -f $(RB)/report $(RB)/report-asan $(RB)/test-report $(RB)/fuzz_parse
	rm -rf $(RB)/fuzz-corpus $(RB)/fuzz-seeds $(RB)/report-test
