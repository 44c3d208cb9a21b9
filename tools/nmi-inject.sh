#!/usr/bin/env bash
# Host-side NMI injector for the module's nmi reader context (x86_64 under
# qemu TCG, which emulates no PMU): sends qemu's monitor command "nmi" at a
# steady rate through the monitor FIFOs that tools/run-guest.sh --nmi-hz
# gives qemu (-monitor pipe:BASE: BASE.in, BASE.out), from the guest's first
# status line on the console until qemu goes away. Writes "sent N" to LOG.
# Never for ppc64el: there qemu's nmi is a system reset (the guest panics).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "usage: $0 --monitor BASE --hz N --console FILE --log FILE"; }
base='' hz='' console='' log=''
parse_opts "--monitor=base --hz=hz --console=console --log=log" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
[ -n "$base" ] && [ -n "$console" ] && [ -n "$log" ] || { usage >&2; exit 2; }
case "$hz" in ''|*[!0-9]*|0) echo "$0: --hz: '$hz' is not a positive number" >&2; exit 2 ;; esac

period=$(awk -v hz="$hz" 'BEGIN { printf "%.4f", 1 / hz }')
sent=0
echo "sent 0 (waiting for the guest)" >"$log"
# qemu's replies, drained so that it never blocks on a full FIFO.
cat "$base.out" >"$base.log" 2>/dev/null &
drain=$!
# shellcheck disable=SC2064
trap "kill $drain 2>/dev/null; echo \"sent \$sent\" >'$log'; exit 0" TERM INT
# Not before the guest's init runs: an NMI in early boot has no use.
until grep -q '@@SRCUBENCH STATUS' "$console" 2>/dev/null; do sleep 0.5; done
exec 3>"$base.in" || exit 1
trap '' PIPE	# qemu gone: the write fails and the loop ends
while echo nmi >&3 2>/dev/null; do
	sent=$((sent + 1))
	sleep "$period"
done
kill "$drain" 2>/dev/null
echo "sent $sent" >"$log"
