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
in LIST (one .ko path a line, load order) under /kmods, which the init
loads first (virtio and 9p: the host's share for the output files, and
perf-ab's /usr); --action abort adds tools/guest/abort-tests.sh; with
--bpf LOADER, the static bpf/ sampler and bpf/guest-run.sh.
--watchdog N (default 0: none): after N s the guest dumps blocked tasks and
CPU backtraces to the console and powers off.
EOT
}
busybox= module= scenario= env=unknown action=run out= peers= kmods= bpf= watchdog=0
parse_opts "--busybox=busybox --module=module --scenario=scenario --env=env --action=action --out=out --peers=peers --kmods=kmods --bpf=bpf --watchdog=watchdog" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
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
TRANSPORT= CONSOLE_NOISE=
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
# TRANSPORT=console: the output files on the console even with the 9p share;
# CONSOLE_NOISE=1: EMERG lines on the console during the run (tests).
printf 'TRANSPORT=%q\nCONSOLE_NOISE=%q\n' "$TRANSPORT" "$CONSOLE_NOISE" >>"$stage/scenario.env"
if [ -n "$bpf" ]; then	# the static BPF sampler and its guest script
	cp "$bpf" "$stage/srcubench-bpf"
	cp "$SB_TOP/bpf/guest-run.sh" "$stage/guest-run.sh"
	mkdir -p "$stage/tmp"
fi
if [ -n "$kmods" ]; then
	mkdir -p "$stage/kmods"
	while read -r ko; do
		# busybox insmod takes plain .ko files: unpack .ko.xz/.ko.zst (6.12)
		name=$(basename "$ko") name=${name%.xz} name=${name%.zst}
		case "$ko" in
		*.xz) xz -dc "$ko" >"$stage/kmods/$name" ;;
		*.zst) zstd -qdc "$ko" >"$stage/kmods/$name" ;;
		*) cp "$ko" "$stage/kmods/$name" ;;
		esac
		echo "$name" >>"$stage/kmods/order"
	done <"$kmods"
fi
if [ "$action" = perf-ab ]; then
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
