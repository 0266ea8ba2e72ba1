# The median of numbers sorted in ascending order, one per line on standard input (sort -n first), with 3 decimals;
# of an even count, the lower middle one.
#   sort -n | awk -f median.awk
# Used by scripts/bench/sql.sh (explain_ms: the median execution time of repeated EXPLAIN ANALYZE runs).

{ v[NR] = $1 }

END { printf "%.3f", v[int((NR + 1) / 2)] }
