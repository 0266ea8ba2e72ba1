# shellcheck shell=bash disable=SC2034
# (SC2034: COMMIT, NAME, REPORT, CHART … are globals that machine and plans read.)
# ./fastshop bench, the report of a full or quick run (gate runs stop before it): load-tests/results/NAME.md and the
# latency chart NAME.svg (load-tests/bench/latency-chart.py), the part of docs/performance.md between its
# <!-- bench:begin --> and <!-- bench:end --> markers (full runs without --no-docs; scripts/bench/splice-docs.awk),
# and the summary tables on the terminal. NAME is DATE-COMMIT, plus -quick for quick runs.
# Sourced by scripts/cmd-bench.sh, never run; the driver calls report once, after the last section.

fmt() { [[ -n ${1:-} ]] && printf '%s' "$1" || printf '–'; }

table_rows() {
    echo "| measurement | rps | p50 ms | p99 ms | note |"
    echo "|---|---:|---:|---:|---|"
    local entry label rps p50 p99 note
    for entry in "${ROWS[@]}"; do
        IFS='|' read -r label rps p50 p99 note <<<"$entry"
        [[ -n $rps ]] && rps=$(printf '%.0f' "$rps")
        echo "| $label | $(fmt "$rps") | $(fmt "$p50") | $(fmt "$p99") | $note |"
    done
}

table_sql() {
    ((${#SQL_ROWS[@]} > 0)) || return 0
    echo
    echo "| SQL ($PRODUCT_COUNT products) | execution time, ms (median of $SQL_REPEAT) |"
    echo "|---|---:|"
    local entry label ms
    for entry in "${SQL_ROWS[@]}"; do
        IFS='|' read -r label ms <<<"$entry"
        echo "| $label | $ms |"
    done
}

table_ratios() {
    echo "| ratio or count | measured | target |"
    echo "|---|---:|---|"
    local entry label value target
    for entry in "${RATIOS[@]}"; do
        IFS='|' read -r label value target <<<"$entry"
        echo "| $label | $value | $target |"
    done
}

table_jobs() {
    ((${#JOB_ROWS[@]} > 0)) || return 0
    echo
    echo "| worker job type | jobs | jobs/s (wall) | jobs per worker CPU-second | p95 duration ≤ (ms) |"
    echo "|---|---:|---:|---:|---:|"
    local entry type count per_s per_cpu p95
    for entry in "${JOB_ROWS[@]}"; do
        IFS='|' read -r type count per_s per_cpu p95 <<<"$entry"
        echo "| $type | $count | $per_s | $per_cpu | $p95 |"
    done
}

table_footprint() {
    echo "| service | time to ready (s, second instance) | RSS idle (MB) | RSS max under load (MB) |"
    echo "|---|---:|---:|---:|"
    local svc
    for svc in catalog order worker gateway; do
        echo "| $svc | $(fmt "${FIG[$svc.ready_s]:-}") | $(fmt "${FIG[$svc.rss_idle_mb]:-}") | $(fmt "${FIG[$svc.rss_load_mb]:-}") |"
    done
}

machine() {
    local cpu
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    echo "- machine: $(nproc) cores ($cpu), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
    echo "- commit: \`$COMMIT\`$DIRTY, mode: $MODE, $PRODUCT_COUNT products, run of $((SECONDS - STARTED)) s on $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Java: $(java -version 2>&1 | head -1); PostgreSQL: $(psql_catalog -c 'SHOW server_version' 2>/dev/null | cut -d' ' -f1);" \
        "Redis: $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" INFO server 2>/dev/null | tr -d '\r' | sed -n 's/^redis_version://p');" \
        "RabbitMQ: $(rabbitmqctl -q version 2>/dev/null || echo '?'); nginx: $(nginx -v 2>&1 | sed 's|.*/||');" \
        "wrk: $(wrk -v 2>&1 | head -1 | awk '{ print $2 }'); PerfTest $PERFTEST_VERSION"
    echo "- load generator and services share the machine: wrk -t2, $CONNECTIONS connections for throughput," \
        "for latency wrk -t1 sends ${LAT_RATE} requests/s at evenly spaced instants over $LAT_CONNECTIONS connections (open loop)," \
        "${RUN} s per run after ${WARM} s of warm-up"
}

plans() {
    local name title
    for name in fts ilike keyset1 keysetn offsetn; do
        [[ -f $WORK/plan-$name ]] || continue
        case $name in
        fts) title="full-text search '$SEARCH_TERM'" ;;
        ilike) title="ILIKE '$SEARCH_TERM'" ;;
        keyset1) title="page 1 by price" ;;
        keysetn) title="keyset page ${FIG[keyset_page]}" ;;
        offsetn) title="OFFSET page ${FIG[keyset_page]}" ;;
        esac
        printf '\n#### %s\n\n```\n' "$title"
        cat "$WORK/plan-$name"
        printf '```\n'
    done
}

