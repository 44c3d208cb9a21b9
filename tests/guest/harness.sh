#!/usr/bin/env bash
# Guest tests of the harness itself (x86_64, Debian 6.1, qemu TCG):
#  - results over virtio-9p stay intact while the guest floods its console
#    with EMERG printks and a sysrq task dump during the run and while the
#    results are written (one boot); that boot also checks the vCPU cap of
#    a scenario asking for more vCPUs than host cores, the harness.host*
#    meta, and that a failing tools/codegen.sh is a labelled warning;
#  - perf A/B with a side that fails (B: ops=bogus, insmod -EINVAL) fails at
#    once, naming the side and why (one short boot);
#  - a guest that outlives its TIMEOUT, whether qemu ends on SIGTERM (124)
#    or needs the SIGKILL (137), is reported "timed out after N s" and not
#    booted again (a stand-in qemu that sleeps, no boot);
#  - --vcpus above the host's cores boots them with a WARNING (stand-in qemu);
#  - BPF=1 for a target of another architecture is refused with a clear
#    message, before anything is built, and run-arches.sh passes --bpf only
#    to the targets that can take it (no boot);
#  - tools/codegen.sh fails, saying why, with an objdump of another
#    architecture (no boot);
#  - fetch-kernel.sh against a loopback apt mirror out of sync: a verified
#    suite that has the kernel is used instead, else the unverified index is
#    used with a warning that says the .debs are unauthenticated (no boot).
# Correctness only: no timing is asserted. Ends with "N passed, M failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/lib.sh"
. "$top/tests/lib.sh"
out="$top/out/harness"
usage() { echo "usage: $0 [--out DIR]"; }
parse_opts "--out=out" "$@"
[ ${#SB_ARGS[@]} = 0 ] || usage_error "unexpected argument '${SB_ARGS[0]}'"
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
report="$top/build/report"
make -s -C "$top" build/report >/dev/null 2>&1 || ko "build/report" "does not build"
ncpu=$(nproc)
meta() { awk -v k="$1" '$1 == "meta" && $2 == k {print $3; exit}' "$2"; }

# --- 1. console noise during the run; results over 9p --------------------
n="$out/noise"
mkdir -p "$n"
cat >"$n.scenario" <<EOF
PARAMS="contexts=process,softirq,hardirq ops=empty,srcu,this_cpu_inc,racy_inc duration_ms=100 runs=3 gp=sync gp_ms=200"
VCPUS=$((ncpu + 2))
TIMEOUT=300
CONSOLE_NOISE=1
CODEGEN_OBJDUMP=false
EOF
if "$top/tools/run-guest.sh" --scenario "$n.scenario" --out "$n" >"$n.log" 2>&1; then
	ok "noisy boot: module loaded, results complete, console clean (log: $n.log)"
else
	ko "noisy boot" "run-guest.sh failed: $(grep error: "$n.log" | tail -n 1)"
fi
res="$n/results.txt"
nl=$(tr -d '\r' <"$n/console.log" 2>/dev/null | grep -c 'srcubench console-noise test line')
if [ "${nl:-0}" -ge 20 ] && grep -q '^noise [0-9]* lines' "$n/guest-status.txt" 2>/dev/null; then
	ok "the guest printed $nl EMERG noise lines on the console during the run"
else
	ko "noise" "only ${nl:-0} noise lines on the console"
fi
if [ "$(meta harness.transport "$res")" = 9p ] && [ -s "$n/guest/results.txt" ] && [ -s "$n/guest/status.txt" ] &&
	! tr -d '\r' <"$n/console.log" | grep -q '^@@SRCUBENCH BEGIN results'; then
	ok "results came over virtio-9p (OUT/guest/results.txt), not the console"
else
	ko "9p transport" "meta harness.transport '$(meta harness.transport "$res")', guest/: $(ls "$n/guest" 2>/dev/null | tr '\n' ' ')"
fi
# Every record has as many fields as its header names (an interleaved
# console line would cut or glue records), and nothing but records.
bad=$(awk '$1 == "#" { if (NF > 2) nf[$2] = NF - 2; next }
	$1 == "meta" { if (NF != 3) print NR ": " $0; next }
	($1 in nf) { if (NF - 1 != nf[$1]) print NR ": " $0; next }
	$1 == "end" || $1 == "op" { next }
	{ print NR ": " $0 }' "$n/guest/results.txt" 2>/dev/null | head -n 3)
nread=$(grep -c '^read ' "$n/guest/results.txt" 2>/dev/null)
# 3 runs x vCPUs x 3 contexts x 4 ops
want=$((3 * $(meta harness.vcpus "$res") * 3 * 4))
if [ -z "$bad" ] && [ "${nread:-0}" = "$want" ]; then
	ok "every record intact: $nread read records (3 runs x vCPUs x 3 contexts x 4 ops), each with its header's columns"
else
	ko "records" "read records ${nread:-0} of $want; malformed: $bad"
fi
if "$report" "$res" >"$n/report.txt" 2>"$n/report.err"; then
	ok "the reporter's strict parser takes the results"
else
	ko "reporter" "$(head -n 2 "$n/report.err" | tr '\n' ' ')"
fi
if [ "$(meta harness.vcpus "$res")" = "$ncpu" ] && grep -q "asks for $((ncpu + 2)) vCPUs and this host has $ncpu cores: booting $ncpu" "$n.log"; then
	ok "scenario VCPUS=$((ncpu + 2)) on $ncpu host cores: booted $ncpu, and said so"
else
	ko "vCPU cap" "meta harness.vcpus '$(meta harness.vcpus "$res")', host cores $ncpu"
fi
if [ "$(meta harness.host_cpus "$res")" = "$ncpu" ] && [ -n "$(meta harness.host_cpu_model "$res")" ] &&
	[ "$(meta harness.host "$res")" = "$(hostname)" ]; then
	ok "meta harness.host $(meta harness.host "$res"), host_cpus $ncpu, host_cpu_model $(meta harness.host_cpu_model "$res")"
else
	ko "host meta" "$(grep '^meta harness.host' "$res" | tr '\n' ' ')"
fi
if [ "$(meta harness.codegen "$res")" = failed ] && grep -q 'codegen: WARNING: tools/codegen.sh failed' "$n.log" &&
	! grep -q '^codegen ' "$res"; then
	ok "a failing codegen (objdump 'false') is 'meta harness.codegen failed' and a WARNING"
else
	ko "codegen failure" "meta harness.codegen '$(meta harness.codegen "$res")'"
fi

# --- 2. perf A/B with a failing side ---------------------------------------
a="$out/perf-ab"
cat >"$a.scenario" <<EOF
PARAMS="contexts=process duration_ms=50 runs=1 gp=none"
VCPUS=2
TIMEOUT=300
EOF
if "$top/tools/run-guest.sh" --scenario "$a.scenario" --action perf-ab --ab-a ops=srcu --ab-b ops=bogus \
	--pairs 3 --events task-clock --out "$a" --prebuilt "$n/build" >"$a.log" 2>&1; then
	ko "perf-ab, failing side B" "run-guest.sh succeeded"
else
	e=$(grep 'error:' "$a.log" | tail -n 1)
	if [[ "$e" = *"side B of pair 1 failed"* ]] && [[ "$e" = *"ops=bogus"* ]] &&
		grep -q 'Invalid argument' "$a/guest/perf-B-1-err.txt" 2>/dev/null; then
		ok "perf-ab fails naming the side and why: ${e#*error: }"
	else
		ko "perf-ab failing side" "message: ${e:-none}"
	fi
	if grep -q '^perf\.A\.1 0$' "$a/guest-status.txt" && ! grep -q '^perf\.A\.2 ' "$a/guest-status.txt"; then
		ok "perf-ab stopped at once: side A of pair 2 never ran"
	else
		ko "perf-ab stop" "$(grep '^perf\.' "$a/guest-status.txt" | tr '\n' ' ')"
	fi
fi

# --- 3. time-outs and --vcpus, with a stand-in qemu ------------------------
# fake-qemu IGNORE_TERM: answers --version, logs its arguments, sleeps
fake_qemu() {
	cat >"$out/qemu-$1" <<EOF
#!/bin/sh
[ "\$1" = --version ] && { echo "QEMU emulator version 0.0 (stand-in of tests/guest/harness.sh)"; exit 0; }
echo "\$*" >>"$out/qemu-$1.calls"
[ $1 = 0 ] || trap '' TERM
exec sleep 60
EOF
	chmod +x "$out/qemu-$1"
}
for ign in 0 1; do
	fake_qemu $ign
	t="$out/timeout-$ign"
	printf 'PARAMS="ops=empty"\nVCPUS=1\nTIMEOUT=6\nQEMU=%s\n' "$out/qemu-$ign" >"$t.scenario"
	vc=()
	[ $ign = 0 ] || vc=(--vcpus $((ncpu + 1)))
	"$top/tools/run-guest.sh" --scenario "$t.scenario" --out "$t" --prebuilt "$n/build" "${vc[@]}" >"$t.log" 2>&1
	rc=$?
	e=$(grep 'error:' "$t.log" | tail -n 1)
	what="qemu ends on SIGTERM"
	[ $ign = 0 ] || what="qemu ignores SIGTERM, SIGKILL 10 s later"
	if [ $rc != 0 ] && [[ "$e" = *"timed out after 6 s"* ]] && [ "$(wc -l <"$out/qemu-$ign.calls")" = 1 ]; then
		ok "time-out ($what): '${e#*error: }', one boot"
	else
		ko "time-out ($what)" "rc $rc, ${e:-no error}, $(wc -l <"$out/qemu-$ign.calls" 2>/dev/null) boots"
	fi
done
if grep -q -- "-smp $((ncpu + 1)) " "$out/qemu-1.calls" &&
	grep -q "WARNING: $((ncpu + 1)) vCPUs on $ncpu host cores (--vcpus $((ncpu + 1)))" "$out/timeout-1.log"; then
	ok "--vcpus $((ncpu + 1)) on $ncpu host cores: booted $((ncpu + 1)) with a WARNING"
else
	ko "--vcpus above host cores" "$(grep -o -- '-smp [0-9]*' "$out/qemu-1.calls")"
fi

# --- 4. BPF on a target of another architecture ----------------------------
host_karch=$(. "$top/configs/targets/x86_64"; echo "$KBUILD_ARCH")
other=arm64
[ "$(uname -m)" != aarch64 ] || other=x86_64
b="$out/bpf-$other"
if "$top/tools/run-guest.sh" --target "$other" --bpf --out "$b" >"$b.log" 2>&1; then
	ko "BPF=1 on $other" "run-guest.sh accepted --bpf"
elif grep -q "error: --bpf (BPF=1) on $other: .*no cross build" "$b.log" && [ ! -e "$b/build" ]; then
	ok "BPF=1 on $other refused before building: $(grep -o 'a loader for [^;]*' "$b.log")"
else
	ko "BPF=1 on $other" "$(tail -n 1 "$b.log")"
fi
bpf_arch=$([ "$other" = arm64 ] && echo arm64 || echo x86)
if make -s -C "$top/bpf" ARCH=$bpf_arch OUTPUT="$out/bpf-build" >"$out/bpf-make.log" 2>&1; then
	ko "make -C bpf ARCH=$bpf_arch" "built"
elif grep -q 'no cross build' "$out/bpf-make.log"; then
	ok "make -C bpf ARCH=$bpf_arch refuses: no cross build"
else
	ko "make -C bpf ARCH=$bpf_arch" "$(tail -n 1 "$out/bpf-make.log")"
fi
dry=$("$top/tools/run-arches.sh" --targets "x86_64 arm64" --bpf --dry-run --out "$out/arches" 2>"$out/arches.err")
host_t=x86_64
[ "$(uname -m)" != aarch64 ] || host_t=arm64
if echo "$dry" | grep -- "--target $host_t " | grep -q -- '--bpf' &&
	! echo "$dry" | grep -- "--target $other " | grep -q -- '--bpf' &&
	grep -q "bpf: skipped on $other" "$out/arches.err"; then
	ok "run-arches.sh --bpf: --bpf for $host_t, not for $other (skipped, and said so)"
else
	ko "run-arches.sh --bpf" "$(echo "$dry" | tr '\n' ' ')"
fi
: "$host_karch"

# --- 5. codegen with an objdump of another architecture --------------------
od=aarch64-linux-gnu-objdump
[ "$(uname -m)" != aarch64 ] || od=x86_64-linux-gnu-objdump
if ! command -v "$od" >/dev/null; then
	ko "codegen, foreign objdump" "$od is not installed (tools/deps.sh run)"
elif "$top/tools/codegen.sh" --objdump "$od" "$n/build/srcu_bench.ko" >"$out/codegen.txt" 2>"$out/codegen.err"; then
	ko "codegen, foreign objdump" "exited 0: $(head -n 2 "$out/codegen.txt" | tr '\n' ' ')"
elif [ ! -s "$out/codegen.txt" ] && grep -q . "$out/codegen.err"; then
	ok "codegen.sh with $od on an $(uname -m) module fails: $(head -n 1 "$out/codegen.err")"
else
	ko "codegen, foreign objdump" "output: $(head -n 2 "$out/codegen.txt" | tr '\n' ' ')"
fi
# --- 6. a mirror out of sync (fetch-kernel.sh, riscv64's path) ------------
# An apt repository on loopback (busybox httpd, [trusted=yes]: no key to
# make) with two suites; the Release of suite "stale" lists a Packages.xz
# size that the file does not have (what "Mirror sync in progress?" is).
# Fake kernel packages, no boot.
#  a) "good" has the kernel too: its suite is left out, nothing unverified;
#  b) only "stale" has it: used UNVERIFIED, and the warning says the .debs
#     are unauthenticated (not "still checked").
m="$out/mirror"
mkdir -p "$m/www/debian/pool"
mkdeb() { # mkdeb NAME VERSION DEPENDS [FILE...]: a fake amd64 .deb in the pool
	local d="$m/deb/$1" f
	mkdir -p "$d/DEBIAN"
	printf 'Package: %s\nVersion: %s\nArchitecture: amd64\nMaintainer: t <t@localhost>\nDescription: fake\n%s' \
		"$1" "$2" "${3:+Depends: $3\n}" | sed 's/\\n/\n/g' >"$d/DEBIAN/control"
	shift 3
	for f in "$@"; do mkdir -p "$d/$(dirname "$f")"; echo "fake" >"$d/$f"; chmod 755 "$d/$f"; done
	dpkg-deb -b -Zgzip "$d" "$m/www/debian/pool/${d##*/}.deb" >/dev/null
	f="$m/www/debian/pool/${d##*/}.deb"
	{ cat "$d/DEBIAN/control"
	  printf 'Filename: pool/%s\nSize: %s\nSHA256: %s\n\n' "${f##*/}" "$(stat -c %s "$f")" \
		"$(sha256sum <"$f" | cut -d' ' -f1)"; } >"$m/${d##*/}.stanza"
}
mkdeb linux-headers-fk 1.0-1 linux-headers-1.0-fk
mkdeb linux-headers-1.0-fk 1.0-1 "linux-headers-1.0-common, linux-kbuild-1.0" usr/src/linux-headers-1.0-fk/Makefile
mkdeb linux-headers-1.0-common 1.0-1 "" usr/src/linux-headers-1.0-common/Makefile
mkdeb linux-kbuild-1.0 1.0-1 "" usr/lib/linux-kbuild-1.0/Makefile
mkdeb linux-image-fk 1.0-1 linux-image-1.0-fk
mkdeb linux-image-1.0-fk 1.0-1 "" boot/vmlinuz-1.0-fk
mkdeb busybox-static 1.0-1 "" bin/busybox
mkdeb unrelated 1.0-1 ""
# suite SUITE PKG...: Packages.xz and a clearsigned InRelease for SUITE
suite() {
	local s=$1 d="$m/www/debian/dists/$1/main/binary-amd64" p f
	shift
	mkdir -p "$d"
	for p in "$@"; do cat "$m/$p.stanza"; done >"$d/Packages"
	xz -kf "$d/Packages"
	{ printf 'Origin: test\nSuite: %s\nCodename: %s\nDate: %s\nArchitectures: amd64\nComponents: main\nSHA256:\n' \
		"$s" "$s" "$(date -Ru)"
	  for f in Packages Packages.xz; do
		printf ' %s %s main/binary-amd64/%s\n' "$(sha256sum <"$d/$f" | cut -d' ' -f1)" \
			"$(( $(stat -c %s "$d/$f") + ${STALE:-0} ))" "$f"
	  done; } >"$m/www/debian/dists/$s/Release"
}
for try in 1 2 3 4 5; do	# a free loopback port
	port=$((20000 + (RANDOM % 20000)))
	busybox httpd -f -p "127.0.0.1:$port" -h "$m/www" &
	httpd=$!
	sleep 0.5
	! kill -0 "$httpd" 2>/dev/null || break
done
kpkgs="linux-headers-fk linux-headers-1.0-fk linux-headers-1.0-common linux-kbuild-1.0 linux-image-fk linux-image-1.0-fk"
for c in a b; do
	rm -rf "$m/www/debian/dists"
	if [ $c = a ]; then suite good $kpkgs busybox-static; STALE=7 suite stale unrelated
	else suite good busybox-static; STALE=7 suite stale $kpkgs; fi
	cat >"$m/fk-$c" <<EOF2
DEB_ARCH=amd64
KERNEL_FLAVOUR=fk
SOURCES_1_0="deb [trusted=yes] http://127.0.0.1:$port/debian good main
deb [trusted=yes] http://127.0.0.1:$port/debian stale main"
ALLOW_UNVERIFIED_INDEXES=1
EOF2
	"$top/tools/fetch-kernel.sh" --target "$m/fk-$c" --kver 1.0 --cache "$m/cache" >"$m/fetch-$c.log" 2>&1
	rc=$? envf="$m/cache/fk-$c-1.0/kernel.env"
	w=$(grep 'WARNING' "$m/fetch-$c.log" | head -n 1)
	if [ $c = a ]; then
		if [ $rc = 0 ] && grep -q '^UNVERIFIED=0$' "$envf" && [[ "$w" = *"left its suite out"* ]] &&
			[ ! -s "$m/cache/fk-$c-1.0/apt/unverified-indexes" ]; then
			ok "mirror out of sync, a verified suite has the kernel: the stale suite is left out, UNVERIFIED=0"
		else
			ko "mirror out of sync, verified fallback" "rc $rc, $(tail -n 2 "$m/fetch-$c.log" | tr '\n' ' ')"
		fi
	else
		if [ $rc = 0 ] && grep -q '^UNVERIFIED=1$' "$envf" && [[ "$w" = *"UNVERIFIED"*"unauthenticated"* ]] &&
			! grep -q 'still checked' "$m/fetch-$c.log" && [ -s "$m/cache/fk-$c-1.0/apt/unverified-indexes" ]; then
			ok "mirror out of sync, only the stale suite has the kernel: used UNVERIFIED, the warning says unauthenticated"
		else
			ko "mirror out of sync, unverified" "rc $rc, $(tail -n 2 "$m/fetch-$c.log" | tr '\n' ' ')"
		fi
	fi
done
kill "$httpd" 2>/dev/null
wait "$httpd" 2>/dev/null

finish
