#!/bin/sh
# plot-test: render every plot from the real example results file (a TCG run
# of the module in qemu) and check that each NAME.dat/.gp exists and each
# NAME.png/.svg is non-trivial (> 2 KB); that the labels (arch, kernel, unit,
# "emulated (TCG)") are in the data and the driver is two lines naming files
# only; re-render one from its driver alone, and one after restyling its
# template (a copy of plots/ given with --templates); every template in plots/
# draws a plot of the fixtures (found by listing plots/).  Then the metacharacter
# test (tests/unit/plot-names.sh).
# Usage (from the repository root): tests/unit/plot-test.sh [REPORT_BIN]
# Ends with "N passed, M failed"; exit status 1 on any failure.
. tests/lib.sh
bin=${1:-build/report}
fx=tests/unit/fixtures/example-x86_64-tcg.results
dir=build/plot-test

rm -rf "$dir" && mkdir -p "$dir" || exit 1
if "$bin" --plots "$dir" --out "$dir/report.txt" "$fx" 2>"$dir/stderr"; then ok; else ko "report --plots exit status"; cat "$dir/stderr" >&2; fi
if grep -q "timeseries-1 (time series) skipped: no sample records" "$dir/stderr"; then ok
else ko "no sample records: the skipped time series is not noted on stderr"; fi
if grep -q "^1	x86_64	6.1.0-56-amd64	tcg$" "$dir/index.tsv"; then ok; else ko "index.tsv does not map 1 to x86_64 6.1.0-56-amd64 tcg"; fi
for name in this_cpu_inc ops-1 gp-cdf-1 percpu-1; do
	for ext in gp dat; do
		if [ -s "$dir/$name.$ext" ]; then ok; else ko "$dir/$name.$ext missing"; fi
	done
	for ext in png svg; do
		size=$(stat -c %s "$dir/$name.$ext" 2>/dev/null || echo 0)
		if [ "$size" -gt 2048 ]; then ok; else ko "$dir/$name.$ext: $size bytes (want > 2048)"; fi
	done
	# titles/axes carry the unit, kernel, arch and "emulated (TCG)": in the data
	if grep -q 'emulated (TCG)' "$dir/$name.dat" && grep -q '6.1.0-56-amd64' "$dir/$name.dat" &&
	   grep -q 'x86_64' "$dir/$name.dat" && grep -q 'ns' "$dir/$name.dat"; then ok
	else ko "$dir/$name.dat: labels lack arch, kernel, unit or 'emulated (TCG)'"; fi
	# the driver: two lines, file names only
	if [ "$(wc -l <"$dir/$name.gp")" = 2 ] && ! grep -q 'x86_64\|6.1.0' "$dir/$name.gp"; then ok
	else ko "$dir/$name.gp is not a two-line driver of file names"; fi
done
if head -c 8 "$dir/this_cpu_inc.png" | od -An -c | grep -q 'P   N   G'; then ok; else ko "this_cpu_inc.png is not a PNG"; fi
if grep -q '<svg' "$dir/this_cpu_inc.svg"; then ok; else ko "this_cpu_inc.svg is not SVG"; fi
rm -f "$dir/percpu-1.png"
if (cd "$dir" && gnuplot "percpu-1.gp") && [ "$(stat -c %s "$dir/percpu-1.png")" -gt 2048 ]; then ok
else ko "gnuplot percpu-1.gp does not re-render"; fi
# restyle: a template copy with another colour list, given with --templates
rm -rf "$dir/tmpl" && cp -r plots "$dir/tmpl" &&
	sed -i 's/^colors = .*/colors = "#000000 #000000 #000000 #000000 #000000 #000000 #000000 #000000 #000000 #000000"/' "$dir/tmpl/common.gp"
if "$bin" --templates "$dir/tmpl" --plots "$dir/restyled" --out /dev/null "$fx" 2>/dev/null &&
   grep -q "$(cd "$dir/tmpl" && pwd)" "$dir/restyled/ops-1.gp" &&
   ! cmp -s "$dir/ops-1.svg" "$dir/restyled/ops-1.svg" && grep -q '#000000\|rgb(0, 0, 0)\|black' "$dir/restyled/ops-1.svg" &&
   grep -q 'rgb( *31, *119, *180)' "$dir/ops-1.svg" && ! grep -q 'rgb( *31, *119, *180)' "$dir/restyled/ops-1.svg"; then ok
else ko "--templates: a restyled template copy is not used"; fi
if SRCUBENCH_PLOTS=/nonexistent "$bin" --plots "$dir/none" --out /dev/null "$fx" 2>"$dir/stderr2"; then
	ko "SRCUBENCH_PLOTS=/nonexistent: exit 0"
