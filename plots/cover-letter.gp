# plots/cover-letter.gp: the cover-letter table of one (arch, kernel, env):
# the 2017 bug, fix 1, fix 2, fix 3, srcu_fast, the model with this_cpu_inc and
# the checker's broken grace period.  name.dat:
#   index 0    title (arch, kernel, env), unit
#   index 1    a header row, then per row: label, reader ns/op in process,
#              softirq and hardirq context (median of per-CPU p50s, no writer),
#              premature, |imbalance|, stalled (counts over every run),
#              expedited IPIs per expedited grace period (reader CPUs)
load templates.'common.gp'
stats dat index 0 using (T1 = strcol(1), U = strcol(2), 0) nooutput
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size 1500,650 noenhanced font ',11'
	} else {
		set terminal svg size 1500,650 noenhanced font 'sans,11' background '#ffffff'
	}
	set output name.'.'.fmt
	set grid ytics lc '#dddddd'
	set style data histogram
	set style histogram clustered gap 1
	set style fill solid 0.75 border -1
	set boxwidth 0.9
	set xtics nomirror rotate by -30
	set key top left opaque box
	set multiplot layout 1,3 title "Cover letter: are there better ways to fix this?  ".T1
	set title "reader cost per checked section (no writer)"
	set ylabel U
	set logscale y
	plot dat index 1 using 2:xtic(1) title columnheader(2) lc rgb color(0), \
	     '' index 1 using 3 title columnheader(3) lc rgb color(1), \
	     '' index 1 using 4 title columnheader(4) lc rgb color(2)
	set title "failures over every run (count + 1, log)"
	set ylabel "count + 1"
	plot dat index 1 using ($5 + 1):xtic(1) title columnheader(5) lc rgb color(3), \
	     '' index 1 using ($6 + 1) title columnheader(6) lc rgb color(4), \
	     '' index 1 using ($7 + 1) title columnheader(7) lc rgb color(5)
	unset logscale y
	set title "expedited-RCU IPIs to reader CPUs per expedited GP"
	set ylabel "IPIs per GP"
	set yrange [0:*]
	plot dat index 1 using 8:xtic(1) title columnheader(8) lc rgb color(0)
	unset multiplot
	set output
}
