#!/usr/bin/env bash
# CI's subset of the fault scenarios (./fastshop chaos): a worker killed, the broker stopped, the order service killed,
# each during a stream of 100 orders. Fails when an accepted order was lost, a side effect happened twice, stock did
# not balance or an order exists for a rejected request. The full suite is `./fastshop chaos`.
set -euo pipefail
cd "$(dirname "$0")/.."

started_stack=0
finish() { if ((started_stack)); then ./fastshop down >/dev/null 2>&1 || true; fi; }
trap finish EXIT
if ! ./fastshop status 2>/dev/null | awk '$1 == "gateway" && $5 == "yes" { found = 1 } END { exit !found }'; then
    started_stack=1
    timeout 300 ./fastshop up >"${TMPDIR:-/tmp}/chaos-up.log" 2>&1 || {
        tail -n 40 "${TMPDIR:-/tmp}/chaos-up.log"
        echo "chaos: the stack did not start (log above)" >&2
        exit 1
    }
fi
./fastshop chaos kill-worker broker-outage kill-order --orders 100 --rate 5 --no-docs
