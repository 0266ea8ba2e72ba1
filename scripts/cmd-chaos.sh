#!/usr/bin/env bash
# ./fastshop chaos [SCENARIO…] [--orders N] [--rate R] [--no-docs]
# Fault scenarios as a release gate: a paced order stream through the gateway, one fault mid-stream, then an audit of
# what the system's own stores hold. Exits 1 when an accepted order was lost, a side effect happened twice, stock did
# not balance or an order exists for a rejected request.
set -euo pipefail

CHAOS=$ROOT/scripts/chaos
# shellcheck source=scripts/chaos/scenarios.sh
. "$CHAOS/scenarios.sh"

chaos_usage() {
    cat <<EOF_USAGE
./fastshop chaos [SCENARIO…] [--orders N] [--rate R] [--no-docs]

Runs each scenario (all of them when none is named) on the local stack, starting it if needed: N orders (default
300) at R orders/s (default 10) through the gateway, the fault injected a fifth of the way in, then a bounded wait
until every accepted order's jobs ended, and an audit. Traffic stays on 127.0.0.1.

Scenarios:
$(for name in "${SCENARIOS[@]}"; do printf '  %-18s %s\n' "$name" "${SCENARIO_INFO[$name]}"; done)

Writes load-tests/results/chaos-DATE-COMMIT.md; a run of every scenario also updates the figures in
docs/reliability.md (unless --no-docs). CHAOS_OUTAGE_SECONDS sets the broker and SMTP outages (default 20).
EOF_USAGE
}

chaos_orders=300 chaos_rate=10 chaos_docs=true
chosen=()
while [[ $# -gt 0 ]]; do
    case $1 in
    -h | --help | help) chaos_usage; exit 0 ;;
    --orders) chaos_orders=${2:?--orders needs a number}; shift 2 ;;
    --rate) chaos_rate=${2:?--rate needs a number}; shift 2 ;;
    --no-docs) chaos_docs=false; shift ;;
    -*) chaos_usage >&2; die "unknown option '$1'" ;;
    *)
        [[ -n ${SCENARIO_INFO[$1]:-} ]] || die "unknown scenario '$1' (./fastshop chaos --help lists them)"
        chosen+=("$1")
        shift
        ;;
    esac
