#!/usr/bin/env bash
# ./fastshop bench [--quick] [--products N] [--gate FILE]
# Side-by-side benchmarks of the running local stack: every figure is measured in the same run, on this machine, next
# to its baseline, and only ratios are compared with targets. See docs/performance.md.
set -euo pipefail

usage() {
    cat <<'EOF_USAGE'
./fastshop bench [--quick] [--products N] [--gate FILE] [--no-docs]

  (default)     the full run: ~15-20 minutes; writes load-tests/results/DATE-COMMIT.md (+ .svg) and docs/performance.md
  --quick       short runs (5 s per measurement) on whatever data is loaded; writes the results file, not the docs
  --products N  first make sure the catalog holds at least N products (./fastshop seed --products N), e.g. 1000000
  --gate FILE   only what the CI performance gate compares (ratios), written as key=value lines to FILE
  --no-docs     do not rewrite docs/performance.md

Needs the stack: ./fastshop up. Starts its own helpers on free ports and stops them at the end: nginx (reverse-proxy
baseline), a second gateway with rate limiting off, one with limits out of reach, a catalog with its cache off, an
order service with the SQL statement counter on, a worker (time to ready), RabbitMQ PerfTest. Every load is bounded
in time and sent to 127.0.0.1 only.
EOF_USAGE
}

MODE=full PRODUCTS=0 GATE_FILE='' WRITE_DOCS=1
while [[ $# -gt 0 ]]; do
    case $1 in
    --quick) MODE=quick; shift ;;
    --products) PRODUCTS=${2:?--products needs a number}; shift 2 ;;
    --products=*) PRODUCTS=${1#*=}; shift ;;
    --gate) MODE=gate GATE_FILE=${2:?--gate needs a file}; shift 2 ;;
    --gate=*) MODE=gate GATE_FILE=${1#*=}; shift ;;
    --no-docs) WRITE_DOCS=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
    esac
done
[[ $PRODUCTS =~ ^[0-9]+$ ]] || die "--products needs a number, got '$PRODUCTS'"

BENCH=$ROOT/load-tests/bench
HOST=127.0.0.1
CATALOG_PORT=$(cat "$FASTSHOP_HOME/pids/catalog.port" 2>/dev/null || echo "${CATALOG_PORT:-8081}")
ORDER_PORT=$(cat "$FASTSHOP_HOME/pids/order.port" 2>/dev/null || echo "${ORDER_PORT:-8082}")
WORKER_PORT=$(cat "$FASTSHOP_HOME/pids/worker.port" 2>/dev/null || echo "${WORKER_PORT:-8083}")
GATEWAY_PORT=$(cat "$FASTSHOP_HOME/pids/gateway.port" 2>/dev/null || echo "${GATEWAY_PORT:-8080}")
# /q/* (health, metrics) is served on each service's management port, never on the public one.
CATALOG_MPORT=$(cat "$FASTSHOP_HOME/pids/catalog.mport" 2>/dev/null || echo "${CATALOG_MANAGEMENT_PORT:-9081}")
ORDER_MPORT=$(cat "$FASTSHOP_HOME/pids/order.mport" 2>/dev/null || echo "${ORDER_MANAGEMENT_PORT:-9082}")
WORKER_MPORT=$(cat "$FASTSHOP_HOME/pids/worker.mport" 2>/dev/null || echo "${WORKER_MANAGEMENT_PORT:-9083}")
PERFTEST_VERSION=2.22.1