report() {
    local entry label rps p50 p99 note chart_note line
    COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
    DIRTY=''
    if git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep . >/dev/null; then DIRTY=" (uncommitted changes)"; fi
    STAMP=$(date -u +%Y-%m-%d)
    RESULTS_DIR=$ROOT/load-tests/results
    mkdir -p "$RESULTS_DIR"
    NAME=$STAMP-$COMMIT
    [[ $MODE == quick ]] && NAME=$NAME-quick
    REPORT=$RESULTS_DIR/$NAME.md
    CHART=$RESULTS_DIR/$NAME.svg

    # The chart: p50/p99 of every HTTP measurement.
    for entry in "${ROWS[@]}"; do
        IFS='|' read -r label rps p50 p99 note <<<"$entry"
        [[ -n $p50 && -n $p99 ]] && printf '%s\t%s\t%s\n' "$label" "$p50" "$p99"
    done >"$WORK/chart.tsv"
    chart_note=''
    if have python3 && python3 "$BENCH/latency-chart.py" "$WORK/chart.tsv" "$CHART" "Fastshop latency, $NAME" 2>/dev/null; then
        chart_note="![latency percentiles]($NAME.svg)"
    else
        chart_note="(no chart: python3 is missing)"
    fi

    {
        echo "# Benchmark $NAME"
        echo
        machine
        echo
        echo "## Ratios (what the targets are about)"
        echo
        table_ratios
        echo
        echo "## Absolute figures"
        echo
        table_rows
        table_sql
        table_jobs
        echo
        echo "$chart_note"
        echo
        echo "## Time to ready and memory"
        echo
        table_footprint
        if [[ -n ${FIG[perftest.msgs]:-} ]]; then
            echo
            echo "RabbitMQ PerfTest: ${FIG[perftest.msgs]} msg/s; outbox relay: $(fmt "${FIG[outbox.msgs]:-}") msg/s" \
                "($OUTBOX_ROWS rows); stampede: $(fmt "${FIG[stampede_db_loads]:-}") database load(s) for 200 concurrent requests."
        fi
        if ((${#SKIPS[@]} + ${#NOTES[@]} > 0)); then
            echo
            echo "## Skipped or limited"
            echo
            for line in "${SKIPS[@]}" "${NOTES[@]}"; do echo "- $line"; done
        fi
        echo
        echo "## Plans (EXPLAIN ANALYZE, BUFFERS)"
        plans
        echo
        echo "## Every figure"
        echo
        echo '```'
        printf '%s\n' "${!FIG[@]}" | sort | while read -r key; do echo "$key=${FIG[$key]}"; done
        echo '```'
    } >"$REPORT"

    # docs/performance.md keeps the hand-written interpretation; only the part between the markers is replaced.
    DOC=$ROOT/docs/performance.md
    if [[ $MODE == full && $WRITE_DOCS == 1 && -f $DOC ]] && grep -q '<!-- bench:begin -->' "$DOC"; then
        {
            echo "Latest full run: [\`$NAME\`](../load-tests/results/$NAME.md)"
            echo
            machine
            echo
            table_ratios
            echo
            table_rows
            table_sql
            table_jobs
            echo
            [[ -f $CHART ]] && echo "![latency percentiles](../load-tests/results/$NAME.svg)" && echo
            table_footprint
            if ((${#SKIPS[@]} + ${#NOTES[@]} > 0)); then
                echo
                for line in "${SKIPS[@]}" "${NOTES[@]}"; do echo "- skipped or limited: $line"; done
            fi
            echo
            echo "### Plans"
            plans
        } >"$WORK/generated.md"
        awk -v gen="$WORK/generated.md" -f "$BENCH_LIB/splice-docs.awk" "$DOC" >"$WORK/doc.md" && cat "$WORK/doc.md" >"$DOC"
        info "updated docs/performance.md"
    fi

    step "results"
    table_ratios
    echo
    table_rows
    table_sql
    table_jobs
    echo
    table_footprint
    info "written ${REPORT#"$ROOT"/}${chart_note:+ and ${CHART#"$ROOT"/}}"
}
