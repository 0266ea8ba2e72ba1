# shellcheck shell=bash
# ./fastshop bench, section 7: the worker alone (jobs per CPU-second for each job type, published at once by
# load-tests/bench/JobFlood.java) and POST /orders → invoice READY under a steady order rate.
# Sourced by scripts/cmd-bench.sh, never run; uses scripts/bench/common.sh.
# section_worker (calls section_invoice_latency): figures jobs.<type>.*, invoice_latency.*.

# CPU seconds (user + system) a process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }

section_worker() {
    step "7. worker: jobs per CPU-second by type; POST /orders → invoice ready at ${INVOICE_RATE}/s"
    local pid
    if ! pid=$(pid_of worker) || ! ready "$WORKER_MPORT"; then
        skip "worker" "the worker is not running"
        return 0
    fi
    local cp uri type count before cpu0 started done_at cpu1 elapsed left deadline
    cp=$(perftest_classpath) || { skip "worker jobs" "could not fetch the AMQP client (PerfTest)"; return 0; }
    uri="amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@$RABBIT_HOST:$RABBIT_PORT/fastshop"
    for type in invoice email image; do
        case $type in
        invoice) count=$JOBS_INVOICE ;;
        email) count=$JOBS_EMAIL ;;
        image) count=$JOBS_IMAGE ;;
        esac
        printf '    %-44s %6s jobs … ' "$type jobs, published at once" "$count"
        purge_mail
        histogram_buckets "$WORKER_MPORT" fastshop_jobs_duration_seconds_bucket "type=\"$type\"" >"$WORK/buckets-before"
        before=$(metric_sum "$WORKER_MPORT" fastshop_jobs_processed_total "type=\"$type\"")
        cpu0=$(cpu_seconds "$pid")
        started=$EPOCHREALTIME
        if ! java -Xmx256m -cp "$cp" "$BENCH/JobFlood.java" "$uri" "$type" "$count" >"$WORK/flood.out" 2>&1; then
            echo "failed"
            tail -3 "$WORK/flood.out" | sed 's/^/      /'
            skip "worker $type jobs" "JobFlood could not publish"
            continue
        fi
        deadline=$((SECONDS + 180))
        while :; do
            left=$((before + count - $(metric_sum "$WORKER_MPORT" fastshop_jobs_processed_total "type=\"$type\"")))
            ((left <= 0 || SECONDS > deadline)) && break
            sleep 0.2
        done
        done_at=$EPOCHREALTIME
        cpu1=$(cpu_seconds "$pid")
        if ((left > 0)); then
            echo "$left not processed after 180 s"
            skip "worker $type jobs" "$left of $count jobs not processed within 180 s"
            continue
        fi
        histogram_buckets "$WORKER_MPORT" fastshop_jobs_duration_seconds_bucket "type=\"$type\"" >"$WORK/buckets-after"
        elapsed=$(calc "$done_at - $started")
        fig "jobs.$type.count" "$count"
        fig "jobs.$type.per_s" "$(calc "$count / $elapsed" 1)"
        fig "jobs.$type.per_cpu_s" "$(calc "$count / ($cpu1 - $cpu0 + 0.01)" 1)"
        fig "jobs.$type.p95_ms" "$(bucket_quantile "$WORK/buckets-before" "$WORK/buckets-after" 0.95)"
        printf '%7s jobs/s  %7s per worker CPU-second  p95 ≤ %s ms\n' "${FIG[jobs.$type.per_s]}" \
            "${FIG[jobs.$type.per_cpu_s]}" "${FIG[jobs.$type.p95_ms]}"
        JOB_ROWS+=("$type|$count|${FIG[jobs.$type.per_s]}|${FIG[jobs.$type.per_cpu_s]}|${FIG[jobs.$type.p95_ms]}")
    done
    [[ -n ${FIG[jobs.invoice.p95_ms]:-} ]] && ratio "invoice job p95 (ms, histogram bucket bound)" \
        "≤ ${FIG[jobs.invoice.p95_ms]}" "≤ 50"
    section_invoice_latency
}

# Orders at a steady rate, then (once the worker has caught up) the time from each order's commit to its invoice
# being READY in the order service, read from the orders database: the whole asynchronous path, relay included.
section_invoice_latency() {
    if [[ -z $TOKEN ]] || ! ready "$ORDER_MPORT"; then
        skip "order → invoice" "the order service is not ready or there is no JWT"
        return 0
    fi
    order_ids
    local since line pending deadline=$((SECONDS + 120)) stats
    purge_mail
    since=$(psql_orders -c "SELECT now()")
    printf '    %-44s %3ss … ' "POST /orders at ${INVOICE_RATE}/s, invoices" "$ORDER_RUN"
    line=$(wrk_orders "$INVOICE_RATE" "$ORDER_RUN")
    if [[ -z $line ]]; then
        echo "failed"
        tail -3 "$WORK/wrk-orders.out" | sed 's/^/      /'
        return 0
    fi
    while :; do
        pending=$(psql_orders -c "SELECT count(*) FROM orders o JOIN order_jobs j ON j.order_id = o.id
            AND j.type = 'INVOICE' WHERE o.created_at >= '$since' AND j.status = 'PENDING'")
        ((pending == 0 || SECONDS > deadline)) && break
        sleep 0.5
    done
    stats=$(psql_orders -c "SELECT count(*),
            round(1000 * extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY j.updated_at - o.created_at)), 1),
            round(1000 * extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY j.updated_at - o.created_at)), 1)
        FROM orders o JOIN order_jobs j ON j.order_id = o.id AND j.type = 'INVOICE'
        WHERE o.created_at >= '$since' AND j.status = 'READY'" | tr '|' ' ')
    local count p50 p99
    read -r count p50 p99 <<<"$stats"
    echo "$(result_field rps "$line") orders/s; $count invoices: p50 $p50 ms  p99 $p99 ms${pending:+ ($pending pending)}"
    fig invoice_latency.orders_rps "$(result_field rps "$line")"
    fig invoice_latency.p50 "$p50"
    fig invoice_latency.p99 "$p99"
    row "POST /orders → invoice READY (${INVOICE_RATE} orders/s)" "$(result_field rps "$line")" "$p50" "$p99" \
        "$count invoices; commit to READY in the order service"
}