# Durations (seconds) and rates per mode. Quick and gate runs only compare like with like in the same run, which is
# all a ratio needs. Extra instances are JVMs started seconds before: every warm-up must let C2 compile the proxy path
# (a fresh gateway needs 10-15 s of load to triple its throughput), or it compares a cold gateway with a warm catalog.
case $MODE in
full) RUN=10 WARM=15 LAT_RATE=400 ORDER_RATE=200 ORDER_RUN=30 OUTBOX_ROWS=20000 PERFTEST_RUN=15 SQL_REPEAT=7 ;;
quick) RUN=5 WARM=8 LAT_RATE=200 ORDER_RATE=50 ORDER_RUN=10 OUTBOX_ROWS=3000 PERFTEST_RUN=5 SQL_REPEAT=5 ;;
gate) RUN=5 WARM=15 LAT_RATE=200 ORDER_RATE=0 ORDER_RUN=0 OUTBOX_ROWS=0 PERFTEST_RUN=0 SQL_REPEAT=5 ;;
esac
# Orders and worker sections: warm-up rounds of unpaced orders (seconds each, fewest and most rounds); jobs published
# at once per type; the order rate of the order → invoice measurement.
case $MODE in
full) JOBS_INVOICE=3000 JOBS_EMAIL=2000 JOBS_IMAGE=200 INVOICE_RATE=100 ORDER_WARM=20 ORDER_WARM_MIN=4 ORDER_WARM_MAX=8 ;;
*) JOBS_INVOICE=500 JOBS_EMAIL=300 JOBS_IMAGE=40 INVOICE_RATE=50 ORDER_WARM=15 ORDER_WARM_MIN=1 ORDER_WARM_MAX=1 ;;
esac
# wrk connections: flat-out throughput runs; latency runs at a fixed rate (open loop, see wrk-pace.lua)
CONNECTIONS=64
LAT_CONNECTIONS=32

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fastshop-bench.XXXXXX")
: >"$WORK/extra-pids"
: >"$WORK/ports"
LOGS=$ROOT/load-tests/target/bench-logs
mkdir -p "$LOGS"
STARTED=$SECONDS
declare -a EXTRA_NAMES=() ROWS=() SQL_ROWS=() JOB_ROWS=() RATIOS=() SKIPS=() NOTES=()
declare -A EXTRA_PID=() EXTRA_PORT=() EXTRA_MPORT=() EXTRA_START=() EXTRA_DESC=() READY_S=() RSS_IDLE=() RSS_LOAD=() FIG=()
NGINX_PID='' SAMPLER_PID='' BROKER_USED=''

# ---------------------------------------------------------------------------------------------------------------
# Helpers

step() { printf '\n%s==> [%4ds] %s%s\n' "$C_BOLD" $((SECONDS - STARTED)) "$*" "$C_OFF"; }
say() { printf '    %s\n' "$*"; }
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

