#!/usr/bin/env bash
# CI performance gate: starts the stack (unless one is running), runs `./fastshop bench --gate` (~3 minutes) and
# fails when a RATIO regresses below its floor in load-tests/thresholds.properties. Never compares absolute times.
# A measurement whose feature does not exist yet is skipped with its reason. Bounded: the measurements get at most 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

THRESHOLDS=load-tests/thresholds.properties
BUDGET=${PERF_GATE_BUDGET_SECONDS:-300}
started=$SECONDS
figures=$(mktemp "${TMPDIR:-/tmp}/perf-gate.XXXXXX")
stack_started=0

note() { printf '    %s\n' "$*"; }
finish() {
    local status=$?
    if ((stack_started)); then
        echo "==> stopping the stack the gate started"
        ./fastshop down || true
    fi
    rm -f "$figures"
    echo "==> performance gate took $((SECONDS - started))s"
    exit "$status"
}
trap finish EXIT

if ./fastshop status 2>/dev/null | awk '$1 == "catalog" && $5 == "yes" { found = 1 } END { exit !found }'; then
    echo "==> reusing the running stack"
else
    echo "==> starting the stack (./fastshop up)"
    stack_started=1
    # Starting the stack is not part of the measurement budget; `up` has its own readiness timeout.
    timeout 300 ./fastshop up >"${TMPDIR:-/tmp}/perf-gate-up.log" 2>&1 || {
        tail -n 40 "${TMPDIR:-/tmp}/perf-gate-up.log"
        echo "performance gate: the stack did not start (log above)" >&2
        exit 1
    }
    echo "    up in $((SECONDS - started))s"
fi

left=$((BUDGET - 15))
echo "==> measuring ratios (at most ${left}s)"
timeout "$left" ./fastshop bench --gate "$figures"

value_of() { sed -n "s/^$1=//p" "$figures" | tail -1; }
failures=0
echo
echo "==> thresholds ($THRESHOLDS)"
while IFS='=' read -r key limit; do
    [[ -z $key || $key == \#* ]] && continue
    name=${key%.min} name=${name%.max}
    measured=$(value_of "$name")
    if [[ -z $measured ]]; then
        reason=$(grep '^# skipped' "$figures" | sed 's/^# skipped //' | paste -sd ';' -)
        printf 'SKIP  %-28s not measured%s\n' "$name" "${reason:+ ($reason)}"
        continue
    fi
    case $key in
    *.min) ok=$(awk -v m="$measured" -v l="$limit" 'BEGIN { print (m + 0 >= l + 0) ? 1 : 0 }'); op='>=' ;;
    *.max) ok=$(awk -v m="$measured" -v l="$limit" 'BEGIN { print (m + 0 <= l + 0) ? 1 : 0 }'); op='<=' ;;
    *) ok=$([[ $measured == "$limit" ]] && echo 1 || echo 0); op='==' ;;
    esac
    if ((ok)); then
        printf 'PASS  %-28s %s %s %s\n' "$name" "$measured" "$op" "$limit"
    else
        printf 'FAIL  %-28s %s, expected %s %s\n' "$name" "$measured" "$op" "$limit"
        failures=$((failures + 1))
    fi
done <"$THRESHOLDS"

if ((failures > 0)); then
    echo "performance gate: $failures ratio(s) regressed (see $THRESHOLDS for where each floor comes from)" >&2
    exit 1
fi
echo "performance gate: no regression"
