#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mkramdisk.sh BUSYBOX OUT.cpio.gz: the LAVA qemu ramdisk, a busybox-static
# and lab/qemu/init, as a gzip'd newc cpio (the job's ramdisk has format
# cpio.newc, compression gz, overlays: {lava: true}: LAVA unpacks it, adds
# its test shell and packs it again).
set -eu
if [ $# != 2 ] || [ ! -x "$1" ]; then
	echo "usage: $0 BUSYBOX OUT.cpio.gz" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/usr/sbin" "$stage/proc" "$stage/sys" \
	"$stage/dev" "$stage/tmp" "$stage/root" "$stage/etc"
cp "$1" "$stage/bin/busybox"
cp "$here/init" "$stage/init"
chmod 755 "$stage/init"
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -9) >"$2"
