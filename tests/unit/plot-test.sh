#!/bin/sh
# plot-test: render every plot from the real example results file (a TCG run
# of the module in qemu) and check that each NAME.gp/.dat exists and each
# NAME.png/.svg is non-trivial (> 2 KB); then re-render one from its script
# alone.  Usage (from the repository root): tests/unit/plot-test.sh [REPORT_BIN]
# Ends with "N passed, M failed"; exit status 1 on any failure.
bin=${1:-build/report}
fx=tests/unit/fixtures/example-x86_64-tcg.results
dir=build/plot-test
tag=x86_64-6.1.0-56-amd64-tcg
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL $*" >&2; }

rm -rf "$dir" && mkdir -p "$dir" || exit 1
if "$bin" --plots "$dir" --out "$dir/report.txt" "$fx" 2>"$dir/stderr"; then ok; else ko "report --plots exit status"; fi
if grep -q "timeseries-$tag (time series) skipped: no sample records" "$dir/stderr"; then ok
else ko "no sample records: the skipped time series is not noted on stderr"; fi
for name in this_cpu_inc "ops-$tag" "gp-cdf-$tag" "percpu-$tag"; do
	for ext in gp dat; do
		if [ -s "$dir/$name.$ext" ]; then ok; else ko "$dir/$name.$ext missing"; fi
	done
	for ext in png svg; do
		size=$(stat -c %s "$dir/$name.$ext" 2>/dev/null || echo 0)
		if [ "$size" -gt 2048 ]; then ok; else ko "$dir/$name.$ext: $size bytes (want > 2048)"; fi
	done
	# titles/axes carry the unit, kernel, arch and "emulated (TCG)"
	if grep -q 'emulated (TCG)' "$dir/$name.gp" && grep -q '6.1.0-56-amd64' "$dir/$name.gp" &&
	   grep -q 'x86_64' "$dir/$name.gp" && grep -q 'ns' "$dir/$name.gp"; then ok
	else ko "$dir/$name.gp: title/labels lack arch, kernel, unit or 'emulated (TCG)'"; fi
done
if head -c 8 "$dir/this_cpu_inc.png" | od -An -c | grep -q 'P   N   G'; then ok; else ko "this_cpu_inc.png is not a PNG"; fi
if grep -q '<svg' "$dir/this_cpu_inc.svg"; then ok; else ko "this_cpu_inc.svg is not SVG"; fi
rm -f "$dir/percpu-$tag.png"
if (cd "$dir" && gnuplot "percpu-$tag.gp") && [ "$(stat -c %s "$dir/percpu-$tag.png")" -gt 2048 ]; then ok
else ko "gnuplot percpu-$tag.gp does not re-render"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
