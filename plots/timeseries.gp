# plots/timeseries.gp: cost per op over time from sample records, one panel
# per context.  name.dat:
#   index 0   env label, runs label, method, ylabel, logy, ymin, ymax, xmax, panels
#   index 1   per panel: first block index, blocks, context
#   index 2.. per (context, op): the op, then t (ms since the first sample),
#             value, cpu, run
load templates.'common.gp'
stats dat index 0 using (T1 = strcol(1), T2 = strcol(2), M = strcol(3), YL = strcol(4), LOGY = column(5), YMIN = column(6), YMAX = column(7), XMAX = column(8), NP = int(column(9)), 0) nooutput
H = NP > 1 ? 300 + 300 * NP : 700
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size W,H noenhanced font ',11'
	} else {
		set terminal svg size W,H noenhanced font 'sans,11' background '#ffffff'
	}
	set output name.'.'.fmt
	set multiplot layout NP,1 title "cost per op over time, from sample records (".M." between consecutive samples of one reader; one point per CPU and interval)\n".T1.", ".T2
	set xlabel 'time since the first sample (ms)'
	set ylabel YL
	set key outside right top
	set lmargin at screen 0.07
	set rmargin at screen 0.82
	set grid xtics ytics lc '#dddddd'
	set xrange [0:XMAX]
	if (LOGY > 0) { set logscale y } else { unset logscale y }
	set yrange [YMIN:YMAX]
	do for [p = 0:NP - 1] {
		stats dat index 1 every ::p::p using (FB = int(column(1)), NB = int(column(2)), CT = strcol(3), 0) nooutput
		set title CT
		plot for [b = FB:FB + NB - 1] dat index b using 1:2 with points pt 7 ps 0.8 lc rgb color(b - FB) title columnheader(1)
	}
	unset multiplot
	set output
}
