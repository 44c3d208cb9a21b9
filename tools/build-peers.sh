#!/usr/bin/env bash
# Build the kernel's own SRCU benchmarks -- torture.ko, refscale.ko and
# rcuscale.ko -- out of tree for a fetched guest kernel, from Debian's
# linux-source package of the same version. Their source is taken from the
# package at build time and never copied into this repository.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<EOT
usage: $0 [--target x86_64] [--kver 6.1] [--cache DIR] --out DIR
Needs the kernel fetched first (tools/fetch-kernel.sh, same --cache).
Downloads linux-source-<series> at the kernel's package version with the
cache's private apt state, extracts kernel/torture.c, kernel/rcu/refscale.c,
kernel/rcu/rcuscale.c and kernel/rcu/rcu.h, and builds them against the
kernel's headers into DIR/{torture,refscale,rcuscale}.ko.
EOT
}
target=x86_64 kver=6.1 cache="$SB_TOP/cache" out=
parse_opts "--target=target --kver=kver --cache=cache --out=out" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
[ -n "$out" ] || die "--out is required"
load_target "$target"
cache=$(cd "$cache" && pwd)
dir="$cache/$target-$kver"
[ -f "$dir/kernel.env" ] || die "no kernel in $dir: run tools/fetch-kernel.sh --target $target --kver $kver first"
# shellcheck disable=SC1090
. "$dir/kernel.env"
series=$(echo "$KVERSION" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
srcdeb=$(ls "$dir"/debs/linux-source-"$series"_*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$srcdeb" ]; then
	log "peers: fetching linux-source-$series=$KVERSION (about 140 MB)"
	(cd "$dir/debs" && apt-get -o "Dir::State::Lists=$dir/apt/lists" \
		-o "Dir::Etc::SourceList=$dir/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o "Dir::Cache=$dir/apt/cache" -o "Dir::State::status=$dir/apt/status" \
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root -q \
		download "linux-source-$series=$KVERSION" >"$dir/apt/source.log" 2>&1) ||
		die "cannot download linux-source-$series=$KVERSION, see $dir/apt/source.log"
	srcdeb=$(ls "$dir"/debs/linux-source-"$series"_*.deb | head -n 1)
fi
src="$dir/peers-src"
if [ ! -f "$src/rcuscale.c" ]; then
	rm -rf "$src" && mkdir -p "$src/tmp"
	dpkg-deb --fsys-tarfile "$srcdeb" | tar -x -C "$src/tmp" --wildcards './usr/src/linux-source-*.tar.xz'
	tarball=$(ls "$src"/tmp/usr/src/linux-source-*.tar.xz)
	base=$(basename "$tarball" .tar.xz)
	tar -xJf "$tarball" -C "$src/tmp" "$base/kernel/torture.c" "$base/kernel/rcu/refscale.c" \
		"$base/kernel/rcu/rcuscale.c" "$base/kernel/rcu/rcu.h"
	mv "$src/tmp/$base/kernel/torture.c" "$src/tmp/$base"/kernel/rcu/*.[ch] "$src/"
	rm -rf "$src/tmp"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
cp "$src"/*.[ch] "$out/"
mkdir -p "$out/rcu" && cp "$src/rcu.h" "$out/rcu/"	# torture.c: #include "rcu/rcu.h"
printf 'obj-m := torture.o refscale.o rcuscale.o\n' >"$out/Kbuild"
log "peers: building torture.ko refscale.ko rcuscale.ko for $KREL"
kbuild_modules "$kver" "$cache" "$out" "$out/build.log"
ls "$out"/torture.ko "$out"/refscale.ko "$out"/rcuscale.ko >/dev/null