free_port() {
    local port tries
    for ((tries = 0; tries < 500; tries++)); do
        port=$((20000 + RANDOM % 20000))
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
psql_catalog() {
    PGPASSWORD=$CATALOG_DB_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U catalog -d "$CATALOG_DB" -X -qAt -v ON_ERROR_STOP=1 "$@"
}
psql_orders() {
    PGPASSWORD=$ORDER_DB_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U orders -d "$ORDER_DB" -X -qAt -v ON_ERROR_STOP=1 "$@"
}

# A metric's value summed over the series whose line matches a pattern, from a service's Prometheus endpoint.
metric_sum() {
    curl -fsS --max-time 5 "http://$HOST:$1/q/metrics" 2>/dev/null |
        awk -v name="$2" -v filter="${3:-}" 'index($0, name) == 1 && (filter == "" || index($0, filter)) { s += $NF }
            END { printf "%.0f", s }'
}

ensure_tool() { # command package
    have "$1" || apt_install "$2"
}

# launch_extra NAME SERVICE [VAR=VALUE …]: a second instance of a running service, with the same command line and
# environment as the stack's (read from /proc), on a free port, plus the overrides; does not wait.
launch_extra() {
    local name=$1 svc=$2 base port var
    shift 2
    base=$(pid_of "$svc") || { say "no running $svc to copy"; return 1; }
    port=$(free_port)
    var=$(tr '[:lower:]' '[:upper:]' <<<"$svc")_PORT
    local -a env cmd extra=("$var=$port" "${var%_PORT}_MANAGEMENT_PORT=$(free_port)")
    mapfile -d '' -t env <"/proc/$base/environ"
    mapfile -d '' -t cmd <"/proc/$base/cmdline"
    [[ $svc == gateway ]] && extra+=("GATEWAY_TLS_PORT=$(free_port)")
    EXTRA_START[$name]=$EPOCHREALTIME EXTRA_DESC[$name]=${*:-same config}
    (cd "$ROOT" && exec env -i "${env[@]}" "${extra[@]}" "$@" "${cmd[@]}" >"$LOGS/$name.log" 2>&1) &
    EXTRA_PID[$name]=$! EXTRA_PORT[$name]=$port EXTRA_MPORT[$name]=${extra[1]#*=}
    EXTRA_NAMES+=("$name")
    echo "$svc ${EXTRA_PID[$name]}" >>"$WORK/extra-pids"
}

# start_extra NAME SERVICE [VAR=VALUE …]: launch_extra (unless launched already) and wait until it is ready; an
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

cleanup() {
    local name
    [[ -n $SAMPLER_PID ]] && kill "$SAMPLER_PID" 2>/dev/null
    for name in "${EXTRA_NAMES[@]}"; do stop_extra "$name"; done
    if [[ -n $NGINX_PID ]]; then
        kill "$NGINX_PID" 2>/dev/null || true
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    if [[ -n $BROKER_USED ]]; then
        rabbitmqctl -q -p fastshop delete_queue bench.outbox >/dev/null 2>&1 || true
        psql_orders -c "DELETE FROM outbox WHERE aggregate = 'bench'" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

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
        R_RPS=0 R_P50='' R_P95='' R_P99='' R_ERRORS=-1
        return 1
    fi
    R_RPS=$(result_field rps "$line")
    R_P50=$(result_field p50_ms "$line")
    R_P95=$(result_field p95_ms "$line")
    R_P99=$(result_field p99_ms "$line")
    R_ERRORS=$(($(result_field socket_errors "$line") + $(result_field http_errors "$line")))
    printf '%8.0f rps  p50 %7.2f ms  p99 %7.2f ms  errors %d\n' "$R_RPS" "$R_P50" "$R_P99" "$R_ERRORS"
}

# measure LABEL KEY URL PATHS [wrk options…]: warm-up, a throughput run (CONNECTIONS, flat out) and a latency run at
# a fixed LAT_RATE; stores FIG[KEY.rps|p50|p99] and a table row.
measure() {
    local label=$1 key=$2 url=$3 paths=$4 rps errors
    shift 4
    wrk_run "$label (warm-up)" "$url" "$paths" 16 "$WARM" 0 "$@" >/dev/null || true
    wrk_run "$label, throughput" "$url" "$paths" "$CONNECTIONS" "$RUN" 0 "$@" || return 1
    rps=$R_RPS errors=$R_ERRORS
    if [[ $MODE == full ]]; then
        # The better of two runs: on a shared 2-core machine a background burst (JIT, GC, the worker) can halve one
        # run, and a ratio of two such runs would measure the burst.
        wrk_run "$label, throughput (again)" "$url" "$paths" "$CONNECTIONS" "$RUN" 0 "$@" || return 1
        if awk "BEGIN { exit !($R_RPS > $rps) }"; then
            rps=$R_RPS errors=$R_ERRORS
        fi
    fi
    if [[ $MODE == gate ]]; then # the gate compares throughput only
        fig "$key.rps" "$rps"
        row "$label" "$rps" "$R_P50" "$R_P99" "flat out"
        return 0
    fi
    wrk_run "$label, latency at ${LAT_RATE}/s" "$url" "$paths" "$LAT_CONNECTIONS" "$RUN" "$LAT_RATE" "$@" || return 1
    fig "$key.rps" "$rps"
    fig "$key.p50" "$R_P50"
    fig "$key.p99" "$R_P99"
    row "$label" "$rps" "$R_P50" "$R_P99" "$( ((errors + R_ERRORS > 0)) && echo "$((errors + R_ERRORS)) errors (non-2xx or socket)")"
}

# mint_token USER TIER: a dev token from ./fastshop token (the same claims the stack's users get).
mint_token() { "$ROOT/fastshop" token "$1" --tier "$2" 2>/dev/null; }

# ---------------------------------------------------------------------------------------------------------------
# Preconditions

ensure_tool wrk wrk
ensure_tool h2load nghttp2-client
ensure_tool psql postgresql-client
ready "$CATALOG_MPORT" || die "the catalog (port $CATALOG_PORT) is not ready: start the stack with ./fastshop up"
CATALOG_DB=$(database_of catalog CATALOG_DB_URL catalog)
CATALOG_REDIS_DB=$(database_of catalog REDIS_URL 0)
ORDER_DB=$(database_of order ORDER_DB_URL orders)

if ((PRODUCTS > 0)); then
    have_products=$(psql_catalog -c "SELECT count(*) FROM products")
    if ((have_products < PRODUCTS)); then
        [[ -f $ROOT/scripts/cmd-seed.sh ]] || die "--products needs ./fastshop seed, which does not exist yet"
        step "seeding: $have_products products loaded, $PRODUCTS wanted"
        "$ROOT/fastshop" seed --products "$PRODUCTS"
    fi
fi
PRODUCT_COUNT=$(psql_catalog -c "SELECT count(*) FROM products")
((PRODUCT_COUNT > 0)) || die "the catalog has no products: ./fastshop seed --products 10000"

TOKEN=$(mint_token bench-user premium) || TOKEN=''
[[ -n $TOKEN && ! -f $ROOT/scripts/cmd-token.sh ]] && NOTES+=("JWTs signed by the bench itself (./fastshop token did not exist yet).")

for svc in catalog order worker gateway; do
    pid=$(pid_of "$svc") && RSS_IDLE[$svc]=$(rss_mb "$pid")
done
start_rss_sampler

# Hot product ids (all served from the cache after the warm-up) and the paths the proxies are measured on.
psql_catalog -c "SELECT id FROM products ORDER BY id LIMIT 200" >"$WORK/ids"
sed 's|^|/products/|' "$WORK/ids" >"$WORK/paths-direct"
sed 's|^|/api/catalog/products/|' "$WORK/ids" >"$WORK/paths-gateway"

# ---------------------------------------------------------------------------------------------------------------
# 1 + 2: the same product GET directly, through nginx, through the gateway with and without auth + rate limiting

start_nginx() {
    ensure_tool nginx nginx-light
    local port dir=$WORK/nginx
    port=$(free_port)
    mkdir -p "$dir"
    chmod 755 "$WORK" "$dir"
    # The same work as the gateway's catalog route: strip /api/catalog, keep-alive upstream connections. No access
    # log, like the gateway instances this is compared with (GATEWAY_ACCESS_LOG=false).
    cat >"$dir/nginx.conf" <<EOF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    upstream catalog { server $HOST:$CATALOG_PORT; keepalive 128; }
    server {
        listen $HOST:$port;
        location /api/catalog/ {
            proxy_pass http://catalog/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
    nginx -c "$dir/nginx.conf" -g 'daemon off;' >"$LOGS/nginx.log" 2>&1 &
    NGINX_PID=$!
    wait_port "$HOST" "$port" 10 || { say "nginx did not start; see ${LOGS#"$ROOT"/}/nginx.log"; return 1; }
    NGINX_PORT=$port
    say "started nginx $(nginx -v 2>&1 | sed 's|.*/||') on port $port"
}

section_proxies() {
    step "1+2. product GET: direct vs nginx vs gateway (auth + rate limit on, and off)"
    local auth=() gw_on=''
    if [[ -n $TOKEN ]]; then
        auth=(-H "Authorization: Bearer $TOKEN")
        # Same jar and config as the stack's gateway; only the premium limit is out of reach, so every request pays
        # for JWT verification and the Redis rate-limit round trip but none is rejected.
        start_extra gateway-limits gateway GATEWAY_RATE_PREMIUM=100000000 GATEWAY_ACCESS_LOG=false && gw_on=gateway-limits
    else
        # Without tokens the anonymous tier is measured: rate limiting by client address, no JWT.
        start_extra gateway-limits gateway GATEWAY_RATE_ANONYMOUS=100000000 GATEWAY_ACCESS_LOG=false && gw_on=gateway-limits
        NOTES+=("./fastshop token did not exist: the gateway 'on' figure is anonymous (rate limit only, no JWT).")
    fi
    local gw_off=''
    [[ $MODE != gate ]] && start_extra gateway-nolimits gateway GATEWAY_RATE_LIMIT_ENABLED=false GATEWAY_ACCESS_LOG=false && gw_off=gateway-nolimits

    # Every hot product in the cache and the catalog's JIT warm before the first figure (the gate's own long
    # warm-up per measurement does this already, and the gate is on a clock).
    if [[ $MODE != gate ]]; then
        wrk_run "catalog direct (priming)" "http://$HOST:$CATALOG_PORT" "$WORK/paths-direct" 16 $((WARM * 2)) 0 >/dev/null || true
    fi
    measure "catalog direct" direct "http://$HOST:$CATALOG_PORT" "$WORK/paths-direct" ||
        { skip "proxy comparison" "the direct catalog run failed"; return 0; }
    if [[ $MODE != gate ]]; then
        if start_nginx; then
            # The same request as the gateway gets (its token too): nginx forwards it, the catalog ignores it.
            measure "nginx → catalog" nginx "http://$HOST:$NGINX_PORT" "$WORK/paths-gateway" "${auth[@]}" || true
        else
            skip "nginx baseline" "nginx did not start"
        fi
    fi
    if [[ -n $gw_on ]]; then
        measure "gateway → catalog (JWT + rate limit)" gateway "http://$HOST:${EXTRA_PORT[$gw_on]}" \
            "$WORK/paths-gateway" "${auth[@]}" || true
    else
        skip "gateway" "a second gateway instance could not be started"
    fi
    if [[ -n $gw_off ]]; then
        measure "gateway → catalog (limits off, anonymous)" gateway_off "http://$HOST:${EXTRA_PORT[$gw_off]}" \
            "$WORK/paths-gateway" || true
    fi

    if [[ -n ${FIG[gateway.rps]:-} ]]; then
        fig gateway_direct_rps_ratio "$(calc "${FIG[gateway.rps]} / ${FIG[direct.rps]}")"
        ratio "gateway / direct catalog, rps" "${FIG[gateway_direct_rps_ratio]}" "—"
    fi
    if [[ -n ${FIG[gateway.p50]:-} && -n ${FIG[direct.p50]:-} ]]; then # latency runs are not part of the gate
        fig gateway_added_p50_ms "$(calc "${FIG[gateway.p50]} - ${FIG[direct.p50]}")"
        fig gateway_added_p99_ms "$(calc "${FIG[gateway.p99]} - ${FIG[direct.p99]}")"
        ratio "gateway added latency p50 (ms)" "${FIG[gateway_added_p50_ms]}" "≤ 0.5"
        ratio "gateway added latency p99 (ms)" "${FIG[gateway_added_p99_ms]}" "≤ 2"
    fi
    if [[ -n ${FIG[gateway.rps]:-} && -n ${FIG[nginx.rps]:-} ]]; then
        fig gateway_nginx_rps_ratio "$(calc "${FIG[gateway.rps]} / ${FIG[nginx.rps]}")"
        ratio "gateway / nginx, rps" "${FIG[gateway_nginx_rps_ratio]}" "≥ 0.9"
        fig nginx_added_p50_ms "$(calc "${FIG[nginx.p50]} - ${FIG[direct.p50]}")"
        ratio "nginx added latency p50 (ms)" "${FIG[nginx_added_p50_ms]}" "(baseline)"
    fi
    if [[ -n ${FIG[gateway.rps]:-} && -n ${FIG[gateway_off.rps]:-} ]]; then
        fig auth_ratelimit_cost_pct "$(calc "100 * (1 - ${FIG[gateway.rps]} / ${FIG[gateway_off.rps]})" 1)"
        ratio "auth + rate limiting cost, % of rps" "${FIG[auth_ratelimit_cost_pct]}" "≤ 20"
    fi
    [[ -n $NGINX_PID ]] && { kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=''; }
    [[ -n $gw_off ]] && stop_extra "$gw_off"
    [[ -n $gw_on ]] && stop_extra "$gw_on"
    return 0
}

# ---------------------------------------------------------------------------------------------------------------
# 3: cache hit vs database path; a stampede on one cold key

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

# ---------------------------------------------------------------------------------------------------------------
# 4: SQL plans: full-text vs ILIKE, keyset vs OFFSET

# median execution time (ms) of a statement over SQL_REPEAT EXPLAIN ANALYZE runs; the last plan goes to FILE
explain_ms() {
    local sql=$1 file=$2 i times=()
    for ((i = 0; i < SQL_REPEAT; i++)); do
        psql_catalog -c "EXPLAIN (ANALYZE, BUFFERS) $sql" >"$file"
        times+=("$(sed -n 's/^Execution Time: \([0-9.]*\) ms/\1/p' "$file")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", v[int((NR + 1) / 2)] }'
}

SEARCH_TERM='wireless headphones'
RANK_WINDOW=200 # the catalog's default catalog.search.rank-window
section_sql() {
    step "4. SQL: full-text search vs ILIKE, keyset vs OFFSET pages ($PRODUCT_COUNT products, median of $SQL_REPEAT)"
    local columns='p.id, p.sku, p.name, p.brand, p.price, p.currency, p.stock, p.rating'
    local fts ilike term=$SEARCH_TERM
    # The catalog's own query shape (SearchSql): websearch_to_tsquery on the weighted tsvector, a window of matches
    # ranked, top 21.
    fts="SELECT $columns FROM (SELECT p.*, ts_rank_cd(p.search, websearch_to_tsquery('english', '$term')) AS rank
        FROM products p WHERE p.search @@ websearch_to_tsquery('english', '$term') LIMIT $RANK_WINDOW) p
        ORDER BY p.rank DESC, p.id LIMIT 21"
    # What it replaces: substring matching on name and description, every word, best-rated first.
    local like_where='' word words
    read -ra words <<<"$term"
    for word in "${words[@]}"; do
        like_where+="${like_where:+ AND }(p.name ILIKE '%$word%' OR p.description ILIKE '%$word%')"
    done
    ilike="SELECT $columns FROM products p WHERE $like_where ORDER BY p.rating DESC NULLS LAST, p.id LIMIT 21"
    FIG[fts.ms]=$(explain_ms "$fts" "$WORK/plan-fts")
    say "full-text '$term': ${FIG[fts.ms]} ms"
    # On demo data the planner may rightly prefer a sequential scan; with sequential scans priced out, a plan still
    # without the index means the query can no longer use it (an expression that does not match, a dropped index).
    if grep -q 'products_search_gin' "$WORK/plan-fts"; then fig search_plan_chooses_gin true; else fig search_plan_chooses_gin false; fi
    if psql_catalog -c "SET enable_seqscan = off" -c "EXPLAIN $fts" | grep 'products_search_gin' >/dev/null; then
        fig search_plan_uses_gin true
    else
        fig search_plan_uses_gin false
    fi
    ratio "full-text query can use the GIN index (products_search_gin)" "${FIG[search_plan_uses_gin]}" "true"
    ratio "… and the planner chooses it at $PRODUCT_COUNT products" "${FIG[search_plan_chooses_gin]}" "true on 1M"
    [[ $MODE == gate ]] && return 0

    FIG[ilike.ms]=$(explain_ms "$ilike" "$WORK/plan-ilike")
    say "ILIKE '$term': ${FIG[ilike.ms]} ms"
    fig ilike_fts_ratio "$(calc "${FIG[ilike.ms]} / ${FIG[fts.ms]}" 1)"
    ratio "ILIKE / full-text search, execution time" "${FIG[ilike_fts_ratio]}" "≥ 100 (1M products)"
    sql_row "full-text search '$term' (GIN, $RANK_WINDOW matches ranked)" "${FIG[fts.ms]}"
    sql_row "ILIKE '%…%' on name and description" "${FIG[ilike.ms]}"

    local page=$((PRODUCT_COUNT / 20 - 1))
    ((page > 10000)) && page=10000
    ((page < 2)) && { skip "keyset pages" "too few products"; return 0; }
    local after keyset1 keysetn offsetn
    after=$(psql_catalog -F, -c "SELECT price, id FROM products ORDER BY price, id OFFSET $(((page - 1) * 20 - 1)) LIMIT 1")
    keyset1="SELECT $columns FROM products p ORDER BY p.price, p.id LIMIT 21"
    keysetn="SELECT $columns FROM products p WHERE (p.price, p.id) > (${after%,*}, ${after#*,}) ORDER BY p.price, p.id LIMIT 21"
    offsetn="SELECT $columns FROM products p ORDER BY p.price, p.id OFFSET $(((page - 1) * 20)) LIMIT 21"
    FIG[keyset1.ms]=$(explain_ms "$keyset1" "$WORK/plan-keyset1")
    FIG[keysetn.ms]=$(explain_ms "$keysetn" "$WORK/plan-keysetn")
    FIG[offsetn.ms]=$(explain_ms "$offsetn" "$WORK/plan-offsetn")
    fig keyset_page "$page"
    say "page 1: ${FIG[keyset1.ms]} ms; keyset page $page: ${FIG[keysetn.ms]} ms; OFFSET page $page: ${FIG[offsetn.ms]} ms"
    fig keyset_pagen_page1_ratio "$(calc "${FIG[keysetn.ms]} / ${FIG[keyset1.ms]}")"
    fig offset_keyset_ratio "$(calc "${FIG[offsetn.ms]} / ${FIG[keysetn.ms]}" 1)"
    ratio "keyset page $page / page 1, execution time" "${FIG[keyset_pagen_page1_ratio]}" "≤ 1.2"
    ratio "OFFSET page $page / keyset page $page" "${FIG[offset_keyset_ratio]}" "grows with the page"
    sql_row "page 1 by price" "${FIG[keyset1.ms]}"
    sql_row "keyset page $page by price" "${FIG[keysetn.ms]}"
    sql_row "OFFSET page $page by price" "${FIG[offsetn.ms]}"
}

# ---------------------------------------------------------------------------------------------------------------
# 5: orders at a fixed rate; outbox relay throughput vs RabbitMQ PerfTest; statements per order-list request

section_orders() {
    step "5. POST /orders at ${ORDER_RATE}/s; outbox → RabbitMQ vs PerfTest"
    if ! ready "$ORDER_MPORT"; then
        skip "orders" "the order service (port $ORDER_PORT) is not ready"
        return 0
    fi
    if [[ -z $TOKEN ]]; then
        skip "POST /orders" "no JWT: ./fastshop token does not exist yet"
    else
        psql_catalog -c "SELECT id FROM products WHERE stock >= 20 ORDER BY random() LIMIT 2000" >"$WORK/order-ids"
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

# The local SMTP server (GreenMail) keeps every mail in memory: thousands of invoices with their PDFs would exhaust
# it mid-run and turn the email jobs into retries. The benchmark's mail is not worth keeping.
purge_mail() {
    curl -fsS -o /dev/null --max-time 5 -X POST "http://127.0.0.1:$GREENMAIL_API_PORT/api/mail/purge" 2>/dev/null || true
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

# POST /orders at a steady rate (orders/s at evenly spaced instants; 0 = as fast as 40 connections get answers) for
# some seconds, one in-stock product per order from $WORK/order-ids; paced, a connection per 2 orders/s keeps up
# with answers of up to 500 ms. Prints wrk's RESULT line (nothing when wrk failed; its output stays in
# $WORK/wrk-orders.out).
wrk_orders() { # RATE SECONDS [PORT]
    local rate=$1 seconds=$2 port=${3:-$ORDER_PORT} conns=40
    ((rate > 0)) && conns=$((rate / 2 > 8 ? rate / 2 : 8))
    wrk -t1 -c$conns -d"${seconds}s" --timeout 5s -H "Authorization: Bearer $TOKEN" -s "$BENCH/wrk-orders.lua" \
        "http://$HOST:$port" -- "$WORK/order-ids" "$rate" "bench-$(date +%s%N)" \
        >"$WORK/wrk-orders.out" 2>&1 || true
    grep '^RESULT' "$WORK/wrk-orders.out" || true
}


# The same orders on an order instance that renders each invoice PDF inside the request (a shop without a worker),
# warmed up the same way: how much the asynchronous path saves the caller.
section_inline_invoice() {
    if ! start_extra order-inline order FASTSHOP_DIAGNOSTICS_INLINE_INVOICE=true; then
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

perftest_classpath() {
    local dir=$FASTSHOP_HOME/tools/perf-test-$PERFTEST_VERSION
    if [[ ! -f $dir/perf-test-$PERFTEST_VERSION.jar ]]; then
        say "fetching RabbitMQ PerfTest $PERFTEST_VERSION from Maven Central (once)" >&2
        "$ROOT/mvnw" -B -q -f "$BENCH/perf-test.pom.xml" dependency:copy-dependencies -DoutputDirectory="$dir" >&2
    fi
    echo "$dir/*"
}

section_outbox() {
    local cp uri out rate
    cp=$(perftest_classpath) || { skip "PerfTest" "could not fetch com.rabbitmq:perf-test:$PERFTEST_VERSION"; return 0; }
    uri="amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@$RABBIT_HOST:$RABBIT_PORT/fastshop"
    # Publisher confirms (up to 64 unconfirmed), persistent 400-byte messages, into a durable queue that the outbox
    # run below reuses, on the stack's own vhost: the same broker work the relay asks for.
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

# ---------------------------------------------------------------------------------------------------------------
# 7: the worker alone (jobs per CPU-second per job type) and POST /orders → invoice ready under a steady order rate

# CPU seconds (user + system) a process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }

# Cumulative buckets of a histogram as "le count" lines: PORT, the _bucket series, a label text the line must hold.
histogram_buckets() {
    curl -fsS --max-time 5 "http://$HOST:$1/q/metrics" 2>/dev/null |
        awk -v name="$2{" -v filter="${3:-}" 'index($0, name) == 1 && index($0, filter) {
            match($0, /le="[^"]*"/); print substr($0, RSTART + 4, RLENGTH - 5), $NF }'
}

# The smallest bucket bound (ms) holding at least the quantile of the jobs counted between two bucket snapshots.
bucket_quantile() { # BEFORE_FILE AFTER_FILE QUANTILE
    awk -v q="$3" 'NR == FNR { before[$1] = $2; next }
        { le[++n] = $1; count[n] = $2 - before[$1] }
        END { total = count[n]; for (i = 1; i <= n; i++) if (total > 0 && count[i] >= q * total) {
            printf "%s", le[i] == "+Inf" ? "inf" : sprintf("%.0f", le[i] * 1000); exit } }' "$1" "$2"
}

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
    [[ -s $WORK/order-ids ]] ||
        psql_catalog -c "SELECT id FROM products WHERE stock >= 20 ORDER BY random() LIMIT 2000" >"$WORK/order-ids"
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

# ---------------------------------------------------------------------------------------------------------------
# 6: time to ready and memory

section_footprint() {
    step "6. time to ready and resident memory"
    if [[ -z ${READY_S[worker]:-} ]] && pid_of worker >/dev/null; then
        start_extra worker-ready worker && stop_extra worker-ready
    fi
    local svc
    while read -r svc rss; do
        [[ -n $rss ]] && ((rss > ${RSS_LOAD[$svc]:-0})) && RSS_LOAD[$svc]=$rss
    done <"$WORK/rss.log"
    for svc in catalog order worker gateway; do
        fig "$svc.ready_s" "${READY_S[$svc]:-}"
        fig "$svc.rss_idle_mb" "${RSS_IDLE[$svc]:-}"
        fig "$svc.rss_load_mb" "${RSS_LOAD[$svc]:-}"
    done
}

# ---------------------------------------------------------------------------------------------------------------
# Run

if [[ $MODE == gate ]]; then
    # The gate is on a clock: the three extra instances start side by side (no time-to-ready figures then).
    step "starting the comparison instances"
    if [[ -n $TOKEN ]]; then
        launch_extra gateway-limits gateway GATEWAY_RATE_PREMIUM=100000000 GATEWAY_ACCESS_LOG=false || true
    else
        launch_extra gateway-limits gateway GATEWAY_RATE_ANONYMOUS=100000000 GATEWAY_ACCESS_LOG=false || true
    fi
    launch_extra catalog-nocache catalog CATALOG_CACHE_ENABLED=false || true
    [[ -n $TOKEN ]] && { launch_extra order-diagnostics order FASTSHOP_DIAGNOSTICS_SQL_STATEMENTS_HEADER=true || true; }
fi
section_proxies
section_cache
section_sql
if [[ $MODE == gate ]]; then
    section_statements
    step "gate figures → $GATE_FILE"
    {
        for key in gateway_direct_rps_ratio cache_hit_db_rps_ratio order_list_statements search_plan_uses_gin; do
            [[ -n ${FIG[$key]:-} ]] && echo "$key=${FIG[$key]}"
        done
        for line in "${SKIPS[@]}"; do echo "# skipped $line"; done
    } >"$GATE_FILE"
    cat "$GATE_FILE"
    exit 0
fi
section_orders
section_statements
section_worker
section_footprint

# ---------------------------------------------------------------------------------------------------------------
# Report

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
    awk -v gen="$WORK/generated.md" '
        /<!-- bench:begin -->/ { print; while ((getline line < gen) > 0) print line; skip = 1; next }
        /<!-- bench:end -->/ { skip = 0 }
        !skip { print }' "$DOC" >"$WORK/doc.md" && cat "$WORK/doc.md" >"$DOC"
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
