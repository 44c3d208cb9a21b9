#!/usr/bin/env bash
# Opt-in: build srcu_bench.ko for the RUNNING kernel and load it on this
# machine (root), with a scenario's parameters. Never run by default.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<EOT
usage: $0 --yes [--scenario NAME|FILE] [--env bare-metal|kvm|vm] [--out DIR]
Builds the module against /lib/modules/\$(uname -r)/build, insmods it on
this kernel with the scenario's PARAMS (insmod blocks for the whole run;
Ctrl-C aborts it), copies the results to DIR/results.txt and rmmods it.
--yes is required: this loads a stress module into the kernel you run.
EOT
}
yes=0 scenario=quick out="$SB_TOP/out/host" env=
while [ $# -gt 0 ]; do
	case "$1" in
	--yes) yes=1; shift ;;
	--scenario) scenario=$2; shift 2 ;;
	--env) env=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown option '$1'" ;;
	esac
done
[ $yes = 1 ] || { usage >&2; die "refusing to load a module into the running kernel without --yes"; }
[ "$(id -u)" = 0 ] || die "must be root to load a module"
kdir=/lib/modules/$(uname -r)/build
[ -f "$kdir/Makefile" ] || die "no headers for $(uname -r) at $kdir (install linux-headers-$(uname -r))"
sfile=$(scenario_file "$scenario")
PARAMS=
# shellcheck disable=SC1090
. "$sfile"
mkdir -p "$out"
make -C "$SB_TOP/module" KDIR="$kdir" >"$out/build.log" 2>&1 || die "build failed, see $out/build.log"
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
log "insmod on $(uname -r): $PARAMS${env:+ env=$env}"
# shellcheck disable=SC2086
insmod "$SB_TOP/module/srcu_bench.ko" $PARAMS ${env:+env=$env}
cat /sys/kernel/debug/srcu_bench/results >"$out/results.txt"
rmmod srcu_bench
grep -q '^end complete ' "$out/results.txt" || die "incomplete results in $out/results.txt"
log "done: $out/results.txt"
