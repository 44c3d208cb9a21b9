# srcubench: the top-level Makefile.
#   make run   [SCENARIO=quick] [OUT=out] [TARGET=x86_64] [KVER=6.1] [MODE=tcg|icount] [BPF=1] [VCPUS=N]
#   make run   ARCH=x86_64|arm64|ppc64el|s390x|riscv64 (TARGET) | ARCHES=all|'arm64 s390x' (one report)
#   make test
#   make build-matrix   (the module against every kernel of configs/build-matrix)
#   make module [KDIR=/lib/modules/$(uname -r)/build]
#   make run-host CONFIRM=yes [SCENARIO=quick]   (loads into the running kernel)
#   make perf-ab A='ops=this_cpu_inc' B='ops=__this_cpu_inc' [PAIRS=3] [EVENTS=...] [HOST=1]
#   make peers [SCENARIO=peers]   (srcubench beside refscale/rcuscale, one boot)
SCENARIO ?= quick
OUT      ?= out
TARGET   ?= x86_64
# ARCH=<arch> (command line) selects the target; ARCHES=all or a list runs
# several. ARCH is also kbuild's variable: keep both out of the scripts'
# environment and of sub-makes (run-guest.sh passes kbuild its own ARCH).
comma        := ,
ALL_ARCHES   := x86_64 arm64 ppc64el s390x riscv64
ARCH_ALIASES := amd64:x86_64 x86:x86_64 aarch64:arm64 ppc64le:ppc64el powerpc:ppc64el s390:s390x riscv:riscv64
arch_target   = $(or $(patsubst $(1):%,%,$(filter $(1):%,$(ARCH_ALIASES))),$(1))
ifeq ($(origin ARCH),command line)
override TARGET := $(call arch_target,$(ARCH))
endif
ARCHES_TARGETS := $(foreach a,$(if $(filter all,$(ARCHES)),$(ALL_ARCHES),$(subst $(comma), ,$(ARCHES))),$(call arch_target,$(a)))
unexport ARCH ARCHES
MAKEOVERRIDES := $(filter-out ARCH=% ARCHES=%,$(MAKEOVERRIDES))
# The target's default kernel series (KVER_DEFAULT in its file, else 6.1).
target_kver = $$(KVER_DEFAULT=; [ ! -f configs/targets/$(1) ] || . ./configs/targets/$(1); echo $${KVER_DEFAULT:-6.1})
KVER     ?= $(shell echo $(call target_kver,$(TARGET)))
MODE     ?= tcg
CACHE    ?= cache
KDIR     ?= /lib/modules/$(shell uname -r)/build

CC       ?= cc
CFLAGS   ?= -std=c11 -Wall -Wextra -Werror -O2

.PHONY: all run test module build-matrix run-host perf-ab peers deps-run deps-test guest-test checkpatch clean help

all: help

help:
	@sed -n '2,10p' Makefile | sed 's/^# *//'

deps-run:
	@tools/deps.sh run
	@$(if $(BPF),tools/deps.sh bpf)

deps-test:
	@tools/deps.sh test

REPORT_BIN := build/report
include tools/report.mk

# Deps per job: tools/deps.sh run installs the qemu and cross compiler of
# the targets this make boots (TARGET, or ARCHES), not every target's.
export SB_DEPS_TARGETS = $(if $(strip $(ARCHES_TARGETS)),$(ARCHES_TARGETS),$(TARGET))
build-matrix: export SB_DEPS_TARGETS = $(ALL_ARCHES)