elif grep -q "/nonexistent" "$dir/stderr2"; then ok; else ko "SRCUBENCH_PLOTS=/nonexistent: no message"; fi
# every template in plots/ is rendered: a newcomer's plots/NEW.gp is checked
# here without editing this file.  The fixtures together hold every kind of
# data (samples for the time series, a second arch for arches); a template
# whose data only a guest run has is named in guest_only, with the test that
# renders it.
guest_only="cover-letter"	# tests/guest/cover-letter.sh
all="$dir/all"
"$bin" --plots "$all" --out /dev/null "$fx" tests/unit/fixtures/samples.results \
	tests/unit/fixtures/arm64-tcg-3runs.results 2>"$dir/stderr-all" || ko "report --plots (every template): exit status"
for t in plots/*.gp; do
	k=$(basename "$t" .gp)
	case " common $guest_only " in *" $k "*) continue ;; esac
	drv=$(grep -l "^load templates.'$k.gp'\$" "$all"/*.gp 2>/dev/null | head -n 1)
	png=${drv%.gp}.png
	if [ -n "$drv" ] && [ "$(stat -c %s "$png" 2>/dev/null || echo 0)" -gt 2048 ] &&
	   [ "$(stat -c %s "${drv%.gp}.svg" 2>/dev/null || echo 0)" -gt 2048 ]; then ok
	else ko "template $t: no plot of the fixtures is drawn with it (no driver loading it, or its png/svg <= 2 KB)"; fi
done
if grep -q '^".*\.gp" line [0-9]*: [^w]' "$dir/stderr-all"; then ko "gnuplot errors: $(grep '\.gp" line' "$dir/stderr-all" | head -n 3)"; else ok; fi
# the generic path: a template naming its table (srcubench-data:) gets that
# table's rows, with the env label; a bad directive is an error naming the
# template and line
if grep -q 'emulated (TCG)' "$all/lost-1.dat" && grep -q '^racy_inc	' "$all/lost-1.dat"; then ok
else ko "lost-1.dat (section=lost): no env label or no racy_inc row"; fi
for bad in 'section=lost columns=op per=groups' 'section=lost colums=op' 'section=lost' 'section=lost columns=op,nosuch'; do
	rm -rf "$dir/badt" && cp -r plots "$dir/badt" && sed -i "s/^# srcubench-data: .*/# srcubench-data: $bad/" "$dir/badt/lost.gp"
	if "$bin" --templates "$dir/badt" --plots "$dir/bad" --out /dev/null "$fx" 2>"$dir/stderr-bad"; then
		ko "srcubench-data: $bad: exit 0"
	elif grep -q "badt/lost.gp" "$dir/stderr-bad"; then ok
	else ko "srcubench-data: $bad: the message does not name the template: $(cat "$dir/stderr-bad")"; fi
done
if grep -q 'lost.gp:5: srcubench-data: bad or unknown .colums=op.' "$dir/stderr-bad" 2>/dev/null ||
   { sed -i "s/^# srcubench-data: .*/# srcubench-data: section=lost colums=op/" "$dir/badt/lost.gp" &&
     ! "$bin" --templates "$dir/badt" --plots "$dir/bad" --out /dev/null "$fx" 2>"$dir/stderr-bad" &&
     grep -q "lost.gp:5: srcubench-data: bad or unknown 'colums=op'" "$dir/stderr-bad"; }; then ok
else ko "an unknown srcubench-data key is not reported with its line: $(cat "$dir/stderr-bad")"; fi
# a directive template may not take a built-in plot's name: an error naming it
rm -rf "$dir/clash" && cp -r plots "$dir/clash" && for b in percpu timeseries; do
	sed -n '1p' plots/lost.gp >"$dir/clash/$b.gp.new" &&
	echo '# srcubench-data: section=lost columns=op,lost_pct' >>"$dir/clash/$b.gp.new" &&
	tail -n +2 "$dir/clash/$b.gp" >>"$dir/clash/$b.gp.new" && mv "$dir/clash/$b.gp.new" "$dir/clash/$b.gp"
	if "$bin" --templates "$dir/clash" --plots "$dir/clash-out" --out /dev/null "$fx" 2>"$dir/stderr-clash"; then
		ko "a directive template named $b.gp (a built-in plot): exit 0"
	elif grep -q "clash/$b.gp: srcubench-data: the plot kind '$b' is a built-in plot" "$dir/stderr-clash"; then ok
	else ko "a directive template named $b.gp: the message does not name it: $(cat "$dir/stderr-clash")"; fi
	cp plots/$b.gp "$dir/clash/$b.gp"
done
# names with shell and gnuplot metacharacters in every field run no command
sh tests/unit/plot-names.sh "$bin" >"$dir/names.out"
grep '^FAIL' "$dir/names.out"
line=$(tail -n 1 "$dir/names.out")
case "$line" in
*" passed, "*" failed") pass=$((pass + ${line%% passed*})); f=${line#*passed, }; failed=$((failed + ${f%% failed*})) ;;
*) ko "plot-names.sh printed no tally" ;;
esac
finish
