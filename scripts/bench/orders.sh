# shellcheck shell=bash
# ./fastshop bench, section 5: POST /orders at a fixed rate (and with the invoice PDF rendered inline), the worker
# draining what the orders queued, outbox relay throughput vs RabbitMQ PerfTest, SQL statements per order-list page.
# Sourced by scripts/cmd-bench.sh, never run; uses scripts/bench/common.sh.
# section_orders (calls section_inline_invoice, worker_drain, section_outbox): figures orders.*, outbox.*,
# perftest.msgs, worker.jobs*, orders_inline_async_p50_ratio, outbox_perftest_ratio.
# section_statements (also in gate mode): figure order_list_statements (the gate's).

section_orders() {
    step "5. POST /orders at ${ORDER_RATE}/s; outbox → RabbitMQ vs PerfTest"
    if ! ready "$ORDER_MPORT"; then
        skip "orders" "the order service (port $ORDER_PORT) is not ready"
        return 0
    fi
    if [[ -z $TOKEN ]]; then
        skip "POST /orders" "no JWT: ./fastshop token does not exist yet"
    else
        order_ids
        if [[ ! -s $WORK/order-ids ]]; then
            skip "POST /orders" "no product with stock ≥ 20"
        else
            local line jobs_before started
            warm_orders "POST /orders warm-up (unpaced)" "$ORDER_PORT"
            # The request path's capacity (its jobs wait in their queues until the round ends): a fixed rate above it
            # measures only a growing queue.
            fig orders.capacity "$WARM_BEST"
            ratio "POST /orders unpaced, best warm-up round (orders/s)" "$WARM_BEST" "> ${ORDER_RATE}"
            histogram_buckets "$ORDER_MPORT" fastshop_outbox_lag_seconds_bucket >"$WORK/lag-before"
            jobs_before=$(metric_sum "$WORKER_MPORT" fastshop_jobs_processed_total)
            started=$EPOCHREALTIME
            printf '    %-44s %3ss … ' "POST /orders at ${ORDER_RATE}/s (direct)" "$ORDER_RUN"
            line=$(wrk_orders "$ORDER_RATE" "$ORDER_RUN")
            if [[ -n $line ]]; then
                local rps p50 p99 errors
                rps=$(result_field rps "$line")
                p50=$(result_field p50_ms "$line")
                p99=$(result_field p99_ms "$line")
                errors=$(($(result_field socket_errors "$line") + $(result_field http_errors "$line")))
                printf '%8.0f rps  p50 %7.2f ms  p99 %7.2f ms  errors %d\n' "$rps" "$p50" "$p99" "$errors"
                fig orders.rps "$rps"
                fig orders.p50 "$p50"
                fig orders.p99 "$p99"
                row "POST /orders (${ORDER_RATE}/s, order service)" "$rps" "$p50" "$p99" \
                    "$( ((errors > 0)) && echo "$errors errors (e.g. 409 out of stock)")"
                ratio "POST /orders p99 at ${ORDER_RATE}/s (ms)" "$p99" "≤ 25"
                # Commit → broker confirm of every outbox row these orders wrote (the relay's own histogram).
                histogram_buckets "$ORDER_MPORT" fastshop_outbox_lag_seconds_bucket >"$WORK/lag-after"
                fig outbox.lag_p99_ms "$(bucket_quantile "$WORK/lag-before" "$WORK/lag-after" 0.99)"
                ratio "outbox lag, commit → confirm, p99 during the orders (ms, bucket bound)" \
                    "≤ ${FIG[outbox.lag_p99_ms]}" "≤ 1000"
                worker_drain "$jobs_before" "$started"
                section_inline_invoice
            else
                echo "failed"
                tail -3 "$WORK/wrk-orders.out" | sed 's/^/      /'
            fi
        fi
    fi
    section_outbox
}