# A patch author's loop: make run KERNEL=path/to/built/linux [ARCH=...] boots
# that tree's image with the tree as KDIR (tools/kernel-tree.sh describes it
# as the kernel cache entry OUT/kernel-tree/<target>-tree; fetch-kernel.sh
# finds it there under KVER=tree, SOURCES_tree only names it).
KERNEL_TREE_CACHE := $(OUT)/kernel-tree
DEBIAN_CACHE      := $(CACHE)
ifneq ($(strip $(KERNEL)),)
ifneq ($(strip $(ARCHES)),)
$(error KERNEL= boots one tree for one target: give ARCH= or TARGET=, not ARCHES=)
endif
override KVER  := tree
override CACHE := $(KERNEL_TREE_CACHE)
export SOURCES_tree := the kernel tree $(KERNEL)
endif
# KERNEL is this Makefile's: kbuild, run from the scripts, never sees it.
unexport KERNEL
MAKEOVERRIDES := $(filter-out KERNEL=%,$(MAKEOVERRIDES))
ifneq ($(strip $(KERNEL)),)
run guest-test perf-ab peers: kernel-tree
endif
.PHONY: kernel-tree
kernel-tree:
	@[ -n "$(KERNEL)" ] || { echo "usage: make run KERNEL=path/to/built/linux [ARCH=x86_64]" >&2; exit 1; }
	tools/kernel-tree.sh --target $(TARGET) --tree $(KERNEL) --out $(KERNEL_TREE_CACHE) --cache $(DEBIAN_CACHE)

# The reporter across machines: --group-by, --compare, directories of LAVA results.
.PHONY: group-test
group-test: $(REPORT_BIN)
	tests/unit/group-test.sh $(REPORT_BIN)

# LAVA: the srcubench test definition as a LAVA job on qemu (TARGET=x86_64 or
# arm64), run here by lava-run (no server): make lava [SCENARIO=quick] [OUT=out]
.PHONY: lava lava-test dkms-install dkms-test
lava: deps-run
	@tools/deps.sh lava
	lab/lava-run.sh --target $(TARGET) --kver $(KVER) --scenario $(SCENARIO) --out $(OUT)/lava --cache $(CACHE)
	@cat $(OUT)/lava/result.txt
	@echo "lava: job log $(OUT)/lava/lava.log, test cases $(OUT)/lava/result.txt, results $(OUT)/lava/results.txt"
lava-test: deps-run
	tests/lava/lava-run.sh --out $(OUT)/lava-test

