#!/bin/sh
# plot-names: names from a results file never become gnuplot or shell syntax.
# Two copies of the real example results file get shell and gnuplot
# metacharacters in every name field -- op, context, GP kind, meta kernel,
# meta arch, meta env, meta machine: a single-quoted gnuplot
# x'.system('>file').' (the op name that made gnuplot run a command), its
# double-quoted form, backquotes (gnuplot command substitution: what a
# backquoted meta kernel did), $(...) and ; | for a shell, @ for gnuplot
# macros, # and \\ -- each creating its own marker file.  The report, its
# plots and a re-render of every driver must run no command (no marker file
# appears), and every plot must still render with the names in its data.
# Usage (from the repository root): tests/unit/plot-names.sh [REPORT_BIN]
# Ends with "N passed, M failed"; exit status 1 on any failure.
. tests/lib.sh
bin=${1:-build/report}
fx=tests/unit/fixtures/example-x86_64-tcg.results
dir=build/plot-names

# evil T: a name with every metacharacter form, each creating its own marker
# file PWN<T><form> (">file" in sh creates it) in the working directory of
# whatever runs it: the report's, or gnuplot's (the plot directory)
evil() {
	printf '%s' "x'.system('>PWN$1q').'\".system(\">PWN$1d\").\"\`>PWN$1b\`\$(>PWN$1s);>PWN$1t|@x#\\"
}
pwned() { ls -d PWN* "$dir"/PWN* "$dir"/plots/PWN* 2>/dev/null; }
rm -rf "$dir" && mkdir -p "$dir" || exit 1
rm -f PWN*
op=$(evil o) ctx=$(evil c) kind=$(evil k) kernel=$(evil n) arch=$(evil a)
env=$(evil e) machine=$(evil m)
# awk, not sed: the names hold every character sed would read as syntax
mk() { # mk OUT ARCH ENV (names through ENVIRON: awk -v would read the backslash)
	A="$2" E="$3" OP="$op" CTX="$ctx" KIND="$kind" KERNEL="$kernel" MACHINE="$machine" awk '
		$1 == "meta" && $2 == "arch" { print "meta arch " ENVIRON["A"]; print "meta machine " ENVIRON["MACHINE"]; next }
		$1 == "meta" && $2 == "kernel" { print "meta kernel " ENVIRON["KERNEL"]; next }
		$1 == "meta" && $2 == "env" { print "meta env " ENVIRON["E"]; next }
		$1 == "gp" && $3 == "exp" { $3 = ENVIRON["KIND"] }
		{ for (i = 2; i <= NF; i++) { if ($i == "atomic_inc") $i = ENVIRON["OP"]; if ($i == "softirq") $i = ENVIRON["CTX"] } print }
	' "$fx" >"$1"
}
mk "$dir/a.results" "$arch" "$env"
mk "$dir/b.results" "arm64$arch" tcg
if grep -qF "$op" "$dir/a.results" && grep -qF "meta kernel $kernel" "$dir/b.results" &&
   grep -qF "meta env $env" "$dir/a.results"; then ok; else ko "the names did not go into the fixtures"; fi

"$bin" --plots "$dir/plots" --out "$dir/report.txt" "$dir/a.results" "$dir/b.results" 2>"$dir/stderr"
st=$?
if [ "$st" = 0 ]; then ok; else ko "report --plots: exit $st"; cat "$dir/stderr" >&2; fi
for f in json csv md; do
	"$bin" --format $f --out "$dir/report.$f" "$dir/a.results" "$dir/b.results" 2>/dev/null || ko "--format $f"
done
# every driver re-rendered by hand, as a user would
for g in "$dir"/plots/*.gp; do
	(cd "$dir/plots" && gnuplot "$(basename "$g")" 2>/dev/null) || ko "gnuplot $g"
done
p=$(pwned)
if [ -z "$p" ]; then ok; else ko "commands ran: they created" $p; fi
rm -f PWN*
for name in this_cpu_inc arches ops-1 ops-2 gp-cdf-1 percpu-1 percpu-2; do
	for ext in png svg; do
		size=$(stat -c %s "$dir/plots/$name.$ext" 2>/dev/null || echo 0)
		if [ "$size" -gt 2048 ]; then ok; else ko "$dir/plots/$name.$ext: $size bytes (want > 2048)"; fi
	done
	# the driver is file names only
	if [ "$(wc -l <"$dir/plots/$name.gp")" = 2 ] && ! grep -q 'system\|touch' "$dir/plots/$name.gp"; then ok
	else ko "$dir/plots/$name.gp holds more than file names"; fi
done
# the names are in the data, as labels (a double quote written as a single one)
q() { printf '%s' "$1" | tr '"' "'"; }
if grep -qF "$(q "$op")" "$dir/plots/ops-1.dat" && grep -qF "$(q "$ctx")" "$dir/plots/ops-1.dat" &&
   grep -qF "$(q "$kernel")" "$dir/plots/ops-1.dat" && grep -qF "$(q "$arch")" "$dir/plots/arches.dat"; then ok
else ko "the names are not in the plot data"; fi
if grep -qF "$(q "$op")" "$dir/plots/percpu-1.dat"; then ok; else ko "op name not among the per-CPU tick labels"; fi
finish
