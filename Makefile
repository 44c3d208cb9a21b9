# srcubench: the top-level Makefile.
#   make run   [SCENARIO=quick] [OUT=out] [TARGET=x86_64] [KVER=6.1] [MODE=tcg|icount]
#   make test
#   make module [KDIR=/lib/modules/$(uname -r)/build]
#   make run-host CONFIRM=yes [SCENARIO=quick]   (loads into the running kernel)
SCENARIO ?= quick
OUT      ?= out
TARGET   ?= x86_64
KVER     ?= 6.1
MODE     ?= tcg
CACHE    ?= cache
KDIR     ?= /lib/modules/$(shell uname -r)/build

CC       ?= cc
CFLAGS   ?= -std=c11 -Wall -Wextra -Werror -O2

.PHONY: all run test module run-host deps-run deps-test guest-test checkpatch clean help

all: help

help:
	@sed -n '2,6p' Makefile | sed 's/^# *//'

deps-run:
	@tools/deps.sh run

deps-test:
	@tools/deps.sh test

REPORT_BIN := build/report
include tools/report.mk

# The main job: boot the target's Debian kernel in qemu, run the scenario,
# report. Never touches the running kernel.
run: deps-run $(REPORT_BIN)
	tools/run-guest.sh --target $(TARGET) --kver $(KVER) --scenario $(SCENARIO) \
		--mode $(MODE) --out $(OUT) --cache $(CACHE)
	$(REPORT_BIN) --plots $(OUT)/plots --out $(OUT)/report.txt $(OUT)/results.txt
	@cat $(OUT)/report.txt
	@echo "report: $(OUT)/report.txt, plots: $(OUT)/plots/ (*.png, *.svg, *.gp to re-render)"

test: deps-test
	tests/run-all.sh

guest-test: deps-run
	tests/guest/selftest.sh --target $(TARGET) --kver $(KVER) --out $(OUT)/selftest

module:
	$(MAKE) -C module KDIR=$(KDIR)

run-host:
	@[ "$(CONFIRM)" = yes ] || { echo "make run-host loads srcu_bench.ko into the RUNNING kernel: add CONFIRM=yes" >&2; exit 1; }
	tools/run-host.sh --yes --scenario $(SCENARIO) --out $(OUT)/host

checkpatch:
	tests/checkpatch.sh

clean: report-clean
	rm -rf build $(OUT)
	-$(MAKE) -C module KDIR=$(KDIR) clean 2>/dev/null
