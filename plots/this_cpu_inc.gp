# plots/this_cpu_inc.gp: this_cpu_inc vs __this_cpu_inc per context, one panel
# per (arch, kernel, env).  name.dat:
#   index 0    one row per panel: title, subtitle, ylabel, ymax, contexts
#   index p+1  panel p: a header row, then context, this_cpu_inc ns/op lo hi,
#              __this_cpu_inc ns/op lo hi (min: the headline statistic of
#              report_stats; lo hi its order-statistic interval); the context
#              label carries the comparison's verdict (same code, sig, n.s.)
load templates.'common.gp'
stats dat index 0 using (1) nooutput
NP = int(STATS_records)
COLS = NP < 3 ? NP : 3
ROWS = int((NP + 2) / 3)
W = COLS > 2 ? 1400 : 1200
H = ROWS > 1 ? 600 * ROWS : 700
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size W,H noenhanced font ',11'
	} else {
		set terminal svg size W,H noenhanced font 'sans,11' background '#ffffff'
	}
	set output name.'.'.fmt
	set grid ytics lc '#dddddd'
	set key top left Left reverse opaque box spacing 1.4
	set style data histogram
	set style histogram errorbars gap 1 lw 1.5
	set style fill solid 0.75 border -1
	set boxwidth 0.9
	set xtics nomirror
	set multiplot layout ROWS,COLS title "this_cpu_inc vs __this_cpu_inc: min cost per op (smallest batch of the largest classes, median over CPUs, then over replicates; incl. loop overhead)\nerror bars: order-statistic interval of the median over replicates (a replicate is a boot and run, never a CPU); labels: the comparison's verdict"
	do for [p = 0:NP - 1] {
		stats dat index 0 every ::p::p using (T1 = strcol(1), T2 = strcol(2), YL = strcol(3), YMAX = column(4), NC = column(5), 0) nooutput
		set title T1."\n".T2
		set ylabel YL
		set yrange [0:YMAX]
		set xrange [-0.6:NC - 0.4]
		plot dat index p + 1 using 2:3:4:xtic(1) title columnheader(2) lc rgb color(0), \
		     '' index p + 1 using 5:6:7 title columnheader(5) lc rgb color(1)
	}
	unset multiplot
	set output
}
