#!/usr/bin/env bash
# ./fastshop load SIMULATION [--rate R] [--duration SECONDS] [--users N] [-Dname=value …]
# Runs one Gatling journey (load-tests/) against the local stack; its assertions are the SLO gates.
set -euo pipefail

usage() {
    cat <<'EOF_USAGE'
./fastshop load SIMULATION [--rate R] [--duration SECONDS] [--users N] [-Dname=value …]

  SIMULATION    browse | checkout | admin | spike | soak
  --rate R      arrivals per second of the main journey (browse 50, checkout 5, admin 1, spike 20 as baseline, soak 30)
  --duration S  seconds of steady load (60; soak 1800)
  --users N     customer tokens to mint for checkout/soak (default 20, premium tier)
  -Dname=value  any other simulation property (see load-tests/README.md), e.g. -Dslo.p99Ms=300 -DspikeFactor=12

Targets the gateway at FASTSHOP_BASE_URL (default http://127.0.0.1:8080); start the stack first: ./fastshop up.
The HTML report lands in load-tests/target/gatling/; a missed SLO makes the command fail.
EOF_USAGE
}

[[ $# -gt 0 ]] || { usage; exit 1; }
case $1 in -h | --help | help) usage; exit 0 ;; esac

simulation=${1,,}
shift
case $simulation in
browse | checkout | admin | spike | soak) ;;
*) usage >&2; die "unknown simulation '$simulation'" ;;
esac
class="dev.fastshop.load.${simulation^}Simulation"

props=()
users=20
while [[ $# -gt 0 ]]; do
    case $1 in
    --rate) props+=("-Drate=${2:?--rate needs a value}"); shift 2 ;;
    --rate=*) props+=("-Drate=${1#*=}"); shift ;;
    --duration) props+=("-Dduration=${2:?--duration needs seconds}"); shift 2 ;;
    --duration=*) props+=("-Dduration=${1#*=}"); shift ;;
    --users) users=${2:?--users needs a number}; shift 2 ;;
    --users=*) users=${1#*=}; shift ;;
    -D*) props+=("$1"); shift ;;
    *) usage >&2; die "unknown option '$1'" ;;
    esac
done
[[ $users =~ ^[1-9][0-9]*$ ]] || die "--users needs a positive number, got '$users'"

base_url=${FASTSHOP_BASE_URL:-http://127.0.0.1:${GATEWAY_PORT:-8080}}
[[ $base_url =~ ^https?://(127\.[0-9.]+|localhost|\[::1\])(:[0-9]+)?(/|$) ]] ||
    die "FASTSHOP_BASE_URL must point at this machine (127.0.0.1, localhost or [::1]), got '$base_url'"
curl -fsS -o /dev/null --max-time 3 "$base_url/api/storefront/home" ||
    die "the gateway at $base_url does not serve the storefront: start the stack with ./fastshop up"
export FASTSHOP_BASE_URL=$base_url

# Tokens are minted for this run only, into the git-ignored target/ folder, and passed through the environment.
mint() { "$ROOT/fastshop" token "$@"; }
need_token_command() {
    [[ -f $ROOT/scripts/cmd-token.sh ]] || die "this simulation needs JWTs and ./fastshop token does not exist yet"
}
if [[ $simulation == checkout || $simulation == soak ]]; then
    need_token_command
    tokens=$ROOT/load-tests/target/tokens.csv
    mkdir -p "${tokens%/*}"
    info "minting $users customer tokens (premium tier) into ${tokens#"$ROOT"/}"
    (
        umask 077
        echo "user,token" >"$tokens"
        for ((i = 1; i <= users; i++)); do
            echo "load-user-$i,$(mint "load-user-$i" --tier premium)" >>"$tokens"
        done
    )
    export FASTSHOP_TOKENS_FILE=$tokens
fi
if [[ $simulation == admin ]]; then
    need_token_command
    FASTSHOP_ADMIN_TOKEN=$(mint load-admin --admin)
    export FASTSHOP_ADMIN_TOKEN
fi

info "running $class against $base_url ${props[*]}"
status=0
"$ROOT/mvnw" -B -Pload-tests -pl load-tests gatling:test -Dspotless.check.skip=true \
    -Dgatling.simulationClass="$class" "${props[@]}" || status=$?

report=$(find "$ROOT/load-tests/target/gatling" -maxdepth 2 -name index.html -path "*/${simulation}simulation-*" \
    -printf '%T@ %p\n' 2>/dev/null | sort -n | tail -1 | cut -d' ' -f2-)
[[ -n $report ]] && info "report: ${report#"$ROOT"/}"
((status == 0)) || die "$simulation: the run failed or missed an SLO gate (see the assertions above)"
info "$simulation: every SLO gate passed"
