#!/usr/bin/env bash
# Pack a busybox-static initramfs that loads srcu_bench.ko in the guest.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<EOT
usage: $0 --busybox PATH --module PATH.ko --scenario FILE --env ENV
          [--action run|selftest|abort|peers|perf-ab|bpf-test|bpf-perturb] [--peers DIR] [--kmods LIST]
          [--watchdog SECONDS] --out FILE.cpio.gz
Writes a gzip'd newc cpio with /bin/busybox, /init (tools/guest/init),
/srcu_bench.ko and /scenario.env (the scenario's PARAMS, ENV, ACTION, and
any PEER_* settings); with --peers, DIR's torture/refscale/rcuscale.ko and
tools/guest/peers.sh under /peers; with --kmods, the kernel modules named
in LIST (one .ko path a line, load order) under /kmods, for perf-ab;
--action abort adds tools/guest/abort-tests.sh; with
--bpf LOADER, the static bpf/ sampler and bpf/guest-run.sh.
--watchdog N (default 0: none): after N s the guest dumps blocked tasks and
CPU backtraces to the console and powers off.
EOT
}
busybox= module= scenario= env=unknown action=run out= peers= kmods= bpf= watchdog=0
while [ $# -gt 0 ]; do
	case "$1" in
	--busybox) busybox=$2; shift 2 ;;
	--module) module=$2; shift 2 ;;
	--scenario) scenario=$2; shift 2 ;;
	--env) env=$2; shift 2 ;;
	--action) action=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--peers) peers=$2; shift 2 ;;
	--kmods) kmods=$2; shift 2 ;;
	--bpf) bpf=$2; shift 2 ;;
	--watchdog) watchdog=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown option '$1'" ;;
	esac
done
[ -x "$busybox" ] || die "--busybox: '$busybox' is not an executable"
[ -f "$module" ] || die "--module: no file '$module'"
[ -f "$scenario" ] || die "--scenario: no file '$scenario'"
[ -n "$out" ] || die "--out is required"
case "$watchdog" in ''|*[!0-9]*) die "--watchdog: '$watchdog' is not a number of seconds" ;; esac
case "$action" in
run|selftest|abort|peers|perf-ab) ;;
bpf-test|bpf-perturb) [ -n "$bpf" ] || die "--action $action needs --bpf LOADER" ;;
*) die "--action: '$action' is not run, selftest, abort, peers, perf-ab, bpf-test or bpf-perturb" ;;
esac
[ "$action" != peers ] || [ -f "$peers/refscale.ko" ] || die "--action peers needs --peers DIR with the peer modules"

PARAMS= PEER_READERS= PEER_LOOPS= PEER_RUNS= AB_A= AB_B= AB_PAIRS= AB_EVENTS= BPF_ARGS=
# shellcheck disable=SC1090
. "$scenario"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/proc" "$stage/sys" "$stage/dev"
cp "$busybox" "$stage/bin/busybox"
cp "$SB_TOP/tools/guest/init" "$stage/init"
chmod 755 "$stage/init"
cp "$module" "$stage/srcu_bench.ko"
printf 'PARAMS=%q\nENV=%q\nACTION=%q\nWATCHDOG=%q\n' "$PARAMS" "$env" "$action" "$watchdog" >"$stage/scenario.env"
printf 'PEER_READERS=%q\nPEER_LOOPS=%q\nPEER_RUNS=%q\n' "$PEER_READERS" "$PEER_LOOPS" "$PEER_RUNS" \
	>>"$stage/scenario.env"
printf 'AB_A=%q\nAB_B=%q\nAB_PAIRS=%q\nAB_EVENTS=%q\nBPF_ARGS=%q\n' "$AB_A" "$AB_B" "$AB_PAIRS" \
	"$AB_EVENTS" "$BPF_ARGS" >>"$stage/scenario.env"
[ "$action" != abort ] || cp "$SB_TOP/tools/guest/abort-tests.sh" "$stage/"
if [ -n "$bpf" ]; then	# the static BPF sampler and its guest script
	cp "$bpf" "$stage/srcubench-bpf"
	cp "$SB_TOP/bpf/guest-run.sh" "$stage/guest-run.sh"
	mkdir -p "$stage/tmp"
fi
if [ -n "$kmods" ]; then
	mkdir -p "$stage/kmods"
	while read -r ko; do
		cp "$ko" "$stage/kmods/"
		basename "$ko" >>"$stage/kmods/order"
	done <"$kmods"
	cp "$SB_TOP/tools/guest/perf-ab.sh" "$stage/"
	ln -s usr/lib "$stage/lib"
	ln -s usr/lib64 "$stage/lib64"
	mkdir -p "$stage/usr" "$stage/tmp"
fi
if [ -n "$peers" ]; then
	mkdir -p "$stage/peers"
	cp "$peers"/torture.ko "$peers"/refscale.ko "$peers"/rcuscale.ko "$SB_TOP/tools/guest/peers.sh" "$stage/peers/"
fi
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