# DKMS (dkms.conf): make dkms-install [DKMS_KVER=$(uname -r)] copies dkms.conf
# and module/ to /usr/src/srcubench-<version>, then dkms add, build, install
# for that kernel (needs its headers). Nothing is loaded.
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)
DKMS_SRC     ?= /usr/src/srcubench-$(DKMS_VERSION)
DKMS_KVER    ?= $(shell uname -r)
.PHONY: dkms-src dkms-remove
dkms-src:
	rm -rf $(DKMS_SRC) && mkdir -p $(DKMS_SRC)/module
	cp dkms.conf $(DKMS_SRC)/
	cp module/*.c module/*.h module/Kbuild module/Makefile $(DKMS_SRC)/module/
dkms-install: dkms-src
	@tools/deps.sh dkms
	dkms status -m srcubench -v $(DKMS_VERSION) | grep -q . || dkms add -m srcubench -v $(DKMS_VERSION)
	dkms build -m srcubench -v $(DKMS_VERSION) -k $(DKMS_KVER)
	dkms install -m srcubench -v $(DKMS_VERSION) -k $(DKMS_KVER)
	@echo "dkms: srcu_bench.ko installed for $(DKMS_KVER) (not loaded): modprobe srcu_bench PARAMS, or the LAVA test"
dkms-remove:
	dkms remove -m srcubench -v $(DKMS_VERSION) --all
	rm -rf $(DKMS_SRC)
dkms-test:
	tests/dkms/dkms-build.sh --out $(OUT)/dkms

# The main job: boot the target's Debian kernel in qemu, run the scenario,
# report. Never touches the running kernel.
ifneq ($(strip $(ARCHES)),)
# Every target under TCG (scenario arches unless SCENARIO=) and TCG icount
# (scenario icount; MODE=tcg or MODE=icount: only that), into
# OUT/<arch>/<mode>/, then one report with the arches side by side.
run: deps-run $(REPORT_BIN)
	tools/run-arches.sh --targets '$(ARCHES_TARGETS)' --out $(OUT) \
		$(if $(filter command line environment,$(origin SCENARIO)),--scenario $(SCENARIO)) \
		--cache $(CACHE) --report $(REPORT_BIN) $(if $(BPF),--bpf) \
		$(if $(filter command line,$(origin MODE)),--modes $(MODE)) \
		$(if $(filter command line environment,$(origin KVER)),--kver '$(KVER)')
else
run: deps-run $(REPORT_BIN)
	tools/run-guest.sh --target $(TARGET) --kver $(KVER) --scenario $(SCENARIO) \
		--mode $(MODE) --out $(OUT) --cache $(CACHE) $(if $(BPF),--bpf) $(if $(VCPUS),--vcpus $(VCPUS))
	$(REPORT_BIN) --plots $(OUT)/plots --out $(OUT)/report.txt $(OUT)/results.txt
	@cat $(OUT)/report.txt
	@echo "report: $(OUT)/report.txt, plots: $(OUT)/plots/ (*.png, *.svg; index.tsv: the arch/kernel/env of each N; cd there && gnuplot NAME.gp re-renders from the templates in plots/)"
endif

# perf stat A/B: A B A B ... in the guest (the host's perf over virtio-9p), or
# on the running kernel with HOST=1 CONFIRM=yes.
PAIRS  ?= 3
EVENTS ?= task-clock,context-switches,cpu-migrations,page-faults,cycles,instructions
perf-ab: deps-run $(REPORT_BIN)
	@[ -n "$(A)" ] && [ -n "$(B)" ] || { echo "usage: make perf-ab A='params' B='params' [PAIRS=3]" >&2; exit 1; }
ifeq ($(HOST),1)
	@[ "$(CONFIRM)" = yes ] || { echo "HOST=1 loads srcu_bench.ko into the RUNNING kernel: add CONFIRM=yes" >&2; exit 1; }
	tools/run-host.sh --yes --scenario $(SCENARIO) --out $(OUT)/perf-ab --ab-a "$(A)" --ab-b "$(B)" \
		--pairs $(PAIRS) --events "$(EVENTS)"
else
	tools/run-guest.sh --target $(TARGET) --kver $(KVER) --scenario $(SCENARIO) --mode $(MODE) \
		--action perf-ab --ab-a "$(A)" --ab-b "$(B)" --pairs $(PAIRS) --events "$(EVENTS)" \
		--out $(OUT)/perf-ab --cache $(CACHE)
endif
	$(REPORT_BIN) --out $(OUT)/perf-ab/report.txt $(OUT)/perf-ab/ab/*.txt $(OUT)/perf-ab/perf-ab.txt
	@cat $(OUT)/perf-ab/report.txt

peers: deps-run $(REPORT_BIN)
	tools/run-guest.sh --target $(TARGET) --kver $(KVER) --scenario $(if $(filter quick,$(SCENARIO)),peers,$(SCENARIO)) \
		--action peers --out $(OUT)/peers --cache $(CACHE)
	$(REPORT_BIN) --out $(OUT)/peers/report.txt $(OUT)/peers/results.txt
	@cat $(OUT)/peers/report.txt

test: deps-test
	tests/run-all.sh

guest-test: deps-run
	tests/guest/selftest.sh --target $(TARGET) --kver $(KVER) --out $(OUT)/selftest

module:
	$(MAKE) -C module KDIR=$(KDIR)

build-matrix: deps-run
	tests/build-matrix.sh --out $(OUT)/build-matrix --cache $(CACHE)

run-host:
	@[ "$(CONFIRM)" = yes ] || { echo "make run-host loads srcu_bench.ko into the RUNNING kernel: add CONFIRM=yes" >&2; exit 1; }
	tools/run-host.sh --yes --scenario $(SCENARIO) --out $(OUT)/host

checkpatch:
	tests/checkpatch.sh

clean: report-clean
	rm -rf build $(OUT)
	-$(MAKE) -C module KDIR=$(KDIR) clean 2>/dev/null
