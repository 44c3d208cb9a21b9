#!/usr/bin/env bash
# Kernel coding style: checkpatch.pl --no-tree -f on every module source,
# from Debian's linux-source tarball. Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"
src=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | tail -n 1)
[ -n "$src" ] || { echo "no /usr/src/linux-source-*.tar.xz: apt-get install linux-source-6.1" >&2; exit 1; }
dir=${TMPDIR:-/tmp}/srcubench-checkpatch
base=$(basename "$src" .tar.xz)
cp_pl=$dir/$base/scripts/checkpatch.pl
if [ ! -f "$cp_pl" ]; then
	mkdir -p "$dir"
	tar -C "$dir" -xJf "$src" "$base/scripts/checkpatch.pl" "$base/scripts/spelling.txt" \
		"$base/scripts/const_structs.checkpatch" || exit 1
fi
for f in "$top"/module/*.[ch]; do
	case "$f" in *.mod.c) continue ;; esac
	out=$(perl "$cp_pl" --no-tree --terse --show-types -f "$f" 2>&1 | grep -E ': (ERROR|WARNING|CHECK):')
	if [ -z "$out" ]; then ok "checkpatch ${f#"$top"/}"
	else ko "checkpatch ${f#"$top"/}:"; echo "$out"; fi
done
finish