done
[[ $chaos_orders =~ ^[1-9][0-9]*$ && $chaos_rate =~ ^[1-9][0-9]*$ ]] || die "--orders and --rate take whole numbers"
((${#chosen[@]} > 0)) || { chosen=("${SCENARIOS[@]}"); }
[[ ${#chosen[@]} -eq ${#SCENARIOS[@]} ]] || chaos_docs=false

have python3 || apt_install python3
have psql || apt_install postgresql-client
have rabbitmqctl || die "rabbitmqctl is needed: the chaos scenarios stop and audit the broker on this machine"
is_ready "$(cat "$FASTSHOP_HOME/pids/gateway.mport" 2>/dev/null || echo "${MPORT[gateway]}")" || cmd_up
service_env
# Restarted gateways balance over the instances running now, as ./fastshop up set them.
instance_urls() { # SERVICE
    local file list=()
    for file in "$FASTSHOP_HOME/pids/$1".port "$FASTSHOP_HOME/pids/$1"-[0-9]*.port; do
        [[ -e $file ]] && list+=("http://127.0.0.1:$(cat "$file")")
    done
    (IFS=,; echo "${list[*]}")
}
# shellcheck disable=SC2034 # start_service (./fastshop) reads them
CATALOG_URLS=$(instance_urls catalog) ORDER_URLS=$(instance_urls order)
export CHAOS_PG_HOST=$PG_HOST CHAOS_PG_PORT=$PG_PORT

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
customers=(chaos-alice chaos-bob chaos-carol chaos-dave)
for customer in "${customers[@]}"; do
    echo "$customer $("$ROOT/fastshop" token "$customer" --ttl 7200)"
done >"$WORK/tokens"
greenmail="http://127.0.0.1:$GREENMAIL_API_PORT/api"
commit=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
results=$ROOT/load-tests/results/chaos-$(date +%F)-$commit.md
failed=()

# A second gateway for kill-gateway, started the way ./fastshop up --replicas gateway=2 does, and ended after it.
second_gateway() {
    running_pid gateway-2 >/dev/null && return 1
    start_service gateway gateway-2 "$REPLICA_STEP"
    wait_ready gateway-2 >/dev/null
}

run_scenario() { # NAME
    local name=$1 run products since fault lead gateways started_gateway=false summary rc=0
    info "chaos: $name — ${SCENARIO_INFO[$name]}"
    run="$(date +%s)$RANDOM"
    gateways="http://127.0.0.1:$(cat "$FASTSHOP_HOME/pids/gateway.port")"
    if [[ $name == kill-gateway ]]; then
        second_gateway && started_gateway=true
        gateways+=",http://127.0.0.1:$(cat "$FASTSHOP_HOME/pids/gateway-2.port")"
    fi
    # Six products with the most stock (each gets every sixth order, of at most 2 units), noted before the first order.
    local need=$((2 * ((chaos_orders + 5) / 6)))
    psql_catalog -F ' ' -c "SELECT id, stock FROM products WHERE stock >= $need ORDER BY stock DESC, id LIMIT 6" \
        >"$WORK/stock"
    [[ $(wc -l <"$WORK/stock") -eq 6 ]] || die "fewer than 6 products have $need in stock: ./fastshop seed"
    products=$(cut -d' ' -f1 "$WORK/stock" | paste -sd,)
    dlq_before=$(PYTHONPATH=$CHAOS python3 -B -c 'import audit; print(audit.dead_letters())')
    since=$(now)
    python3 "$CHAOS/stream.py" --run "$run" --gateways "$gateways" --tokens "$WORK/tokens" --products "$products" \
        --orders "$chaos_orders" --rate "$chaos_rate" --out "$WORK/$name.jsonl" &
    local stream=$!
    lead=$(awk -v n="$chaos_orders" -v r="$chaos_rate" 'BEGIN { printf "%.1f", n / r / 5 }')
    sleep "$lead"
    fault=$(now)
    HEALED=''
    "scenario_$name"
    say "back after $(awk -v a="$fault" -v b="$HEALED" 'BEGIN { printf "%.1f", b - a }') s; waiting for the stream to end"
    wait "$stream"
    $started_gateway && stop_pid gateway-2 >/dev/null
    say "auditing $chaos_orders orders (jobs get up to 180 s to end)"
    summary=$(python3 "$CHAOS/audit.py" --run "$run" --stream "$WORK/$name.jsonl" --stock "$WORK/stock" \
        --since "$since" --fault "$fault" --healed "$HEALED" --dlq-before "$dlq_before" --greenmail "$greenmail" \
        ${READS_KEPT[$name]:+--reads-must-succeed}) || rc=$?
    [[ -n $summary ]] || die "the audit of $name failed"
    say "$summary"
    ((rc == 0)) || failed+=("$name")
    python3 - "$name" "$summary" >>"$WORK/table.md" <<'EOF_PY'
import json, sys
name, s = sys.argv[1], json.loads(sys.argv[2])
fmt = lambda counts: ", ".join(f"{k}: {v}" for k, v in counts.items()) or "0"
recovery = "—" if s["recovery_s"] is None else f'{s["recovery_s"]} s'
print(f'| {name} | {s["orders"]} | {s["accepted"]} | {fmt(s["rejected"])} | {s["lost"]} | {s["duplicated"]} '
      f'| {s["redelivered"]} '
      f'| {s["unfinished"]} | {s["imbalanced"]} | {s["for_rejected"]} | {s["orphans"]} | {s["dead_letters"]} '
      f'| {s["improper_errors"]} | {fmt(s["fault_5xx"])} | {s["failed_reads"]} ({s["reads"]}) | {s["longest_s"]} s | {s["longest_failure_s"]} s | {recovery} | {s["settled_s"]} s |')
EOF_PY
}

for name in "${chosen[@]}"; do
    run_scenario "$name"
done

{
    echo "| scenario | orders | accepted | rejected (final status) | lost | duplicated side effects |" \
        "emails redelivered (same Message-ID) | unfinished jobs |" \
        "stock imbalance | orders for rejected | orphan reservations | new dead letters |" \
        "errors not problem+json, or 500 | 5xx during the fault | failed reads (of reads) |" \
        "longest request | longest failure | recovery | jobs settled after the stream |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    cat "$WORK/table.md"
} >"$WORK/generated.md"
{
    echo "# ./fastshop chaos — $(date '+%F %H:%M') — $commit"
    echo
    echo "$chaos_orders orders per scenario at $chaos_rate/s; $(nproc) cores. Columns: see docs/reliability.md."
    echo
    cat "$WORK/generated.md"
} >"$results"
info "results: ${results#"$ROOT"/}"
cat "$WORK/generated.md"
if $chaos_docs; then
    doc=$ROOT/docs/reliability.md
    awk -v gen="$WORK/generated.md" -v name=chaos -f "$ROOT/scripts/bench/splice-docs.awk" "$doc" >"$WORK/doc.md"
    cat "$WORK/doc.md" >"$doc"
    info "updated the figures in docs/reliability.md"
fi
((${#failed[@]} == 0)) || die "chaos: ${failed[*]} lost, duplicated or unbalanced something (see the audit lines above)"
