# plots/common.gp: loaded by every srcubench plot template first.
# The driver NAME.gp in a plot directory sets
#   name       the plot's file name stem (NAME.dat in, NAME.png and NAME.svg out)
#   templates  this directory, with a trailing '/'
# Edit these templates to restyle every plot; re-render one plot with
#   cd PLOTDIR && gnuplot NAME.gp
#
# Every label comes from NAME.dat as a string value (strcol, columnheader,
# xtic): nothing of a results file is ever gnuplot syntax.  The data is
# tab-separated with no comment lines ('#' in a name is data); '?' is a
# missing value.
set datafile separator "\t"
set datafile commentschars ""
set datafile missing '?'
dat = name.'.dat'
colors = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
color(i) = word(colors, int(i) % 10 + 1)
# Terminal size of the figure; a template may change W and H before its loop.
W = 1200
H = 700
