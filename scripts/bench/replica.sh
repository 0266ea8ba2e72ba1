# shellcheck shell=bash disable=SC2034
# (SC2034: REPLICA_STOPPED is read by cleanup, scripts/bench/common.sh.)
# ./fastshop bench, section 10: reads on the local PostgreSQL streaming replica (issue 23). The share of the catalog's
# reads the replica served under browse traffic, from each server's own pg_stat_database; the replica stopped
# mid-run and started again; the CPU a read costs there (moved off the primary); read-your-writes counted over 1,000
# writes each read back at once; the replica's replay lag during the order run (sampled by replica_lag_sampler).
# Sourced by scripts/cmd-bench.sh, never run; uses scripts/bench/common.sh.
# section_replica: figures replica_share_pct, replica_stopped_errors, replica_stopped_replica_reads,
# replica_back_share_pct, replica_cpu_us_per_read, primary_cpu_us_per_read, ryw_catalog_violations,
# ryw_order_violations; replica_lag_sampler start|stop: replica_lag_p99_ms, replica_lag_max_ms.

# Transactions committed in the catalog database of the server on PORT, as that server counts them.
db_commits() { # PORT
    PG_PORT=$1 psql_catalog -c "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
}
# The processes of a PostgreSQL cluster: Debian names them after it ("postgres: 15/main: …").
cluster_pids() { pgrep -f "postgres: $(pg_major)/$1" | tr '\n' ' '; }

replica_streams() {
    [[ ${FASTSHOP_PG_REPLICA:-on} != off && -n $(pg_replica_lag) ]] &&
        [[ $(metric_sum "$CATALOG_MPORT" fastshop_db_replica_fit) == 1 ]]
}

# Browse traffic: searches and listings over many page sizes, so that most requests miss the page cache (5 s).
browse_paths() {
    local limit term
    for limit in $(seq 1 40); do
        tail -n +2 "$ROOT/load-tests/src/test/resources/search-terms.csv" |
            while read -r term; do echo "/products?limit=$limit&q=${term// /%20}"; done
        echo "/products?limit=$limit&sort=price"
        echo "/products?limit=$limit&sort=-price"
    done >"$WORK/paths-browse"
}

# Transactions per second each server commits in the catalog database with no load: the services' replica monitors
# (two small queries a second), relays, health checks. Subtracted from the browse runs' counts.
background_rates() {
    local r0 p0 t0
    t0=$EPOCHREALTIME r0=$(db_commits "$PG_REPLICA_PORT") p0=$(db_commits "$PG_PORT")
    sleep 10
    BG_REPLICA=$(calc "($(db_commits "$PG_REPLICA_PORT") - $r0) / ($EPOCHREALTIME - $t0)" 3)
    BG_PRIMARY=$(calc "($(db_commits "$PG_PORT") - $p0) / ($EPOCHREALTIME - $t0)" 3)
    say "without load: $BG_REPLICA transactions/s on the replica, $BG_PRIMARY on the primary (subtracted below)"
}

# One browse run of SECONDS: sets SHARE (the replica's share of the transactions the load added, %), D_REPLICA,
# D_PRIMARY and the CPU ticks each cluster spent (T_REPLICA, T_PRIMARY). The servers flush a busy backend's
# statistics at most once a second and an idle one's 10 s after its last query: the counters are read after that.
browse_run() { # LABEL SECONDS
    local r0 p0 t0 t0r t0p replica_pids primary_pids window
    replica_pids=$(cluster_pids "$PG_REPLICA_CLUSTER") primary_pids=$(cluster_pids main)
    t0=$EPOCHREALTIME r0=$(db_commits "$PG_REPLICA_PORT") p0=$(db_commits "$PG_PORT")
    # shellcheck disable=SC2086 # lists of pids
    t0r=$(cpu_ticks $replica_pids) t0p=$(cpu_ticks $primary_pids)
    wrk_run "$1" "http://$HOST:$CATALOG_PORT" "$WORK/paths-browse" "$LAT_CONNECTIONS" "$2" 0 || return 1
    # shellcheck disable=SC2086
    T_REPLICA=$(($(cpu_ticks $replica_pids) - t0r)) T_PRIMARY=$(($(cpu_ticks $primary_pids) - t0p))
    sleep 11
    window=$(calc "$EPOCHREALTIME - $t0" 3)
    D_REPLICA=$(calc "$(db_commits "$PG_REPLICA_PORT") - $r0 - $BG_REPLICA * $window" 0)
    D_PRIMARY=$(calc "$(db_commits "$PG_PORT") - $p0 - $BG_PRIMARY * $window" 0)
    ((D_REPLICA < 0)) && D_REPLICA=0
    ((D_PRIMARY < 0)) && D_PRIMARY=0
    SHARE=$(calc "100 * $D_REPLICA / ($D_REPLICA + $D_PRIMARY + 0.000001)" 1)
    say "the load added $D_REPLICA transactions on the replica, $D_PRIMARY on the primary: ${SHARE} % on the replica"
}

