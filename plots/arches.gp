# plots/arches.gp: the architectures side by side, four panels.  name.dat:
#   index 0  row 0: the figure's title; rows 1-4: per panel title, ylabel,
#            1 if it has data
#   index 1  timed this_cpu_inc vs __this_cpu_inc: a header row, then
#            column/context, ns/op lo hi, ns/op lo hi
#   index 2  icount instructions beyond the empty loop: column/context, this, __this
#   index 3  lost % of expected: column, then four series (header row names them)
#   index 4  GP latency under load: column, then per kind p50 p50 p99
load templates.'common.gp'
W = 1500
H = 1100
array PT[5]
array PY[5]
array PD[5]
do for [p = 0:4] {
	stats dat index 0 every ::p::p using (PT[p + 1] = strcol(1), PY[p + 1] = strcol(2), PD[p + 1] = int(column(3)), 0) nooutput
}
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size W,H noenhanced font ',11'
	} else {
		set terminal svg size W,H noenhanced font 'sans,11' background '#ffffff'
	}
	set output name.'.'.fmt
	set grid ytics lc '#dddddd'
	set key top left Left reverse opaque box spacing 1.4
	set multiplot layout 2,2 title PT[1]
	set style data histogram
	set style fill solid 0.75 border -1
	set boxwidth 0.9
	set xtics nomirror rotate by -45 font ',9'
	do for [p = 1:4] {
		set title PT[p + 1]
		set ylabel PY[p + 1]
		unset logscale y
		set yrange [0:*]
		if (!PD[p + 1]) {
			set label 1 "no data in these results" at graph 0.5,0.5 center
			plot [0:1][0:1] NaN notitle
			unset label 1
		} else {
			if (p == 1) {
				set style histogram errorbars gap 1 lw 1.2
				plot dat index 1 using 2:3:4:xtic(1) title columnheader(2) lc rgb color(0), \
				     '' index 1 using 5:6:7 title columnheader(5) lc rgb color(1)
			}
			if (p == 2) {
				set style histogram clustered gap 1
				plot dat index 2 using 2:xtic(1) title columnheader(2) lc rgb color(0), \
				     '' index 2 using 3 title columnheader(3) lc rgb color(1)
			}
			if (p == 3) {
				set style histogram clustered gap 1
				plot for [c = 2:5] dat index 3 using c:xtic(1) title columnheader(c) lc rgb word("#1f77b4 #ff7f0e #17becf #d62728", c - 1)
			}
			if (p == 4) {
				set style histogram errorbars gap 1 lw 1.2
				set logscale y
				set yrange [*:*]
				plot dat index 4 using 2:3:4:xtic(1) title columnheader(2) lc rgb color(2), \
				     '' index 4 using 5:6:7 title columnheader(5) lc rgb color(5)
			}
		}
	}
	unset multiplot
	set output
}
