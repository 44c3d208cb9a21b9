#!/usr/bin/env bash
# Install, from Debian's archive, the packages srcubench needs for a job.
# usage: tools/deps.sh run [TARGET...]|bpf|test|all|lava|dkms|host
#   (as root; installs only what is missing)
# run: the base (build the module, pack the initramfs, the reporter) plus,
#   per target (configs/targets), its qemu and, unless it is this machine's
#   own arch, its cross compiler. Targets: the arguments, else
#   $SB_DEPS_TARGETS (the Makefile's TARGET or ARCHES), else x86_64. So
#   make run on x86_64 installs no cross compiler and no other qemu; a target
#   installs its own when first asked for.
# bpf: run + the BPF sampler's toolchain. test, all: every target, BPF, and
#   the fuzzer's runtime (make test). lava: lava-dispatcher and lava-common
#   (about 140 packages: only for the LAVA test and make lava). dkms: dkms.
#   host: what make run-host needs on the machine itself (headers aside).
# SB_DEPS_PRINT=1: print the job's package list, one a line, install nothing.
set -euo pipefail

all_targets="x86_64 arm64 ppc64el s390x riscv64"
bpf=(clang llvm linux-source-6.1 libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev)
base=(make gcc gcc-12 libc6-dev libelf-dev cpio gzip xz-utils busybox-static ca-certificates
      libjansson-dev libgsl-dev pkg-config gnuplot-nox linux-perf kmod jq)
host_deb=$(dpkg --print-architecture 2>/dev/null || echo amd64)

target_pkgs() { # target_pkgs TARGET: its qemu and (when not native) cross gcc
	local deb qemu cc
	case "$1" in
	x86_64) deb=amd64 qemu=qemu-system-x86 cc=gcc-x86-64-linux-gnu ;;
	arm64) deb=arm64 qemu=qemu-system-arm cc=gcc-aarch64-linux-gnu ;;
	ppc64el) deb=ppc64el qemu=qemu-system-ppc cc=gcc-powerpc64le-linux-gnu ;;
	# qemu-system-misc has s390x and riscv64 in bookworm (OpenSBI with it)
	s390x) deb=s390x qemu=qemu-system-misc cc=gcc-s390x-linux-gnu ;;
	riscv64) deb=riscv64 qemu=qemu-system-misc cc=gcc-riscv64-linux-gnu ;;
	*) echo "$0: unknown target '$1' (have: $all_targets)" >&2; exit 2 ;;
	esac
	echo "$qemu"
	[ "$deb" = "$host_deb" ] || echo "$cc"
}

job=${1:-}
[ $# -gt 0 ] && shift
pkgs=()
case "$job" in
run)	targets=("$@")
	[ $# -gt 0 ] || read -ra targets <<<"${SB_DEPS_TARGETS:-x86_64}"
	for t in "${targets[@]}"; do mapfile -t -O "${#pkgs[@]}" pkgs < <(target_pkgs "$t"); done
	pkgs+=("${base[@]}") ;;
bpf)	pkgs+=("${base[@]}" "${bpf[@]}"); mapfile -t -O "${#pkgs[@]}" pkgs < <(target_pkgs x86_64) ;;
test|all)
	for t in $all_targets; do mapfile -t -O "${#pkgs[@]}" pkgs < <(target_pkgs "$t"); done
	pkgs+=("${base[@]}" "${bpf[@]}" libclang-rt-14-dev python3) ;;
lava)	pkgs=(lava-dispatcher lava-common) ;;
dkms)	pkgs=(dkms make gcc) ;;
host)	pkgs=(make gcc kmod libjansson-dev pkg-config gnuplot-nox) ;;
-h|--help)
	sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
*)	echo "$0: expected run [TARGET...], bpf, test, all, lava, dkms or host (see --help)" >&2; exit 2 ;;
esac

if [ "${SB_DEPS_PRINT:-0}" = 1 ]; then
	printf '%s\n' "${pkgs[@]}" | awk '!seen[$0]++'
	exit 0
fi
missing=()
for p in "${pkgs[@]}"; do
	case " ${missing[*]} " in *" $p "*) continue ;; esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "$0: missing packages: ${missing[*]}; run as root or install them" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
