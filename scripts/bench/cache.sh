# shellcheck shell=bash
# ./fastshop bench, section 3: product GET from the cache vs the database path (a second catalog with its cache
# off), full-text search over HTTP, and a stampede of 200 concurrent requests on one cold key.
# Sourced by scripts/cmd-bench.sh, never run; uses scripts/bench/common.sh.
# section_cache: figures cache_hit.*, cache_db.*, cache_hit_db_rps_ratio (the gate's), search_http.*,
# stampede_db_loads, stampede_ok.

section_cache() {
    step "3. product GET: cache hit vs database path; 200 concurrent requests on one cold key"
    if ! start_extra catalog-nocache catalog CATALOG_CACHE_ENABLED=false; then
        skip "cache vs database" "a catalog instance with CATALOG_CACHE_ENABLED=false did not start"
        return 0
    fi
    local nocache=${EXTRA_PORT[catalog-nocache]}
    measure "catalog, cache hit" cache_hit "http://$HOST:$CATALOG_PORT" "$WORK/paths-direct" || true
    measure "catalog, database path (cache off)" cache_db "http://$HOST:$nocache" "$WORK/paths-direct" || true
    if [[ -n ${FIG[cache_hit.rps]:-} && -n ${FIG[cache_db.rps]:-} ]]; then
        fig cache_hit_db_rps_ratio "$(calc "${FIG[cache_hit.rps]} / ${FIG[cache_db.rps]}")"
        ratio "cache hit / database path, rps" "${FIG[cache_hit_db_rps_ratio]}" "≥ 3"
    fi
    if [[ $MODE != gate ]]; then
        section_search_http "$nocache"
    fi
    stop_extra catalog-nocache

    [[ $MODE == gate ]] && return 0
    local id before after ok
    # grep reads all of it (no -q): quitting at the first match would cut curl's pipe and fail the pipeline.
    if ! curl -fsS --max-time 5 "http://$HOST:$CATALOG_MPORT/q/metrics" | grep '^catalog_db_loads_total' >/dev/null; then
        skip "stampede" "the catalog exposes no catalog_db_loads_total counter"
        return 0
    fi
    # A product no run has touched: nothing in the instance's local cache; its Redis key is dropped to be sure.
    id=$(psql_catalog -c "SELECT id FROM products WHERE id > (SELECT max(id) FROM (SELECT id FROM products ORDER BY id
        LIMIT 200) hot) ORDER BY random() LIMIT 1")
    have redis-cli && redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$CATALOG_REDIS_DB" DEL "catalog:v1:product:$id" >/dev/null
    before=$(metric_sum "$CATALOG_MPORT" catalog_db_loads_total 'query="by-id"')
    ok=$(h2load --h1 -n 200 -c 200 "http://$HOST:$CATALOG_PORT/products/$id" 2>&1 |
        sed -n 's/^status codes: \([0-9]*\) 2xx.*/\1/p')
    after=$(metric_sum "$CATALOG_MPORT" catalog_db_loads_total 'query="by-id"')
    fig stampede_db_loads $((after - before))
    fig stampede_ok "${ok:-0}"
    say "200 concurrent GET /products/$id on a cold key: ${ok:-0} × 2xx, $((after - before)) database load(s)"
    ratio "200 concurrent requests, one cold key → DB queries" "$((after - before))" "= 1"
}

# Full-text search over HTTP on the cache-less catalog (so every request runs the query): latency at a fixed rate.
section_search_http() {
    local port=$1
    tail -n +2 "$ROOT/load-tests/src/test/resources/search-terms.csv" |
        sed 's/ /%20/g; s|^|/products?limit=20\&q=|' >"$WORK/paths-search"
    local saved=$LAT_RATE
    LAT_RATE=100
    # Twice the usual warm-up: this instance has served GETs by id so far, and its search path is still cold.
    wrk_run "full-text search, cache off (warm-up)" "http://$HOST:$port" "$WORK/paths-search" 4 $((WARM * 2)) 0 >/dev/null || true
    if wrk_run "full-text search at ${LAT_RATE}/s, cache off" "http://$HOST:$port" "$WORK/paths-search" 8 "$RUN" "$LAT_RATE"; then
        fig search_http.p50 "$R_P50"
        fig search_http.p95 "$R_P95"
        fig search_http.p99 "$R_P99"
        row "search (HTTP, cache off, ${LAT_RATE}/s)" "$R_RPS" "$R_P50" "$R_P99" "p95 $R_P95 ms"
        ratio "full-text search p95 over HTTP (ms)" "$R_P95" "≤ 20"
    fi
    LAT_RATE=$saved
}
