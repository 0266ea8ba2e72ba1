# shellcheck shell=bash disable=SC2004,SC2034,SC2153
# (Checked alone, shellcheck cannot see scripts/bench/settings.sh: SC2004, the arrays indexed by $name/$svc are the
# associative ones it declares; SC2034, FIG, READY_S, R_P95 … are read by the sections; SC2153, its settings.)
# ./fastshop bench: the helpers every section shares. Sourced by scripts/cmd-bench.sh after scripts/bench/settings.sh,
# never run; defines functions only. scripts/lib.sh (info, warn, die, have, port_open, wait_port, apt_install) is
# loaded already.
#
#   output and results   step, say, skip, row, sql_row, ratio, fig, calc, result_field
#   the stack            ready, pid_of, rss_mb, free_port, database_of, psql_catalog, psql_orders, metric_sum,
#                        histogram_buckets, bucket_quantile, purge_mail, mint_token, ensure_tool
#   extra instances      launch_extra, start_extra, stop_extra, stop_baselines, cleanup (the EXIT trap),
#                        start_rss_sampler
#   load                 wrk_run, measure, cpu_ticks, order_ids, wrk_orders, perftest_classpath

step() { printf '\n%s==> [%4ds] %s%s\n' "$C_BOLD" $((SECONDS - STARTED)) "$*" "$C_OFF"; }
skip() {
    SKIPS+=("$1: $2")
    printf '    %sskipped%s %s: %s\n' "$C_YELLOW" "$C_OFF" "$1" "$2"
}
row() { ROWS+=("$1|$2|$3|$4|$5"); } # label|rps|p50|p99|note
sql_row() { SQL_ROWS+=("$1|$2"); } # statement|median ms
ratio() { RATIOS+=("$1|$2|$3"); } # label|value|target
fig() { FIG[$1]=$2; }
ready() { curl -fsS -o /dev/null --max-time 2 "http://$HOST:$1/q/health/ready" 2>/dev/null; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
result_field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; } # NAME RESULT_LINE → value
pid_of() {
    local file=$FASTSHOP_HOME/pids/$1.pid pid
    [[ -f $file ]] || return 1
    pid=$(cat "$file")
    kill -0 "$pid" 2>/dev/null && echo "$pid"
}
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# A port free now, in 20000–31999, below Linux's ephemeral range (32768 and up) as e2e-tests' ServiceProcess picks
# them: a port the kernel may hand to any outgoing connection can be taken before the instance binds it (the bench's
# second gateway failed with "Port 32996 seems to be in use" in CI).
free_port() {
    local port tries
    for ((tries = 0; tries < 500; tries++)); do
        port=$((20000 + RANDOM % 12000))
        grep -qx "$port" "$WORK/ports" && continue
        port_open "$HOST" "$port" || { echo "$port" | tee -a "$WORK/ports"; return 0; }
    done
    die "no free TCP port found"
}

# The database a running service uses (its CATALOG_DB_URL / ORDER_DB_URL), else the stack's default.
database_of() { # SERVICE VARIABLE DEFAULT
    local pid url=''
    pid=$(pid_of "$1") && url=$(tr '\0' '\n' <"/proc/$pid/environ" | sed -n "s/^$2=//p")
    url=${url%%\?*}
    [[ -n $url ]] && echo "${url##*/}" || echo "$3"
}

# A metric's value summed over the series whose line matches a pattern, from a service's Prometheus endpoint.
metric_sum() {
    curl -fsS --max-time 5 "http://$HOST:$1/q/metrics" 2>/dev/null |
        awk -v name="$2" -v filter="${3:-}" -f "$BENCH_LIB/metric-sum.awk"
}

# Cumulative buckets of a histogram as "le count" lines: PORT, the _bucket series, a label text the line must hold.
histogram_buckets() {
    curl -fsS --max-time 5 "http://$HOST:$1/q/metrics" 2>/dev/null |
        awk -v name="$2{" -v filter="${3:-}" -f "$BENCH_LIB/histogram-buckets.awk"
}

# The smallest bucket bound (ms) holding at least the quantile of the jobs counted between two bucket snapshots.
bucket_quantile() { # BEFORE_FILE AFTER_FILE QUANTILE
    awk -v q="$3" -f "$BENCH_LIB/bucket-quantile.awk" "$1" "$2"
}

# The local SMTP server (GreenMail) keeps every mail in memory: thousands of invoices with their PDFs would exhaust
# it mid-run and turn the email jobs into retries. The benchmark's mail is not worth keeping.
purge_mail() {
    curl -fsS -o /dev/null --max-time 5 -X POST "http://127.0.0.1:$GREENMAIL_API_PORT/api/mail/purge" 2>/dev/null || true
}

