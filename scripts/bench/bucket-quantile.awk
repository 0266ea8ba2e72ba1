# The smallest bucket bound (ms) holding at least a quantile of what a histogram counted between two snapshots.
#   awk -v q=QUANTILE -f bucket-quantile.awk BEFORE_FILE AFTER_FILE
# Both files hold "le count" lines as histogram-buckets.awk prints them (bound in seconds, cumulative count), the
# bounds in ascending order, +Inf last. Prints the bound in ms (rounded), "inf" when only +Inf holds the quantile,
# nothing when nothing was counted in between.
# Used by scripts/bench/common.sh (bucket_quantile).

NR == FNR { before[$1] = $2; next }
{ le[++n] = $1; count[n] = $2 - before[$1] }
END { total = count[n]; for (i = 1; i <= n; i++) if (total > 0 && count[i] >= q * total) {
    printf "%s", le[i] == "+Inf" ? "inf" : sprintf("%.0f", le[i] * 1000); exit } }