section_replica() {
    step "10. reads on the PostgreSQL streaming replica: share, replica stopped mid-run, read-your-writes"
    if ! is_root; then
        skip "replica reads" "stopping and starting the local replica needs root"
        return 0
    fi
    if ! replica_streams; then
        skip "replica reads" "no local streaming replica, or the catalog does not read from it (FASTSHOP_PG_REPLICA=off?)"
        return 0
    fi
    browse_paths
    background_rates
    wrk_run "browse (warm-up)" "http://$HOST:$CATALOG_PORT" "$WORK/paths-browse" "$LAT_CONNECTIONS" "$WARM" 0 >/dev/null || true

    if browse_run "browse, replica healthy" "$RUN"; then
        fig replica_share_pct "$SHARE"
        ratio "catalog reads served by the replica, healthy (its pg_stat_database)" "$SHARE %" "≥ 95 %"
        ((D_REPLICA > 0)) && fig replica_cpu_us_per_read "$(calc "$T_REPLICA * 1000000 / $CLK_TCK / $D_REPLICA" 0)"
        fig replica_reads "$D_REPLICA"
    fi

    # Stopped mid-run: the stop lands a third into the run, while requests are in flight.
    local before_replica stopper
    before_replica=$(metric_sum "$CATALOG_MPORT" fastshop_db_reads_total 'target="replica"')
    REPLICA_STOPPED=1 # cleanup starts it again if the run ends before this section does
    (sleep "$(calc "$RUN / 3" 1)" && stop_pg_replica >/dev/null) &
    stopper=$!
    if wrk_run "browse, replica stopped mid-run" "http://$HOST:$CATALOG_PORT" "$WORK/paths-browse" "$LAT_CONNECTIONS" "$RUN" 0; then
        fig replica_stopped_errors "$R_ERRORS"
        ratio "5xx and failed requests while the replica stops" "$R_ERRORS" "= 0"
    fi
    wait "$stopper" || true
    # With the replica down, every read is the primary's: its CPU per transaction, for the CPU moved off it.
    local p0 t0p primary_pids after_stop
    primary_pids=$(cluster_pids main) p0=$(db_commits "$PG_PORT")
    after_stop=$(metric_sum "$CATALOG_MPORT" fastshop_db_reads_total 'target="replica"')
    # shellcheck disable=SC2086
    t0p=$(cpu_ticks $primary_pids)
    wrk_run "browse, replica down" "http://$HOST:$CATALOG_PORT" "$WORK/paths-browse" "$LAT_CONNECTIONS" "$RUN" 0 || true
    # shellcheck disable=SC2086
    T_PRIMARY=$(($(cpu_ticks $primary_pids) - t0p))
    fig replica_stopped_replica_reads $(($(metric_sum "$CATALOG_MPORT" fastshop_db_reads_total 'target="replica"') - after_stop))
    ratio "reads sent to the stopped replica (the catalog's count)" "${FIG[replica_stopped_replica_reads]}" "= 0"
    say "reads routed to the replica before it stopped: $((after_stop - before_replica))"
    local t0=$EPOCHREALTIME
    sleep 11
    local d_primary
    d_primary=$(calc "$(db_commits "$PG_PORT") - $p0 - $BG_PRIMARY * ($EPOCHREALTIME - $t0 + $RUN)" 0)
    ((d_primary > 0)) && fig primary_cpu_us_per_read "$(calc "$T_PRIMARY * 1000000 / $CLK_TCK / $d_primary" 0)"

    # Back: started the way ./fastshop up starts it; the catalog's monitor finds it within a check interval.
    ensure_pg_replica
    REPLICA_STOPPED=''
    local deadline=$((SECONDS + 30))
    until [[ $(metric_sum "$CATALOG_MPORT" fastshop_db_replica_fit) == 1 ]] || ((SECONDS > deadline)); do sleep 0.2; done
    if browse_run "browse, replica back" "$RUN"; then
        fig replica_back_share_pct "$SHARE"
        ratio "catalog reads served by the replica after its restart" "$SHARE %" "≥ 95 %"
    fi
    [[ -n ${FIG[replica_cpu_us_per_read]:-} ]] &&
        say "CPU per transaction: ${FIG[replica_cpu_us_per_read]} µs on the replica, ${FIG[primary_cpu_us_per_read]:-?} µs on the primary serving the same reads"

    section_read_your_writes
}