# Waits (at most 120 s) until the invoice and email queues are empty; prints what is left.
wait_for_job_queues() {
    local deadline=$((SECONDS + 120)) backlog
    while :; do
        backlog=$(rabbitmqctl -q -p fastshop list_queues name messages 2>/dev/null |
            awk '$1 == "jobs.invoice" || $1 == "jobs.email" { s += $2 } END { print s + 0 }')
        printf '\r    worker backlog: %6d jobs  ' "$backlog" >&2
        ((backlog == 0 || SECONDS > deadline)) && break
        purge_mail
        sleep 1
    done
    echo >&2
    echo "$backlog"
}

# LABEL PORT: the order path (order service, catalog batch and reservation, worker) is JIT-compiled before it is
# timed: rounds of ORDER_WARM seconds of unpaced orders, each followed by the worker finishing their jobs, until two
# rounds in a row fail to beat the best round before them by 10 % (at least ORDER_WARM_MIN, at most ORDER_WARM_MAX
# rounds). Four JVMs sharing 2 cores take minutes, and not smoothly: in 20 s rounds one run climbed 52 → 90 → 105 →
# 125 → 149 → 186 → 207 → 260 → 289 orders/s; another dipped 168 → 148 in its fourth round. Sets WARM_BEST, the
# orders/s of the best round.
warm_orders() {
    local round line rps stale=0
    WARM_BEST=0
    for ((round = 1; round <= ORDER_WARM_MAX; round++)); do
        printf '    %-44s %3ss … ' "$1, round $round" "$ORDER_WARM"
        line=$(wrk_orders 0 "$ORDER_WARM" "$2")
        rps=$(result_field rps "$line")
        rps=${rps:-0}
        echo "$rps rps"
        if awk "BEGIN { exit !($rps >= $WARM_BEST * 1.1) }"; then stale=0; else stale=$((stale + 1)); fi
        awk "BEGIN { exit !($rps > $WARM_BEST) }" && WARM_BEST=$rps
        wait_for_job_queues >/dev/null
        ((round >= ORDER_WARM_MIN && stale >= 2)) && break
    done
    # What autovacuum would have done by now (this machine's PostgreSQL may run without it): the relay's scan for
    # due outbox rows must not step over the dead entries of every earlier run.
    psql_orders -c 'VACUUM ANALYZE outbox, order_jobs, orders, order_items, idempotency_keys' >/dev/null 2>&1 || true
}

# The same orders on an order instance that renders each invoice PDF inside the request (a shop without a worker),
# warmed up the same way: how much the asynchronous path saves the caller.
section_inline_invoice() {
    # The inline variant is bench-only code (order-service/src/bench, Maven profile inline-invoice), built apart.
    if ! (cd "$ROOT" && ./mvnw -B -q -Pinline-invoice -pl order-service -am package -DskipTests \
        -Dspotless.check.skip=true) >"$LOGS/order-inline-build.log" 2>&1; then
        skip "inline invoice" "building the inline-invoice order service failed; see ${LOGS#"$ROOT"/}/order-inline-build.log"
        return 0
    fi
    if ! start_extra order-inline order --jar "$ROOT/order-service/target/inline-invoice/quarkus-app/quarkus-run.jar"; then
        skip "inline invoice" "an order instance rendering the PDF inline did not start"
        return 0
    fi
    local port=${EXTRA_PORT[order-inline]} line p50 p99
    warm_orders "POST /orders, PDF inline: warm-up" "$port"
    printf '    %-44s %3ss … ' "POST /orders at ${ORDER_RATE}/s, PDF inline" "$ORDER_RUN"
    line=$(wrk_orders "$ORDER_RATE" "$ORDER_RUN" "$port")
    stop_extra order-inline
    if [[ -z $line ]]; then
        echo "failed"
        return 0
    fi
    p50=$(result_field p50_ms "$line")
    p99=$(result_field p99_ms "$line")
    printf '%8.0f rps  p50 %7.2f ms  p99 %7.2f ms\n' "$(result_field rps "$line")" "$p50" "$p99"
    row "POST /orders, invoice PDF rendered inline (${ORDER_RATE}/s)" "$(result_field rps "$line")" "$p50" "$p99" ""
    fig orders_inline_async_p50_ratio "$(calc "$p50 / ${FIG[orders.p50]}")"
    ratio "POST /orders p50, PDF inline / asynchronous" "${FIG[orders_inline_async_p50_ratio]}" "≥ 10"
    wait_for_job_queues >/dev/null
}

