#!/usr/bin/env bash
# Print, in load order (dependencies first), the .ko files a set of modules
# needs from a kernel's module tree. usage: tools/guest-modules.sh MODDIR MOD...
set -euo pipefail
case "${1:-}" in -h|--help) echo "usage: $0 MODDIR MODULE..."; exit 0 ;; esac
[ $# -ge 2 ] && [ -d "$1" ] || { echo "usage: $0 MODDIR MODULE..." >&2; exit 2; }
moddir=$1; shift
declare -A seen=()
visit() {
	local m=$1 f d
	[ -z "${seen[$m]:-}" ] || return 0
	seen[$m]=1
	f=$(find "$moddir" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" | head -n 1)
	[ -n "$f" ] || { echo "$0: module '$m' not in $moddir (built in?)" >&2; return 0; }
	for d in $(modinfo -F depends "$f" | tr ',' ' '); do visit "$d"; done
	echo "$f"
}
for m in "$@"; do visit "$m"; done
