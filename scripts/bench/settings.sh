# shellcheck shell=bash disable=SC2034
# (SC2034: the sections and the report read these.)
# ./fastshop bench: where the stack listens, durations and rates per mode (MODE, set by scripts/cmd-bench.sh from the
# options), and the run's state, shared by every section. Sourced by scripts/cmd-bench.sh, never run: creates the
# run's scratch directory ($WORK), which cleanup (scripts/bench/common.sh) removes.

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
quick) RUN=5 WARM=15 LAT_RATE=200 ORDER_RATE=50 ORDER_RUN=10 OUTBOX_ROWS=3000 PERFTEST_RUN=5 SQL_REPEAT=5 ;;
gate) RUN=5 WARM=15 LAT_RATE=200 ORDER_RATE=0 ORDER_RUN=0 OUTBOX_ROWS=0 PERFTEST_RUN=0 SQL_REPEAT=5 ;;
esac
# Orders and worker sections: warm-up rounds of unpaced orders (seconds each, fewest and most rounds); jobs published
# at once per type; the order rate of the order → invoice measurement.
case $MODE in
full) JOBS_INVOICE=3000 JOBS_EMAIL=2000 JOBS_IMAGE=200 INVOICE_RATE=100 ORDER_WARM=20 ORDER_WARM_MIN=4 ORDER_WARM_MAX=8 ;;
*) JOBS_INVOICE=500 JOBS_EMAIL=300 JOBS_IMAGE=40 INVOICE_RATE=50 ORDER_WARM=15 ORDER_WARM_MIN=1 ORDER_WARM_MAX=1 ;;
esac
# CPU per order (section 8, issue 20's measure): warm-up orders, then measured orders, through the gateway.
case $MODE in
full) ORDER_CPU_WARM=600 ORDER_CPU_COUNT=800 ;;
*) ORDER_CPU_WARM=300 ORDER_CPU_COUNT=400 ;;
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
NGINX_PID='' BARE_PID='' SAMPLER_PID='' LAG_SAMPLER_PID='' REPLICA_STOPPED='' BROKER_USED=''
CLK_TCK=$(getconf CLK_TCK)