# Waits (bounded) until the worker has emptied the invoice and email queues the orders filled, so the next
# measurements do not share the CPU with a backlog; reports the jobs it processed meanwhile.
worker_drain() {
    local before=$1 started=$2 backlog after elapsed
    ready "$WORKER_MPORT" || { skip "worker throughput" "the worker (port $WORKER_PORT) is not ready"; return 0; }
    backlog=$(wait_for_job_queues)
    after=$(metric_sum "$WORKER_MPORT" fastshop_jobs_processed_total)
    elapsed=$(calc "${EPOCHREALTIME} - $started" 1)
    fig worker.jobs "$((after - before))"
    fig worker.jobs_per_s "$(calc "($after - $before) / $elapsed" 1)"
    say "worker: $((after - before)) jobs (invoices + emails) in ${elapsed}s = ${FIG[worker.jobs_per_s]} jobs/s" \
        "$( ((backlog > 0)) && echo "— $backlog still queued after 120 s")"
    ratio "worker jobs/s while orders arrive at ${FIG[orders.rps]:-?}/s (2 jobs per order)" "${FIG[worker.jobs_per_s]}" \
        "keeps pace: $(calc "2 * ${FIG[orders.rps]:-0}" 0)"
}

section_outbox() {
    local cp uri out rate
    cp=$(perftest_classpath) || { skip "PerfTest" "could not fetch com.rabbitmq:perf-test:$PERFTEST_VERSION"; return 0; }
    uri="amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@$RABBIT_HOST:$RABBIT_PORT/fastshop"
    # Publisher confirms (up to 64 unconfirmed), persistent 400-byte messages, into a durable queue that the outbox
    # run below reuses, on the stack's own vhost: the same broker work the relay asks for.
    # shellcheck disable=SC2034 # cleanup (scripts/bench/common.sh) reads it
    BROKER_USED=1
    printf '    %-44s %3ss … ' "RabbitMQ PerfTest (confirms, persistent)" "$PERFTEST_RUN"
    out=$(java -Xmx256m -cp "$cp" com.rabbitmq.perf.PerfTest -h "$uri" -x 1 -y 1 -c 64 -s 400 -f persistent \
        -e bench.direct -t direct -k bench.outbox -u bench.outbox -ad false -z "$PERFTEST_RUN" 2>&1) || true
    rate=$(sed -n 's/.*sending rate avg: \([0-9]*\) msg\/s.*/\1/p' <<<"$out" | head -1)
    if [[ -z $rate ]]; then
        echo "failed"
        printf '%s\n' "$out" | tail -3 | sed 's/^/      /'
        skip "PerfTest" "no result"
        return 0
    fi
    echo "$rate msg/s"
    fig perftest.msgs "$rate"
    rabbitmqctl -q -p fastshop purge_queue bench.outbox >/dev/null 2>&1 || true

    if ! psql_orders -c "SELECT 1 FROM outbox LIMIT 0" >/dev/null 2>&1; then
        skip "outbox throughput" "no outbox table in the orders database"
        return 0
    fi
    # Synthetic rows to the queue PerfTest declared, committed at once; the relay drains them with confirms.
    local started elapsed left deadline=$((SECONDS + 120))
    printf '    %-44s %6s rows … ' "outbox relay → RabbitMQ (confirms)" "$OUTBOX_ROWS"
    psql_orders -c "INSERT INTO outbox (aggregate, aggregate_id, type, exchange, routing, payload)
        SELECT 'bench', gen_random_uuid(), 'BenchEvent', 'bench.direct', 'bench.outbox',
               jsonb_build_object('schemaVersion', 1, 'seq', g, 'pad', repeat('x', 330))
        FROM generate_series(1, $OUTBOX_ROWS) g" >/dev/null
    started=$EPOCHREALTIME
    while :; do
        left=$(psql_orders -c "SELECT count(*) FROM outbox WHERE aggregate = 'bench' AND published_at IS NULL")
        printf '%6d left\b\b\b\b\b\b\b\b\b\b\b' "$left"
        ((left == 0)) && break
        ((SECONDS < deadline)) || break
        sleep 0.2
    done
    elapsed=$(calc "${EPOCHREALTIME} - $started" 2)
    if ((left > 0)); then
        echo "$left rows still unpublished after 120 s"
        skip "outbox throughput" "the relay did not drain $OUTBOX_ROWS rows within 120 s"
    else
        fig outbox.msgs "$(calc "$OUTBOX_ROWS / $elapsed" 0)"
        echo "${FIG[outbox.msgs]} msg/s (${elapsed}s)"
        fig outbox_perftest_ratio "$(calc "${FIG[outbox.msgs]} / ${FIG[perftest.msgs]}")"
        ratio "outbox relay / PerfTest, msg/s" "${FIG[outbox_perftest_ratio]}" "(≥ 1,000 msg/s absolute)"
    fi
    psql_orders -c "DELETE FROM outbox WHERE aggregate = 'bench'" >/dev/null
    rabbitmqctl -q -p fastshop delete_queue bench.outbox >/dev/null 2>&1 || true
}

