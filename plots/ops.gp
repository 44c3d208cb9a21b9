# plots/ops.gp: net cost of every op per context (op - empty).  name.dat:
#   index 0  title, env label, runs label, ylabel, logy, ymin, ymax, contexts
#   index 1  a header row (op, then per context: its name, lo, hi), then per
#            op: name, then per context net ns/op, ci_lo, ci_hi
load templates.'common.gp'
stats dat index 0 using (T1 = strcol(1), T2 = strcol(2), T3 = strcol(3), YL = strcol(4), LOGY = column(5), YMIN = column(6), YMAX = column(7), NC = int(column(8)), 0) nooutput
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size W,H noenhanced font ',11'
	} else {
		set terminal svg size W,H noenhanced font 'sans,11' background '#ffffff'
	}
	set output name.'.'.fmt
	set grid ytics lc '#dddddd'
	set key top left Left reverse opaque box spacing 1.4
	set title T1."\n".T2."\n".T3
	set ylabel YL
	set style data histogram
	set style histogram errorbars gap 1 lw 1
	set style fill solid 0.75 border -1
	set boxwidth 0.9
	set xtics rotate by 30 right nomirror
	set bmargin 7
	if (LOGY > 0) { set logscale y } else { unset logscale y }
	set yrange [YMIN:YMAX]
	plot for [c = 1:NC] dat index 1 using 3*c-1:3*c:3*c+1:xtic(1) title columnheader(3*c-1) lc rgb color(c - 1)
	set output
}
