#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the srcubench test definition as a real LAVA job on this machine:
# lava-run (Debian's lava-dispatcher, no server) boots Debian's kernel and
# the lab/qemu ramdisk in qemu TCG and runs lab/test-definitions' srcubench.
set -euo pipefail
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../tools/lib.sh"

usage() {
	cat <<EOT
usage: $0 [--target x86_64|arm64] [--kver SERIES] [--scenario NAME] [--params 'P']
          [--host NAME] [--vcpus N] [--machine M] [--out DIR] [--cache DIR] [--validate-only]
Builds srcu_bench.ko for the target's Debian kernel (tools/build-module.sh),
packs the ramdisk (lab/qemu/mkramdisk.sh) and the test definition with the
module (a tarball of lab/, configs/scenarios, module/, dkms.conf and
lab/modules/<krel>/srcu_bench.ko), renders the qemu device dictionary from
lava-server's device-type templates (apt-get download lava-server, cached in
CACHE/lava-server), fills lab/jobs/qemu-<target>.yaml, validates job and
test definition with lava_common's schemas and runs lava-run as root.
Writes DIR/job.yaml, DIR/device.yaml, DIR/lava.log (lava-run's stderr: the
job log, one YAML record a line), DIR/result.txt (the test cases LAVA
recorded, as result.txt lines: case result [measurement units]) and
DIR/results.txt (the module's results file, from the log). --host names the
guest (meta host); --machine gives qemu's -M (x86_64: pc, q35; arm64: virt;
the guest's DMI product name, meta machine, follows it).
Needs: tools/deps.sh lava.
EOT
}
target=x86_64 kver='' scenario=quick params='' host='' vcpus=2 out="$SB_TOP/out/lava" cache="$SB_TOP/cache" validate_only=0 machine=''
parse_opts "--target=target --kver=kver --scenario=scenario --params=params --host=host --vcpus=vcpus --machine=machine --out=out --cache=cache --validate-only=validate_only:1" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
case "$target" in
x86_64) larch=amd64 ;;
arm64) larch=arm64 ;;
*) die "--target: the LAVA qemu job exists for x86_64 and arm64, not '$target'" ;;
esac
case "$vcpus" in 1|2) ;; *) die "--vcpus: 1 or 2 (this machine's limit for a guest)" ;; esac
[ "$(id -u)" = 0 ] || die "lava-run must run as root"
[ -x /usr/bin/lava-run ] || die "no lava-run: tools/deps.sh lava"
PY=/usr/bin/python3	# lava_common is in Debian's python, not in another python3 on PATH
load_target "$target"
kver=${kver:-${KVER_DEFAULT:-6.1}}
host=${host:-qemu-$target}
mkdir -p "$out" "$cache"
out=$(cd "$out" && pwd)

