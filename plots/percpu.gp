# plots/percpu.gp: per-CPU cost per op, one point per CPU and run.  name.dat:
#   index 0    env label, runs label, ylabel, logy, xmax, contexts
#   index 1    the x tics: position, op
#   index c+2  context c: its name, then x, ns/op, op, cpu, run
load templates.'common.gp'
stats dat index 0 using (T1 = strcol(1), T2 = strcol(2), YL = strcol(3), LOGY = column(4), XMAX = column(5), NC = int(column(6)), 0) nooutput
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size W,H noenhanced font ',11'
	} else {
		set terminal svg size W,H noenhanced font 'sans,11' background '#ffffff'
	}
	set output name.'.'.fmt
	set title "per-CPU cost per op (one point per CPU and run, CPUs side by side; mean ns/ops of a read record, includes interference)\n".T1.", ".T2
	set ylabel YL
	set xrange [-0.6:XMAX + 0.6]
	set bmargin 7
	set grid xtics ytics lc '#dddddd'
	set key top left Left reverse opaque box spacing 1.4
	set xtics rotate by 30 right nomirror
	if (LOGY > 0) { set logscale y } else { unset logscale y }
	plot dat index 1 using 1:(NaN):xtic(2) notitle, \
	     for [c = 1:NC] dat index c + 1 using 1:2 with points pt 2 + 2 * c ps 1 lc rgb color(c - 1) title columnheader(1)
	set output
}
