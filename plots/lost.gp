# plots/lost.gp: lost updates, % of the increments expected, per op and
# context set, one plot per (arch, kernel, env): lost-N.  Its data is the
# "lost" table of the report (the same rows as the text, JSON and CSV
# section), written by the generic path of report_plot.c:
# srcubench-data: section=lost columns=op,context,lost_pct,lost,expected per=group
#   index 0  per table: title, env label, unit, rows
#   index 1  a header row, then per row: op, context, lost %, lost, expected
load templates.'common.gp'
stats dat index 0 using (T1 = strcol(1), T2 = strcol(2), U = strcol(3), NR = column(4), 0) nooutput
stats dat index 1 every ::1 using 3 nooutput
YMAX = STATS_max > 0 ? STATS_max * 1.25 : 1
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size W,H noenhanced font ',11'
	} else {
		set terminal svg size W,H noenhanced font 'sans,11' background '#ffffff'
	}
	set output name.'.'.fmt
	set grid ytics lc '#dddddd'
	set title T1."\n".T2."\nlost = expected - observed increments of one shared counter, totals over runs and CPUs (labels: lost / expected)"
	set ylabel 'lost, % of the increments expected'
	set style fill solid 0.75 border -1
	set boxwidth 0.7
	set xtics rotate by 30 right nomirror
	set bmargin 9
	set lmargin 22
	set yrange [0:YMAX]
	set xrange [-0.6:NR - 0.4]

	set key autotitle columnheader	# the header row is a header, not a point
	unset key
	plot dat index 1 using 0:3:xtic(strcol(1).' / '.strcol(2)) with boxes lc rgb color(3), \
	     '' index 1 using 0:3:(sprintf('%.0f / %.0f', column(4), column(5))) with labels offset 0,0.8 font ',8'
	set output
}