# 1,000 writes, each read back at once (load-tests/bench/read_your_writes.py): through a catalog with its cache off
# (the GET then reads the database) and through the gateway for orders (the write's Fastshop-Read-After sent back).
section_read_your_writes() {
    if [[ -z $TOKEN ]]; then
        skip "read-your-writes" "no JWT (./fastshop token)"
        return 0
    fi
    if ! start_extra catalog-nocache catalog CATALOG_CACHE_ENABLED=false; then
        skip "read-your-writes" "a catalog instance with CATALOG_CACHE_ENABLED=false did not start"
        return 0
    fi
    order_ids
    local admin product line
    admin=$("$ROOT/fastshop" token bench-admin --admin 2>/dev/null)
    product=$(head -1 "$WORK/ids")
    printf '    %-44s … ' "read-your-writes, 1,000 writes each"
    line=$(python3 -B "$BENCH/read_your_writes.py" --catalog "http://$HOST:${EXTRA_PORT[catalog-nocache]}" \
        --admin-token "$admin" --product "$product" --orders "http://$HOST:$GATEWAY_PORT/api" --token "$TOKEN" \
        --product-ids "$WORK/order-ids" -n 1000 2>&1 | tail -1)
    stop_extra catalog-nocache
    echo "$line"
    [[ $line == RESULT* ]] || { skip "read-your-writes" "the checker failed: $line"; return 0; }
    fig ryw_catalog_violations "$(result_field catalog_violations "$line")"
    fig ryw_order_violations "$(result_field order_violations "$line")"
    ratio "read-your-writes violations, product PATCH → GET (cache off)" "${FIG[ryw_catalog_violations]}" "= 0"
    ratio "read-your-writes violations, order POST → list with its position" "${FIG[ryw_order_violations]}" "= 0"
    [[ $(result_field missing_positions "$line") == 0 ]] || NOTES+=("Some order writes answered without Fastshop-Read-After: $line")
}

# The replica's replay lag as the primary reports it (pg_stat_replication.replay_lag), every 200 ms while the order
# run loads the primary with writes. start | stop (stop sets replica_lag_p99_ms and replica_lag_max_ms).
replica_lag_sampler() {
    case $1 in
    start)
        [[ ${FASTSHOP_PG_REPLICA:-on} != off && -n $(pg_replica_lag) ]] || return 0
        (while :; do
            psql_admin -c "SELECT COALESCE(EXTRACT(epoch FROM replay_lag) * 1000, 0) FROM pg_stat_replication
                           WHERE application_name LIKE '%/$PG_REPLICA_CLUSTER'" 2>/dev/null
            sleep 0.2
        done) >"$WORK/replica-lag" &
        LAG_SAMPLER_PID=$!
        ;;
    stop)
        [[ -n ${LAG_SAMPLER_PID:-} ]] || return 0
        kill "$LAG_SAMPLER_PID" 2>/dev/null || true
        wait "$LAG_SAMPLER_PID" 2>/dev/null || true
        LAG_SAMPLER_PID=''
        [[ -s $WORK/replica-lag ]] || return 0
        fig replica_lag_p99_ms "$(sort -n "$WORK/replica-lag" | awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.1f", v[i] }')"
        fig replica_lag_max_ms "$(sort -n "$WORK/replica-lag" | tail -1 | xargs printf '%.1f')"
        ratio "replica replay lag during the order run, p99 / max (ms)" \
            "${FIG[replica_lag_p99_ms]} / ${FIG[replica_lag_max_ms]}" "measured (max-lag bound 2000)"
        ;;
    esac
}
