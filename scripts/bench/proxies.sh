# shellcheck shell=bash
# ./fastshop bench, sections 1 + 2: the same product GET directly, through nginx, through the gateway with and
# without auth + rate limiting. Sourced by scripts/cmd-bench.sh, never run; uses scripts/bench/common.sh.
# section_proxies: figures direct.*, nginx.*, bare.*, gateway.*, gateway_off.* (rps, p50, p99, cpu_us: CPU-µs per
# request of the proxy's own processes), gateway_direct_rps_ratio, gateway_nginx_rps_ratio, gateway_off_nginx_rps_ratio,
# bare_nginx_rps_ratio, gateway_off_bare_cpu_ratio, gateway_bare_cpu_ratio, gateway_added_p50_ms/p99_ms,
# nginx_added_p50_ms, auth_ratelimit_cost_pct.

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

# The platform baseline: vertx-http-proxy and nothing else (load-tests/bench/BareProxy.java) on the gateway's own JVM
# flags, jars and event-loop count (its HTTP server runs one event loop per core).
start_bare_proxy() {
    local port base jars=$ROOT/gateway-service/target/quarkus-app/lib/main arg
    local -a flags=()
    base=$(pid_of gateway) || { say "no running gateway to copy the JVM flags from"; return 1; }
    while IFS= read -r -d '' arg; do
        [[ $arg == -jar ]] && break
        flags+=("$arg")
    done <"/proc/$base/cmdline"
    port=$(free_port)
    "${flags[@]}" -cp "$jars/*" "$BENCH/BareProxy.java" "$port" "$HOST" "$CATALOG_PORT" /api/catalog "$(nproc)" \
        >"$LOGS/bare-proxy.log" 2>&1 &
    BARE_PID=$!
    wait_port "$HOST" "$port" 60 || { say "the bare proxy did not start; see ${LOGS#"$ROOT"/}/bare-proxy.log"; return 1; }
    BARE_PORT=$port
    say "started the bare vertx-http-proxy on port $port ($(nproc) event loops, ${flags[*]:1})"
}

# ratio_of KEY NUMERATOR DENOMINATOR LABEL TARGET: FIG[KEY] = FIG[NUMERATOR] / FIG[DENOMINATOR] and its row in the
# ratio table, when both were measured.
ratio_of() {
    [[ -n ${FIG[$2]:-} && -n ${FIG[$3]:-} ]] || return 0
    fig "$1" "$(calc "${FIG[$2]} / ${FIG[$3]}")"
    ratio "$4" "${FIG[$1]}" "$5"
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
    if start_nginx; then
        # The same request as the gateway gets (its token too): nginx forwards it, the catalog ignores it.
        CPU_PIDS="$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')" \
            measure "nginx → catalog" nginx "http://$HOST:$NGINX_PORT" "$WORK/paths-gateway" "${auth[@]}" || true
    else
        skip "nginx baseline" "nginx did not start"
    fi
    # A JVM proxy started seconds ago is still compiling its request path after WARM seconds of load (its CPU per
    # request halves between its first and third 5 s run): the JVM proxies get twice the warm-up.
    local jvm_warm=$((WARM * 2))
    if start_bare_proxy; then
        MEASURE_WARM=$jvm_warm CPU_PIDS=$BARE_PID measure "bare vertx-http-proxy → catalog" bare "http://$HOST:$BARE_PORT" \
            "$WORK/paths-gateway" "${auth[@]}" || true
    else
        skip "bare proxy baseline" "the bare vertx-http-proxy did not start"
    fi
    if [[ -n $gw_on ]]; then
        MEASURE_WARM=$jvm_warm CPU_PIDS=${EXTRA_PID[$gw_on]} measure "gateway → catalog (JWT + rate limit)" gateway \
            "http://$HOST:${EXTRA_PORT[$gw_on]}" "$WORK/paths-gateway" "${auth[@]}" || true
    else
        skip "gateway" "a second gateway instance could not be started"
    fi
    if [[ -n $gw_off ]]; then
        MEASURE_WARM=$jvm_warm CPU_PIDS=${EXTRA_PID[$gw_off]} measure "gateway → catalog (limits off, anonymous)" gateway_off \
            "http://$HOST:${EXTRA_PORT[$gw_off]}" "$WORK/paths-gateway" || true
    fi

    ratio_of gateway_direct_rps_ratio gateway.rps direct.rps "gateway / direct catalog, rps" "—"
    if [[ -n ${FIG[gateway.p50]:-} && -n ${FIG[direct.p50]:-} ]]; then # latency runs are not part of the gate
        fig gateway_added_p50_ms "$(calc "${FIG[gateway.p50]} - ${FIG[direct.p50]}")"
        fig gateway_added_p99_ms "$(calc "${FIG[gateway.p99]} - ${FIG[direct.p99]}")"
        ratio "gateway added latency p50 (ms)" "${FIG[gateway_added_p50_ms]}" "≤ 0.5"
        ratio "gateway added latency p99 (ms)" "${FIG[gateway_added_p99_ms]}" "≤ 2"
    fi
    ratio_of gateway_nginx_rps_ratio gateway.rps nginx.rps "gateway (JWT + rate limit) / nginx, rps" "≥ 0.8"
    ratio_of gateway_off_nginx_rps_ratio gateway_off.rps nginx.rps "gateway (limits off) / nginx, rps" "≥ 0.9"
    ratio_of bare_nginx_rps_ratio bare.rps nginx.rps "bare vertx-http-proxy / nginx, rps" "(platform baseline)"
    ratio_of gateway_off_bare_rps_ratio gateway_off.rps bare.rps "gateway (limits off) / bare proxy, rps" "—"
    ratio_of gateway_off_bare_cpu_ratio gateway_off.cpu_us bare.cpu_us \
        "gateway (limits off) / bare proxy, CPU-µs per request" "≤ 1.2"
    ratio_of gateway_bare_cpu_ratio gateway.cpu_us bare.cpu_us \
        "gateway (JWT + rate limit) / bare proxy, CPU-µs per request" "—"
    if [[ -n ${FIG[nginx.p50]:-} && -n ${FIG[direct.p50]:-} ]]; then
        fig nginx_added_p50_ms "$(calc "${FIG[nginx.p50]} - ${FIG[direct.p50]}")"
        ratio "nginx added latency p50 (ms)" "${FIG[nginx_added_p50_ms]}" "(baseline)"
    fi
    if [[ -n ${FIG[gateway.rps]:-} && -n ${FIG[gateway_off.rps]:-} ]]; then
        fig auth_ratelimit_cost_pct "$(calc "100 * (1 - ${FIG[gateway.rps]} / ${FIG[gateway_off.rps]})" 1)"
        ratio "auth + rate limiting cost, % of rps" "${FIG[auth_ratelimit_cost_pct]}" "≤ 20"
    fi
    stop_baselines
    [[ -n $gw_off ]] && stop_extra "$gw_off"
    [[ -n $gw_on ]] && stop_extra "$gw_on"
    return 0
}
