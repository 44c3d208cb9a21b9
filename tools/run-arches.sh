#!/usr/bin/env bash
# Run srcubench on several architectures, each in its own qemu guest, under
# TCG (timed, emulated) and TCG icount (instructions), then write one report
# with all of them side by side.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<EOT
usage: $0 [--targets 'x86_64 arm64 ...'|all] [--modes 'tcg icount']
          [--scenario arches] [--icount-scenario icount|<scenario>-icount] [--kver SERIES]
          [--out DIR] [--cache DIR] [--jobs N] [--report PROG] [--bpf] [--dry-run]
For every target (configs/targets/; all: $(ls "$SB_TOP/configs/targets" | tr '\n' ' '))
and mode, tools/run-guest.sh boots the target's Debian kernel of --kver's
series (default 6.12: the one series every target has, so the arches run the
same SRCU code) and writes DIR/<target>/<mode>/results.txt.
tcg runs one after another (they share the host's 2 cores; --scenario, default
arches: 2 vCPUs, 3 runs); icount runs (one vCPU, guest ns = guest instructions, --icount-scenario,
default configs/scenarios/<scenario>-icount if there is one, else icount) reuse
the module the tcg run built and run --jobs at a time
(default 2: their counts do not depend on host load). Then PROG (default
build/report) writes DIR/report.txt and DIR/plots/ from every run that
succeeded; the report's "across architectures" tables put the targets side by
side. A failed target is reported and skipped; the exit status is then 1.
One progress line per target and step: fetch, build, boot, run, report.
--bpf runs the BPF sampler beside the module on the targets that can take it
(the host's own architecture: bpf/ has no cross build) and says which it
skipped. --dry-run prints the run-guest.sh command lines and runs nothing.
EOT
}

targets=all modes="tcg icount" scenario=arches iscenario= kver=6.12
out="$SB_TOP/out" cache="$SB_TOP/cache" jobs=2 report="$SB_TOP/build/report" bpf=() dry=0
parse_opts "--targets=targets --modes=modes --scenario=scenario --icount-scenario=iscenario
	--kver=kver --out=out --cache=cache --jobs=jobs --report=report --bpf=bpf:--bpf
	--dry-run=dry:1" "$@"
[ ${#SB_ARGS[@]} = 0 ] || { usage >&2; die "unexpected argument '${SB_ARGS[0]}'"; }
# The icount half: --icount-scenario, else the scenario's own
# (configs/scenarios/<scenario>-icount, e.g. variants-icount), else icount.
if [ -z "$iscenario" ]; then
	iscenario=icount
	[ ! -f "$SB_TOP/configs/scenarios/$scenario-icount" ] || iscenario=$scenario-icount
fi
[ "$targets" != all ] || targets=$(ls "$SB_TOP/configs/targets" | tr '\n' ' ')
targets=${targets//,/ } modes=${modes//,/ }
for t in $targets; do [ -f "$SB_TOP/configs/targets/$t" ] || die "unknown target '$t'"; done
for m in $modes; do case "$m" in tcg|icount) ;; *) die "--modes: '$m' is not tcg or icount" ;; esac; done
case "$jobs" in ''|*[!0-9]*|0) die "--jobs: '$jobs' is not a positive number" ;; esac
[ "$dry" = 1 ] || [ -x "$report" ] || die "no reporter at $report (make build/report)"
# --bpf only where the loader can be built (lib.sh bpf_target_ok).
declare -A tbpf=()
if [ ${#bpf[@]} -gt 0 ]; then
	for t in $targets; do
		if why=$(bpf_target_ok "$t"); then tbpf[$t]=--bpf
		else SB_LOG_TAG=$t log "bpf: skipped on $t, it runs without the sampler: $why"; fi
	done
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

# one_run TARGET MODE: run-guest.sh into OUT/TARGET/MODE, its log beside it
one_run() {
	local t=$1 m=$2 sc=$scenario pre=() d="$out/$1/$2" t0
	if [ "$m" = icount ]; then
		sc=$iscenario
		[ ! -f "$out/$t/tcg/build/srcu_bench.ko" ] || pre=(--prebuilt "$out/$t/tcg/build")
	fi
	local cmd=("$SB_TOP/tools/run-guest.sh" --target "$t" ${kver:+--kver "$kver"} --scenario "$sc"
		--mode "$m" --out "$d" --cache "$cache" ${pre[@]+"${pre[@]}"} ${tbpf[$t]:+"${tbpf[$t]}"})
	if [ "$dry" = 1 ]; then echo "${cmd[*]}"; return 0; fi
	rm -rf "$d" && mkdir -p "$d"
	t0=$(date +%s)
	# --kver '': each target's own KVER_DEFAULT (x86_64 6.1, riscv64 6.12, ...)
	if SB_LOG_TAG="$t/$m" "${cmd[@]}" 2>&1 |
		tee "$d/run.log" >&2; then	# pipefail: the status of run-guest.sh
		SB_LOG_TAG="$t/$m" log "run: ok in $(( $(date +%s) - t0 ))s, $(awk '$1 == "meta" && $2 == "kernel" {print $3}' "$d/results.txt")"
		touch "$d/ok"
	else
		SB_LOG_TAG="$t/$m" log "run: FAILED after $(( $(date +%s) - t0 ))s, see $d/run.log"
		return 1
	fi
}

failed=
if [ "$dry" = 1 ]; then
	for m in $modes; do for t in $targets; do one_run "$t" "$m"; done; done
	exit 0
fi
if [[ " $modes " = *" tcg "* ]]; then
	for t in $targets; do one_run "$t" tcg || failed="$failed $t/tcg"; done
fi
if [[ " $modes " = *" icount "* ]]; then
	# icount counts instructions, not host time: run --jobs guests at once.
	running=0
	for t in $targets; do
		one_run "$t" icount &
		running=$((running + 1))
		if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
	done
	wait || true
	for t in $targets; do [ -f "$out/$t/icount/ok" ] || failed="$failed $t/icount"; done
fi

files=()
for t in $targets; do
	for m in $modes; do
		[ ! -f "$out/$t/$m/ok" ] || files+=("$out/$t/$m/results.txt")
	done
done
[ ${#files[@]} -gt 0 ] || die "no run succeeded:$failed"
log "report: ${#files[@]} results files -> $out/report.txt, $out/plots/"
rm -rf "$out/plots"
"$report" --plots "$out/plots" --out "$out/report.txt" "${files[@]}"
# The side-by-side part of the report, for the terminal.
awk '/^## across architectures/ {p = 1} /^## / && !/^## across architectures/ {p = 0} p' "$out/report.txt"
log "report: $out/report.txt, plots: $out/plots/ (arches.png, arches.svg; *.gp to re-render)"
[ -z "$failed" ] || { echo "failed:$failed" >&2; exit 1; }
