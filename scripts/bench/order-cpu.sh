# shellcheck shell=bash disable=SC2153
# (SC2153: ORDER_CPU_WARM and ORDER_CPU_COUNT come from scripts/bench/settings.sh.)
# ./fastshop bench, section 8: what one order costs in CPU, every process of the stack counted, the way an outside
# check measures it: ORDER_CPU_WARM orders through the gateway at concurrency 8 (and their jobs) to warm up, then
# ORDER_CPU_COUNT more, timed until every invoice is READY and every email SENT. CPU of each process from /proc over
# that window (JIT compiler threads left out, see cpu_ticks), less its idle rate measured just before.
# Sourced by scripts/cmd-bench.sh, never run; uses scripts/bench/common.sh.
# section_order_cpu: figures order_cpu.<role>_ms, order_cpu.total_ms, order_cpu.request_path_ms, orders_per_cpu_s.

ORDER_CPU_ROLES=(gateway order catalog worker smtp postgresql rabbitmq redis)

# The processes of a role now: the stack's own services by pid file, the servers by process name (PostgreSQL's
# backends come and go with the pools; each is counted while it exists).
role_pids() {
    case $1 in
    postgresql) pgrep -x postgres ;;
    rabbitmq) pgrep -x beam.smp ;;
    redis) pgrep -x redis-server ;;
    *) pid_of "$1" ;;
    esac
}

# Every role's CPU ticks so far, into the associative array named ARRAY.
snapshot_ticks() { # ARRAY
    local -n into=$1
    local role
    for role in "${ORDER_CPU_ROLES[@]}"; do
        # shellcheck disable=SC2046,SC2034,SC2004 # one argument per pid; into names the caller's associative array
        into[$role]=$(cpu_ticks $(role_pids "$role"))
    done
}

orders_since() { psql_orders -c "SELECT count(*) FROM orders WHERE created_at >= '$1'"; } # SINCE

# Waits (at most 180 s) until no invoice or email job of the orders created since SINCE is PENDING; prints how many
# are left.
wait_for_order_jobs() { # SINCE
    local deadline=$((SECONDS + 180)) pending
    while :; do
        pending=$(psql_orders -c "SELECT count(*) FROM order_jobs j JOIN orders o ON o.id = j.order_id
            WHERE o.created_at >= '$1' AND j.status = 'PENDING'")
        ((pending == 0 || SECONDS > deadline)) && break
        sleep 0.5
    done
    echo "$pending"
}

# Sends orders through the gateway at concurrency 8 until COUNT orders exist since SINCE (at most 300 s), then stops.
orders_through_gateway() { # COUNT SINCE
    local deadline=$((SECONDS + 300)) made=0 wrk_pid
    wrk_orders 0 300 "$GATEWAY_PORT" /api/orders 8 >/dev/null &
    wrk_pid=$!
    while kill -0 "$wrk_pid" 2>/dev/null && ((SECONDS < deadline)); do
        made=$(orders_since "$2")
        ((made >= $1)) && break
        sleep 0.2
    done
    pkill -P "$wrk_pid" wrk 2>/dev/null || true
    wait "$wrk_pid" 2>/dev/null || true
}

section_order_cpu() {
    step "8. CPU per order, every process: $ORDER_CPU_COUNT orders through the gateway at concurrency 8, jobs included"
    if [[ -z $TOKEN ]] || ! ready "$ORDER_MPORT"; then
        skip "CPU per order" "the order service is not ready or there is no JWT"
        return 0
    fi
    order_ids
    local since pending orders elapsed start_s end_s role total=0 path=0 ms
    local -A idle=() before=() after=()
    purge_mail
    since=$(psql_orders -c "SELECT now()")
    orders_through_gateway "$ORDER_CPU_WARM" "$since"
    say "warm-up: $(orders_since "$since") orders"
    pending=$(wait_for_order_jobs "$since")
    ((pending == 0)) || say "warm-up: $pending jobs still pending after 180 s"
    # Each process' idle rate, so that timers, pollers and the broker's own bookkeeping are not charged to orders.
    snapshot_ticks before
    start_s=$EPOCHREALTIME
    sleep 5
    elapsed=$(calc "$EPOCHREALTIME - $start_s" 3)
    snapshot_ticks after
    for role in "${ORDER_CPU_ROLES[@]}"; do idle[$role]=$(calc "(${after[$role]} - ${before[$role]}) / $elapsed" 3); done

    purge_mail
    since=$(psql_orders -c "SELECT now()")
    snapshot_ticks before
    start_s=$EPOCHREALTIME
    orders_through_gateway "$ORDER_CPU_COUNT" "$since"
    pending=$(wait_for_order_jobs "$since")
    end_s=$EPOCHREALTIME
    snapshot_ticks after
    elapsed=$(calc "$end_s - $start_s" 3)
    orders=$(orders_since "$since")
    if ((orders == 0)); then
        skip "CPU per order" "no order went through the gateway"
        return 0
    fi
    ((pending == 0)) || NOTES+=("CPU per order: $pending jobs still PENDING after 180 s; their CPU is missing.")
    local detail=''
    for role in "${ORDER_CPU_ROLES[@]}"; do
        # Less its idle rate; a process that was busier idle than under load (noise in 5 s) counts 0, not less.
        ms=$(calc "(${after[$role]} - ${before[$role]} - ${idle[$role]} * $elapsed) * 1000 / $CLK_TCK / $orders" 2)
        ms=$(awk -v m="$ms" 'BEGIN { print (m < 0 ? "0.00" : m) }')
        fig "order_cpu.${role}_ms" "$ms"
        total=$(calc "$total + $ms" 2)
        case $role in gateway | order | catalog) path=$(calc "$path + $ms" 2) ;; esac
        detail+="${detail:+, }$role $ms"
    done
    fig order_cpu.total_ms "$total"
    fig order_cpu.request_path_ms "$path"
    fig orders_per_cpu_s "$(calc "1000 / $total" 1)"
    say "$orders orders in ${elapsed}s, jobs done: $total CPU-ms per order ($detail)"
    ratio "CPU per order, every process, jobs included (ms)" "$total" "≤ 14"
    ratio "orders per CPU-second" "${FIG[orders_per_cpu_s]}" "≥ 70"
    ratio "CPU per order in gateway + order + catalog (ms; PostgreSQL and RabbitMQ in the line below)" "$path" "≤ 7"
    ratio "CPU per order by process (ms)" "$detail" "—"
}