# Statements per GET /orders page, as the order service counts them itself (X-Sql-Statements, opt-in diagnostics).
section_statements() {
    step "statements per order-list request"
    if ! pid_of order >/dev/null; then
        skip "statements per order list" "the order service is not running"
        return 0
    fi
    if [[ -z $TOKEN ]]; then
        skip "statements per order list" "no JWT: ./fastshop token does not exist yet"
        return 0
    fi
    if ! start_extra order-diagnostics order FASTSHOP_DIAGNOSTICS_SQL_STATEMENTS_HEADER=true; then
        skip "statements per order list" "an order instance with the statement counter did not start"
        return 0
    fi
    local port=${EXTRA_PORT[order-diagnostics]} id max=0 limit header
    # A few orders so the pages have items to load (the quick and gate modes place no orders otherwise).
    id=$(psql_catalog -c "SELECT id FROM products WHERE stock >= 20 ORDER BY random() LIMIT 1")
    for _ in 1 2 3; do
        curl -fsS -o /dev/null --max-time 10 -X POST "http://$HOST:$port/orders" -H "Authorization: Bearer $TOKEN" \
            -H "Idempotency-Key: bench-statements-$(date +%s%N)" -H 'Content-Type: application/json' \
            -d "{\"lines\":[{\"productId\":$id,\"quantity\":1}],\"email\":\"bench@load.fastshop.dev\",
                \"shippingAddress\":{\"name\":\"Bench\",\"line1\":\"1 Benchmark Way\",\"postalCode\":\"10115\",
                \"city\":\"Berlin\",\"country\":\"DE\"}}" || true
    done
    for limit in 1 20 50; do
        header=$(curl -fsS -D - -o /dev/null --max-time 10 "http://$HOST:$port/orders?limit=$limit" \
            -H "Authorization: Bearer $TOKEN" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-sql-statements" { print $2 }')
        if [[ -z $header ]]; then
            skip "statements per order list" "GET /orders answered without X-Sql-Statements"
            stop_extra order-diagnostics
            return 0
        fi
        say "GET /orders?limit=$limit → $header statements"
        ((header > max)) && max=$header
    done
    fig order_list_statements "$max"
    ratio "SQL statements per order-list page (1, 20, 50 orders)" "$max" "≤ 3"
    stop_extra order-diagnostics
}
