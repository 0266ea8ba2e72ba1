# A metric's value summed over its series, from a Prometheus text exposition on standard input.
#   awk -v name=METRIC [-v filter=TEXT] -f metric-sum.awk
# name: the start of the lines to add up (the metric's name); filter: text the line must also hold (a label, e.g.
# type="invoice"), empty for every series. Prints the sum as an integer (0 when no line matched).
# Used by scripts/bench/common.sh (metric_sum).

index($0, name) == 1 && (filter == "" || index($0, filter)) { s += $NF }

END { printf "%.0f", s }
