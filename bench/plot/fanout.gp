# The fan-out ramp against the offered rate, Herald and nchan: achieved deliveries/s (with the
# trivial sender's, the generator's own ceiling) and p99 latency. `herald-bench report` writes the
# data to img/fanout.dat; run.sh draws it with: gnuplot -e "dir='OUT/img'" bench/plot/fanout.gp
# Block 0: offered, achieved Herald, achieved nchan, p99 ms Herald, p99 ms nchan; block 1: the
# trivial sender's offered, achieved. NaN where a server did not reach the step.
data = dir . "/fanout.dat"
set terminal svg size 720,400 dynamic font "sans,12" background "white"
set datafile missing NaN
# Herald, nchan and the trivial sender in the same colours on both charts.
set linetype 1 lc rgb "#1f77b4" lw 2 pt 7
set linetype 2 lc rgb "#d62728" lw 2 pt 7
set linetype 3 lc rgb "#2ca02c" lw 2 pt 7
set key outside right top
set grid
set xrange [0:*]
set xlabel "offered deliveries/s"
set format x "%.0s%c"
set format y "%.0s%c"

set output dir . "/fanout-throughput.svg"
set ylabel "achieved deliveries/s"
set yrange [0:*]
plot data index 0 using 1:2 with linespoints title "herald", \
     "" index 0 using 1:3 with linespoints title "nchan", \
     "" index 1 using 1:2 with linespoints title "trivial sender", \
     x with lines dt 2 lc "gray" title "offered"

set output dir . "/fanout-p99.svg"
set ylabel "p99 latency (ms, log)"
set logscale y
set yrange [*:*]
set format y "%g"
plot data index 0 using 1:4 with linespoints title "herald", \
     "" index 0 using 1:5 with linespoints title "nchan"