# The module for the target's kernel, the ramdisk and the test definition.
ko=$("$SB_TOP/tools/build-module.sh" --target "$target" --kver "$kver" --cache "$cache" --out "$out/build")
# shellcheck disable=SC1090
. "$cache/$target-$kver/kernel.env"
"$SB_TOP/lab/qemu/mkramdisk.sh" "$BUSYBOX" "$out/ramdisk.cpio.gz"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/lab/modules/$KREL" "$stage/configs"
cp -r "$SB_TOP/lab/test-definitions" "$stage/lab/"
cp -r "$SB_TOP/configs/scenarios" "$stage/configs/"
mkdir -p "$stage/module" && cp "$SB_TOP"/module/*.[ch] "$SB_TOP/module/Kbuild" "$SB_TOP/module/Makefile" "$stage/module/"
[ ! -f "$SB_TOP/dkms.conf" ] || cp "$SB_TOP/dkms.conf" "$stage/"
cp "$ko" "$stage/lab/modules/$KREL/"
tar -C "$stage" -czf "$out/testdef.tar.gz" .

# The device dictionary, rendered from lava-server's qemu device type.
tdir="$cache/lava-server/usr/share/lava-server/device-types"
if [ ! -f "$tdir/qemu.jinja2" ]; then
	log "lava: fetching lava-server's device-type templates (apt-get download lava-server)"
	(
		flock 9
		if [ ! -f "$tdir/qemu.jinja2" ]; then
			d=$(mktemp -d)
			(cd "$d" && apt-get download -q lava-server >/dev/null 2>&1) || die "apt-get download lava-server failed"
			dpkg-deb -x "$d"/lava-server_*.deb "$cache/lava-server"
			rm -rf "$d"
		fi
	) 9>"$cache/.lava-server.lock"
fi
case "$machine" in ''|[a-z0-9]*) ;; *) die "--machine: '$machine' is not a qemu machine name" ;; esac
if [ "$target" = arm64 ]; then
	dev_vars="{% set cpu = 'max,pauth=off' %}{% set machine = '${machine:-virt}' %}"
	mopt=
else	# qemu.jinja2 sets no -machine for amd64
	dev_vars="{% set cpu = 'qemu64' %}"
	mopt=${machine:+"'-machine $machine', "}
fi
cat >"$out/device.jinja2" <<EOT
{% extends 'qemu.jinja2' %}
{% set arch = '$larch' %}
{% set no_kvm = True %}
{% set netdevice = 'user' %}
{% set memory = 1024 %}
$dev_vars
{% set extra_options = [$mopt'-accel tcg,thread=multi', '-smp $vcpus'] %}
EOT
"$PY" - "$out" "$tdir" <<'EOT'
import sys, jinja2, yaml
out, tdir = sys.argv[1:3]
env = jinja2.Environment(loader=jinja2.FileSystemLoader([out, tdir]), trim_blocks=True, autoescape=False)
text = env.get_template("device.jinja2").render()
yaml.safe_load(text)
open(out + "/device.yaml", "w").write(text)
EOT
[ "$target" = x86_64 ] || sed -i '/- -cpu cortex-a57/d' "$out/device.yaml"	# the template's default, beside ours

# The job: lab/jobs/qemu-<target>.yaml with this run's files and settings.
esc() { printf '%s' "$1" | sed 's/[\\&|]/\\&/g'; }
sed -e "s|@KERNEL_URL@|file://$(esc "$VMLINUZ")|" -e "s|@RAMDISK_URL@|file://$out/ramdisk.cpio.gz|" \
	-e "s|@TESTDEF_URL@|file://$out/testdef.tar.gz|" -e "s|@SCENARIO@|$(esc "$scenario")|g" \
	-e "s|@PARAMS@|$(esc "$params")|" -e "s|@KREL@|$KREL|" -e "s|@HOST@|$(esc "$host")|" \
	"$SB_TOP/lab/jobs/qemu-$target.yaml" >"$out/job.yaml"
"$PY" - "$out/job.yaml" "$SB_TOP/lab/test-definitions/automated/linux/srcubench/srcubench.yaml" <<'EOT'
import sys, yaml
from lava_common.schemas import validate
from lava_common.schemas.test.testdef import validate as validate_testdef
validate(yaml.safe_load(open(sys.argv[1])))
validate_testdef(yaml.safe_load(open(sys.argv[2])))
print("lava: job and test definition valid (lava_common schemas)")
EOT
[ $validate_only = 0 ] || exit 0

id="srcubench-$target-$$"
log "lava: lava-run job $id: $target $KREL, $vcpus vCPUs, TCG, scenario $scenario"
rm -rf "$out/lava-output"
rc=0
timeout -k 10 1500 "$PY" /usr/bin/lava-run --job-id "$id" --output-dir "$out/lava-output" \
	--device "$out/device.yaml" "$out/job.yaml" 2>"$out/lava.log" >"$out/lava-stdout.log" || rc=$?
rm -rf "/var/lib/lava/dispatcher/tmp/$id"
log "lava: lava-run exited with status $rc"
"$PY" "$SB_TOP/lab/lava-log.py" "$out/lava.log" --cases "$out/result.txt" --results "$out/results.txt" ||
	{ tail -n 40 "$out/lava.log" >&2; die "no srcubench results in the job log $out/lava.log"; }
[ $rc = 0 ] || die "lava-run failed (status $rc), see $out/lava.log"
