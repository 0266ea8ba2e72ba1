# The cumulative buckets of a Prometheus histogram as "le count" lines, from a text exposition on standard input.
#   awk -v name=SERIES{ [-v filter=TEXT] -f histogram-buckets.awk
# name: the _bucket series followed by "{"; filter: text the line must also hold (a label, e.g. type="invoice").
# Prints one line per bucket: its upper bound as written (seconds, or +Inf) and its cumulative count.
# Used by scripts/bench/common.sh (histogram_buckets); bucket-quantile.awk reads two such snapshots.

index($0, name) == 1 && index($0, filter) {
    match($0, /le="[^"]*"/); print substr($0, RSTART + 4, RLENGTH - 5), $NF }
