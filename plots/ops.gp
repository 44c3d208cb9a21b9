# plots/ops.gp: net cost of every op per context (op - empty), one plot per
# (arch, kernel, env): ops-N.  Its data is the "cost" table of the report
# (the same rows as the text, JSON and CSV section), written by the generic
# path of report_plot.c:
# srcubench-data: section=cost columns=context,op,net_min,net_lo,net_hi,runs per=group
#   index 0  per table: title, env label, unit, rows
#   index 1  a header row, then per row: context, op, net, lo, hi, replicates
# The ops (empty left out) and contexts are taken in their first order in the
# table; the y axis is logarithmic when the positive nets span more than 30x
# (nets <= 0 are then not drawn, and the title says so).
load templates.'common.gp'
stats dat index 0 using (T1 = strcol(1), T2 = strcol(2), U = strcol(3), 0) nooutput
array OPS[64]
array CTX[16]
NO = 0
NC = 0
SK = 0
RUNS = 0
# the position of name s in list A of n entries, 0 if absent (recursive: no loops in expressions)
oidx(s, i) = i > NO ? 0 : (OPS[i] eq s ? i : oidx(s, i + 1))
cidx(s, i) = i > NC ? 0 : (CTX[i] eq s ? i : cidx(s, i + 1))
addop(s) = s eq 'empty' || oidx(s, 1) > 0 ? 0 : (NO = NO + 1, OPS[NO] = s, 1)
addctx(s) = cidx(s, 1) > 0 ? 0 : (NC = NC + 1, CTX[NC] = s, 1)
stats dat index 1 every ::1 using (addctx(strcol(1)), addop(strcol(2)), \
	SK = SK + (strcol(2) ne 'empty' && !(column(3) > 0)), \
	RUNS = (column(6) > RUNS ? column(6) : RUNS), 0) nooutput
NV = 0	# nets > 0 (none without an empty op: the plot then says so)
stats dat index 1 every ::1 using (NV = NV + (column(3) > 0), 0) nooutput
if (NV > 0) {
	stats dat index 1 every ::1 using (v = column(3), v > 0 ? v : NaN) nooutput
	LO = STATS_min
	HI = STATS_max
} else {
	LO = 1
	HI = 1
}
LOGY = HI / LO > 30
YMIN = LOGY ? LO / 3 : 0
YMAX = HI * (LOGY ? 3 : 1.25)
# line 3: the table title's "runs=R boots=B cpus=C" and what the error bars are
RB = strstrt(T1, ' runs=')
RL = (RB > 0 ? T1[RB + 1:] : '').(RUNS > 1 ? '; error bars: order-statistic interval of the median over replicates' : '; 1 replicate: no interval')
BW = 0.9 / NC	# one cluster per op, one bar per context
# bar c of op s's cluster; NaN (not drawn) for another context, empty, or a net the axis cannot show
bx(c) = strcol(1) eq CTX[c] && oidx(strcol(2), 1) > 0 && (!LOGY || column(3) > 0) ? \
	oidx(strcol(2), 1) - 0.45 + BW * (c - 0.5) : NaN
# an interval's ends: the point where there is none; one reaching 0 on the log axis drawn to the point
# the error bar of a bar with an interval (none where lo = hi = the point)
ex(c) = column(4) == column(5) ? NaN : bx(c)
blo(p, l) = l != l ? p : (LOGY && !(l > 0) ? p / 1.0001 : l)
bhi(p, h) = h != h ? p : h
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size W,H noenhanced font ',11'
	} else {
		set terminal svg size W,H noenhanced font 'sans,11' background '#ffffff'
	}
	set output name.'.'.fmt
	set grid ytics lc '#dddddd'
	set key top left Left reverse opaque box spacing 1.4
	set title "net cost per op (min - empty's min, paired per CPU, median over replicates)". \
		(LOGY && SK > 0 ? ' (values <= 0 not drawn on the log axis)' : '').(NV > 0 ? '' : ': none (no empty op?)')."\n".T2."\n".RL
	set ylabel 'net '.U.(LOGY ? ', log scale' : '')
	set style fill solid 0.75 border -1
	set boxwidth BW * 0.9 absolute
	set xtics rotate by 30 right nomirror
	set xtics () 
	do for [i = 1:NO] { set xtics add (OPS[i] i) }
	set bmargin 7
	if (LOGY) { set logscale y } else { unset logscale y }
	set yrange [YMIN:YMAX]
	set xrange [0.4:NO + 0.6]
	plot for [c = 1:NC] dat index 1 every ::1 using (bx(c)):(column(3)) with boxes lc rgb color(c - 1) title CTX[c], \
	     for [c = 1:NC] '' index 1 every ::1 using (ex(c)):(p = column(3), l = blo(p, column(4))):(0):(bhi(p, column(5)) - l) \
		with vectors heads size screen 0.004,90 lc rgb '#000000' lw 1 notitle
	set output
}
