#!/usr/bin/env bash
# Install, from Debian's archive, the packages srcubench needs for a job.
# usage: tools/deps.sh run|bpf|test|all   (as root; installs only what is missing)
set -euo pipefail

case "${1:-}" in
run)	set -- ;;
bpf)	set -- clang llvm linux-source-6.1 libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev ;;
test)	set -- clang llvm libclang-rt-14-dev linux-source-6.1 libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev ;;
all)	set -- clang llvm libclang-rt-14-dev linux-source-6.1 libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev ;;
-h|--help)
	echo "usage: $0 run|bpf|test|all  - apt-get install what srcubench needs (root)"; exit 0 ;;
*)	echo "$0: expected run, bpf, test or all (see --help)" >&2; exit 2 ;;
esac
# The other targets (configs/targets): Debian's cross compilers and qemu
# (qemu-system-misc has s390x and riscv64 in bookworm; OpenSBI comes with it).
cross=(gcc-aarch64-linux-gnu gcc-powerpc64le-linux-gnu gcc-s390x-linux-gnu gcc-riscv64-linux-gnu
       qemu-system-arm qemu-system-ppc qemu-system-misc xz-utils)
pkgs=(make gcc gcc-12 libc6-dev libelf-dev cpio gzip busybox-static qemu-system-x86 "${cross[@]}"
      ca-certificates libjansson-dev libgsl-dev pkg-config gnuplot-nox linux-perf kmod "$@")

missing=()
for p in "${pkgs[@]}"; do
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
