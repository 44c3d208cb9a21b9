# plots/gp-cdf.gp: grace-period latency CDF, from the gphist histograms
# pooled over runs (cumulative fraction at each bucket's upper edge, linear
# within a bucket), or, for files without gphist records, through the
# recorded percentiles min, p50, p90, p99, p99.9, max.  name.dat:
#   index 0   env label, runs label, latency unit, curves, how they were drawn
#   index k+1 curve k: its legend, then latency and fraction of GPs <= it
load templates.'common.gp'
stats dat index 0 using (T1 = strcol(1), T2 = strcol(2), XU = strcol(3), NK = int(column(4)), HOW = strcol(5), 0) nooutput
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size W,H noenhanced font ',11'
	} else {
		set terminal svg size W,H noenhanced font 'sans,11' background '#ffffff'
	}
	set output name.'.'.fmt
	set title "grace-period latency CDF ".HOW."\n".T1.", ".T2
	set xlabel "grace-period latency, ".XU." (log scale; k = 10^3, M = 10^6)"
	set ylabel "fraction of grace periods <= x"
	set logscale x
	set format x '%.0s%c'
	set yrange [0:1.02]
	set ytics 0.1
	set grid xtics ytics lc '#dddddd'
	set key bottom right opaque box spacing 1.4
	plot for [k = 1:NK] dat index k using 1:2 with lines lw 2 lc rgb color(k - 1) title columnheader(1), \
	     for [k = 1:NK] dat index k using 1:2 with points pt 7 ps 0.8 lc rgb color(k - 1) notitle
	set output
}
