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
baseline), a bare vertx-http-proxy on the gateway's JVM (platform baseline, load-tests/bench/BareProxy.java), a second
gateway with rate limiting off, one with limits out of reach, a catalog with its cache off, an order service with the
SQL statement counter on, a worker (time to ready), RabbitMQ PerfTest. Every load is bounded in time and sent to
127.0.0.1 only.
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

# The rest lives in scripts/bench/: settings.sh (ports, durations per mode, run state), common.sh (the helpers every
# section shares), preconditions.sh, one file per section (proxies, cache, sql, orders, worker, order-cpu, replica,
# footprint) and report.sh; the awk programs they call are scripts/bench/*.awk. ./fastshop sources this file in a
# subshell with scripts/lib.sh loaded, from inside a function, so the declare -A/-a of settings.sh make variables of
# that subshell: source scripts/bench/*.sh here, never from inside a function.
BENCH_LIB=$ROOT/scripts/bench
# shellcheck source=scripts/bench/settings.sh
. "$BENCH_LIB/settings.sh"
# shellcheck source=scripts/bench/common.sh
. "$BENCH_LIB/common.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM
# shellcheck source=scripts/bench/preconditions.sh
. "$BENCH_LIB/preconditions.sh"
# shellcheck source=scripts/bench/proxies.sh
. "$BENCH_LIB/proxies.sh"
# shellcheck source=scripts/bench/cache.sh
. "$BENCH_LIB/cache.sh"
# shellcheck source=scripts/bench/sql.sh
. "$BENCH_LIB/sql.sh"
# shellcheck source=scripts/bench/orders.sh
. "$BENCH_LIB/orders.sh"
# shellcheck source=scripts/bench/worker.sh
. "$BENCH_LIB/worker.sh"
# shellcheck source=scripts/bench/order-cpu.sh
. "$BENCH_LIB/order-cpu.sh"
# shellcheck source=scripts/bench/footprint.sh
. "$BENCH_LIB/footprint.sh"
# shellcheck source=scripts/bench/replica.sh
. "$BENCH_LIB/replica.sh"
# shellcheck source=scripts/bench/report.sh
. "$BENCH_LIB/report.sh"

preconditions

# ---------------------------------------------------------------------------------------------------------------
# Run

if [[ $MODE == gate ]]; then
    # The gate is on a clock: extra instances start side by side (no time-to-ready figures then), but not during the
    # proxy runs: two JVMs compiling their start-up on the same 2 cores halved the gateway's figure.
    step "starting the comparison gateway"
    if [[ -n $TOKEN ]]; then
        launch_extra gateway-limits gateway GATEWAY_RATE_PREMIUM=100000000 GATEWAY_ACCESS_LOG=false || true
    else
        launch_extra gateway-limits gateway GATEWAY_RATE_ANONYMOUS=100000000 GATEWAY_ACCESS_LOG=false || true
    fi
fi
section_proxies
if [[ $MODE == gate ]]; then
    launch_extra catalog-nocache catalog CATALOG_CACHE_ENABLED=false || true
    [[ -n $TOKEN ]] && { launch_extra order-diagnostics order FASTSHOP_DIAGNOSTICS_SQL_STATEMENTS_HEADER=true || true; }
fi
section_cache
section_sql
if [[ $MODE == gate ]]; then
    section_statements
    step "gate figures → $GATE_FILE"
    {
        for key in gateway_direct_rps_ratio gateway_nginx_rps_ratio gateway_bare_cpu_ratio cache_hit_db_rps_ratio \
            order_list_statements search_plan_uses_gin; do
            [[ -n ${FIG[$key]:-} ]] && echo "$key=${FIG[$key]}"
        done
        for line in "${SKIPS[@]}"; do echo "# skipped $line"; done
    } >"$GATE_FILE"
    cat "$GATE_FILE"
    exit 0
fi
replica_lag_sampler start
section_orders
replica_lag_sampler stop
section_statements
section_worker
section_order_cpu
section_replica
section_footprint
report