# mint_token USER TIER: a dev token from ./fastshop token (the same claims the stack's users get).
mint_token() { "$ROOT/fastshop" token "$1" --tier "$2" 2>/dev/null; }

ensure_tool() { # command package
    have "$1" || apt_install "$2"
}

# launch_extra NAME SERVICE [--jar JAR] [VAR=VALUE …]: a second instance of a running service, with the same command
# line (JAR, when given, in place of its quarkus-run.jar) and environment as the stack's (read from /proc), on a free
# port, plus the overrides; does not wait.
launch_extra() {
    local name=$1 svc=$2 base port var jar='' i
    shift 2
    if [[ ${1:-} == --jar ]]; then
        jar=$2
        shift 2
    fi
    base=$(pid_of "$svc") || { say "no running $svc to copy"; return 1; }
    port=$(free_port)
    var=$(tr '[:lower:]' '[:upper:]' <<<"$svc")_PORT
    local -a env cmd extra=("$var=$port" "${var%_PORT}_MANAGEMENT_PORT=$(free_port)")
    mapfile -d '' -t env <"/proc/$base/environ"
    mapfile -d '' -t cmd <"/proc/$base/cmdline"
    if [[ -n $jar ]]; then
        for i in "${!cmd[@]}"; do
            [[ ${cmd[$i]} == *quarkus-run.jar ]] && cmd[i]=$jar
        done
    fi
    [[ $svc == gateway ]] && extra+=("GATEWAY_TLS_PORT=$(free_port)")
    EXTRA_START[$name]=$EPOCHREALTIME EXTRA_DESC[$name]=${*:-${jar:+${jar#"$ROOT"/}}}
    [[ -n ${EXTRA_DESC[$name]} ]] || EXTRA_DESC[$name]="same config"
    (cd "$ROOT" && exec env -i "${env[@]}" "${extra[@]}" "$@" "${cmd[@]}" >"$LOGS/$name.log" 2>&1) &
    EXTRA_PID[$name]=$! EXTRA_PORT[$name]=$port EXTRA_MPORT[$name]=${extra[1]#*=}
    EXTRA_NAMES+=("$name")
    echo "$svc ${EXTRA_PID[$name]}" >>"$WORK/extra-pids"
}

# start_extra NAME SERVICE [--jar JAR] [VAR=VALUE …]: launch_extra (unless launched already) and wait until it is ready; an
# instance that started alone records the service's time to ready.
start_extra() {
    local name=$1 svc=$2 port elapsed alone=0
    if [[ -z ${EXTRA_PID[$name]:-} ]]; then
        launch_extra "$@" || return 1
        alone=1
    fi
    port=${EXTRA_PORT[$name]}
    local deadline=$((SECONDS + 90))
    until ready "${EXTRA_MPORT[$name]}"; do
        if ! kill -0 "${EXTRA_PID[$name]}" 2>/dev/null || ((SECONDS > deadline)); then
            say "$name did not become ready; see ${LOGS#"$ROOT"/}/$name.log"
            stop_extra "$name"
            return 1
        fi
        sleep 0.1
    done
    elapsed=$(calc "${EPOCHREALTIME} - ${EXTRA_START[$name]}" 1)
    ((alone)) && READY_S[$svc]=$elapsed
    say "started $name on port $port (${EXTRA_DESC[$name]}) — ready in ${elapsed}s"
}

stop_extra() {
    local name=$1 pid=${EXTRA_PID[$1]:-} i
    [[ -n $pid ]] || return 0
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
    unset "EXTRA_PID[$name]"
}

# Stops the baseline proxies of section 1+2 (nginx, the bare vertx-http-proxy) when they run.
stop_baselines() {
    local pid
    for pid in "$NGINX_PID" "$BARE_PID"; do
        [[ -n $pid ]] || continue
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    NGINX_PID='' BARE_PID=''
}

cleanup() {
    local name
    [[ -n $SAMPLER_PID ]] && kill "$SAMPLER_PID" 2>/dev/null
    [[ -n $LAG_SAMPLER_PID ]] && kill "$LAG_SAMPLER_PID" 2>/dev/null
    [[ -n $REPLICA_STOPPED ]] && ensure_pg_replica
    for name in "${EXTRA_NAMES[@]}"; do stop_extra "$name"; done
    stop_baselines
    if [[ -n $BROKER_USED ]]; then
        rabbitmqctl -q -p fastshop delete_queue bench.outbox >/dev/null 2>&1 || true
        psql_orders -c "DELETE FROM outbox WHERE aggregate = 'bench'" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}

# Samples the resident memory of every service JVM once a second (bounded by the run; stopped by cleanup).
start_rss_sampler() {
    (
        local name pid
        while :; do
            for name in catalog order worker gateway; do
                pid=$(pid_of "$name") && echo "$name $(rss_mb "$pid")"
            done
            while read -r name pid; do
                kill -0 "$pid" 2>/dev/null && echo "$name $(rss_mb "$pid")"
            done <"$WORK/extra-pids"
            sleep 1
        done
    ) >"$WORK/rss.log" 2>/dev/null &
    SAMPLER_PID=$!
}

# wrk_run LABEL URL PATHS_FILE CONNECTIONS SECONDS RATE [wrk options…] → R_RPS R_P50 R_P95 R_P99 R_ERRORS
# RATE: requests/s at evenly spaced instants (one wrk thread holds the schedule); 0 = flat out on two threads.
wrk_run() {
    local label=$1 url=$2 paths=$3 connections=$4 seconds=$5 rate=$6 out line
    shift 6
    [[ $url == "http://$HOST:"* ]] || die "refusing to load anything but $HOST: $url"
    printf '    %-44s %3ss … ' "$label" "$seconds"
    out=$(wrk -t$((rate > 0 ? 1 : 2)) -c"$connections" -d"${seconds}s" --timeout 5s "$@" -s "$BENCH/wrk-report.lua" "$url" \
        -- "$paths" "$rate" 2>&1) || true
    line=$(grep '^RESULT' <<<"$out" || true)
    if [[ -z $line ]]; then
        echo "failed"
        printf '%s\n' "$out" | tail -3 | sed 's/^/      /'
        R_RPS=0 R_REQUESTS=0 R_P50='' R_P95='' R_P99='' R_ERRORS=-1
        return 1
    fi
    R_RPS=$(result_field rps "$line")
    R_REQUESTS=$(result_field requests "$line")
    R_P50=$(result_field p50_ms "$line")
    R_P95=$(result_field p95_ms "$line")
    R_P99=$(result_field p99_ms "$line")
    R_ERRORS=$(($(result_field socket_errors "$line") + $(result_field http_errors "$line")))
    printf '%8.0f rps  p50 %7.2f ms  p99 %7.2f ms  errors %d\n' "$R_RPS" "$R_P50" "$R_P99" "$R_ERRORS"
}

# CPU time (clock ticks, user + system) the processes' threads have used so far, JIT compiler threads left out: a JVM
# proxy compiles for minutes after its start, and that is not what a request costs in steady state (GC is counted).
# A thread gone counts 0.
cpu_ticks() { # PID…
    local pid task comm stat total=0
    for pid in "$@"; do
        for task in /proc/"$pid"/task/*; do
            { read -r comm <"$task/comm" && read -r stat <"$task/stat"; } 2>/dev/null || continue
            [[ $comm == C[12]\ CompilerThre* ]] && continue
            # After "pid (comm) ", utime and stime are the 12th and 13th fields; comm may hold spaces.
            stat=${stat##*) }
            total=$((total + $(awk '{ print $12 + $13 }' <<<"$stat")))
        done
    done
    echo "$total"
}

# CPU-µs per request of CPU_PIDS since BEFORE (cpu_ticks), over the R_REQUESTS of the last wrk_run.
cpu_us_since() { # BEFORE
    # shellcheck disable=SC2086 # CPU_PIDS is a list
    calc "($(cpu_ticks $CPU_PIDS) - $1) * 1000000 / $CLK_TCK / $R_REQUESTS" 1
}

# measure LABEL KEY URL PATHS [wrk options…]: warm-up, a throughput run (CONNECTIONS, flat out) and a latency run at
# a fixed LAT_RATE; stores FIG[KEY.rps|p50|p99] and a table row. With CPU_PIDS set (the proxy's processes), also
# FIG[KEY.cpu_us]: their CPU-µs per request over the throughput run, from /proc (cpu_ticks) — far steadier than rps
# on a shared machine, and it says where the cost is. MEASURE_WARM overrides the warm-up's seconds.
measure() {
    local label=$1 key=$2 url=$3 paths=$4 rps errors cpu='' before
    shift 4
    wrk_run "$label (warm-up)" "$url" "$paths" 16 "${MEASURE_WARM:-$WARM}" 0 "$@" >/dev/null || true
    # shellcheck disable=SC2086 # CPU_PIDS is a list
    before=$(cpu_ticks ${CPU_PIDS:-})
    wrk_run "$label, throughput" "$url" "$paths" "$CONNECTIONS" "$RUN" 0 "$@" || return 1
    rps=$R_RPS errors=$R_ERRORS
    [[ -n ${CPU_PIDS:-} ]] && cpu=$(cpu_us_since "$before")
    if [[ $MODE != quick ]]; then
        # The better of two runs (the gate's too): on a shared 2-core machine a background burst (JIT, GC, the
        # worker) can halve one run, and a ratio of two such runs would measure the burst. CPU per request: the lower
        # of the two.
        # shellcheck disable=SC2086
        before=$(cpu_ticks ${CPU_PIDS:-})
        wrk_run "$label, throughput (again)" "$url" "$paths" "$CONNECTIONS" "$RUN" 0 "$@" || return 1
        if awk "BEGIN { exit !($R_RPS > $rps) }"; then
            rps=$R_RPS errors=$R_ERRORS
        fi
        [[ -n $cpu ]] && cpu=$(awk -v a="$cpu" -v b="$(cpu_us_since "$before")" 'BEGIN { print (b < a ? b : a) }')
    fi
    [[ -n $cpu ]] && { fig "$key.cpu_us" "$cpu"; say "$(printf '%-44s %s CPU-µs per request' "$label" "$cpu")"; }
    if [[ $MODE == gate ]]; then # the gate compares throughput only
        fig "$key.rps" "$rps"
        row "$label" "$rps" "$R_P50" "$R_P99" "flat out${cpu:+; $cpu CPU-µs/request}"
        return 0
    fi
    wrk_run "$label, latency at ${LAT_RATE}/s" "$url" "$paths" "$LAT_CONNECTIONS" "$RUN" "$LAT_RATE" "$@" || return 1
    fig "$key.rps" "$rps"
    fig "$key.p50" "$R_P50"
    fig "$key.p99" "$R_P99"
    local note=${cpu:+$cpu CPU-µs/request}
    ((errors + R_ERRORS > 0)) && note+="${note:+; }$((errors + R_ERRORS)) errors (non-2xx or socket)"
    row "$label" "$rps" "$R_P50" "$R_P99" "$note"
}

# In-stock products for the order runs ($WORK/order-ids), chosen once per run.
order_ids() {
    [[ -s $WORK/order-ids ]] ||
        psql_catalog -c "SELECT id FROM products WHERE stock >= 20 ORDER BY random() LIMIT 2000" >"$WORK/order-ids"
}

# POST /orders at a steady rate (orders/s at evenly spaced instants; 0 = as fast as 40 connections get answers) for
# some seconds, one in-stock product per order from $WORK/order-ids; paced, a connection per 2 orders/s keeps up
# with answers of up to 500 ms. PATH (default /orders; /api/orders through the gateway) and CONNECTIONS override.
# Prints wrk's RESULT line (nothing when wrk failed; its output stays in $WORK/wrk-orders.out).
wrk_orders() { # RATE SECONDS [PORT [PATH [CONNECTIONS]]]
    local rate=$1 seconds=$2 port=${3:-$ORDER_PORT} path=${4:-/orders} conns=40
    ((rate > 0)) && conns=$((rate / 2 > 8 ? rate / 2 : 8))
    conns=${5:-$conns}
    wrk -t1 -c"$conns" -d"${seconds}s" --timeout 5s -H "Authorization: Bearer $TOKEN" -s "$BENCH/wrk-orders.lua" \
        "http://$HOST:$port" -- "$WORK/order-ids" "$rate" "bench-$(date +%s%N)" "$path" \
        >"$WORK/wrk-orders.out" 2>&1 || true
    grep '^RESULT' "$WORK/wrk-orders.out" || true
}

# The classpath of RabbitMQ PerfTest (and the AMQP client JobFlood.java needs), fetched once into .fastshop/tools/.
perftest_classpath() {
    local dir=$FASTSHOP_HOME/tools/perf-test-$PERFTEST_VERSION
    if [[ ! -f $dir/perf-test-$PERFTEST_VERSION.jar ]]; then
        say "fetching RabbitMQ PerfTest $PERFTEST_VERSION from Maven Central (once)" >&2
        "$ROOT/mvnw" -B -q -f "$BENCH/perf-test.pom.xml" dependency:copy-dependencies -DoutputDirectory="$dir" >&2
    fi
    echo "$dir/*"
}
