#!/usr/bin/env bash
# The chart's Deployments, as `helm template` renders them, run under `podman kube play` on this host against the
# local PostgreSQL, Redis and RabbitMQ: each pod must start, pass its startup and liveness probes (podman's
# healthcheck), run with the chart's security context and serve. Needs the images of ./fastshop images (tagged with
# the commit) and the dev secrets of .fastshop/ (any ./fastshop command makes them).
#
# What kube play cannot do is adapted by k8s/tools/kube-play.mjs (host network, ports, secrets, volumes); what this
# does not cover (Services, readiness gating, HPA, NetworkPolicies, several replicas) is listed in docs/kubernetes.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
# shellcheck source=k8s/tools/tools.sh
source "$root/k8s/tools/tools.sh"
ensure_k8s_tools "$root" >/dev/null
ensure_node_modules "$root"
podman_env

tag=${FASTSHOP_IMAGE_TAG:-$(git -C "$root" rev-parse --short HEAD)}
release=fastshop
services=(gateway catalog order worker)
for svc in "${services[@]}"; do
    podman image exists "localhost/fastshop/$svc-service:$tag" ||
        die "no image localhost/fastshop/$svc-service:$tag: run ./fastshop images first"
done
[[ -f $FASTSHOP_HOME/secrets.env && -f $FASTSHOP_HOME/jwt/order-service.pem ]] ||
    die "no dev secrets in $FASTSHOP_HOME: run ./fastshop test or ./fastshop up once"
# shellcheck disable=SC1091 # generated at run time
source "$FASTSHOP_HOME/secrets.env"

work=$(mktemp -d)
# Removes the pods and the podman secrets of this check (also those a killed earlier run left).
down() {
    [[ -f $work/play/kube.yaml ]] || return 0
    podman kube play --down "$work/play/kube.yaml" >/dev/null 2>&1 || true
    for file in "$work"/play/secrets/*.json; do
        podman secret rm "$(basename "$file" .json)" >/dev/null 2>&1 || true
    done
}
trap 'down; rm -rf "$work"' EXIT

info "rendering the chart: images localhost/fastshop/*:$tag, the local backing services, the dev keys"
"$HELM" template "$release" "$root/helm/fastshop" --namespace fastshop \
    --set image.registry=localhost/fastshop --set image.tag="$tag" \
    --set postgresql.enabled=false --set redis.enabled=false --set stateRedis.enabled=false \
    --set rabbitmq.enabled=false \
    --set externalPostgresql.catalog.host=127.0.0.1 --set externalPostgresql.catalog.database=catalog_e2e \
    --set externalPostgresql.catalog.existingSecret=fastshop-catalog-db \
    --set externalPostgresql.orders.host=127.0.0.1 --set externalPostgresql.orders.database=orders_e2e \
    --set externalPostgresql.orders.existingSecret=fastshop-orders-db \
    --set externalRedis.existingSecret=fastshop-redis --set externalStateRedis.existingSecret=fastshop-state-redis \
    --set externalRabbitmq.host=127.0.0.1 --set externalRabbitmq.vhost=fastshop-e2e \
    --set externalRabbitmq.user="$RABBITMQ_USER" --set externalRabbitmq.existingSecret=fastshop-rabbitmq \
    --set smtp.host=127.0.0.1 --set smtp.port="$SMTP_PORT_LOCAL" --set smtp.startTls=DISABLED \
    --set-file jwt.publicKey="$FASTSHOP_HOME/jwt/public.pem" \
    --set-file serviceIdentity.orderKey.privateKey="$FASTSHOP_HOME/jwt/order-service.pem" \
    --set-file serviceIdentity.catalogTrust.jwks="$FASTSHOP_HOME/jwt/catalog-trust.jwks.json" \
    >"$work/rendered.yaml"

# The Secrets the chart expects to exist (existingSecret): what a cluster operator would create.
cat >"$work/external-secrets.json" <<JSON
[
  {"name": "fastshop-catalog-db", "data": {"password": "$CATALOG_DB_PASSWORD"}},
  {"name": "fastshop-orders-db", "data": {"password": "$ORDER_DB_PASSWORD"}},
  {"name": "fastshop-redis", "data": {"url": "redis://$REDIS_HOST:$REDIS_PORT"}},
  {"name": "fastshop-state-redis", "data": {"url": "redis://$STATE_REDIS_HOST:$STATE_REDIS_PORT"}},
  {"name": "fastshop-rabbitmq", "data": {"password": "$RABBITMQ_PASSWORD",
    "amqp-url": "amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@$RABBIT_HOST:$RABBIT_PORT/fastshop-e2e"}}
]
JSON
(cd "$root/k8s/tools" && node kube-play.mjs "$work/rendered.yaml" "$work/external-secrets.json" "$work/play")

down
for file in "$work"/play/secrets/*.json; do
    podman secret create "$(basename "$file" .json)" "$file" >/dev/null
done
info "podman kube play"
podman kube play "$work/play/kube.yaml" >"$work/play.log" 2>&1 || { cat "$work/play.log"; die "kube play failed"; }

failed=0
while read -r svc container limit startup_url startup_seconds; do
    # podman 4.3 has no startup probes and turns the liveness probe into a healthcheck that restarts the container
    # when it fails: as a kubelet does, wait for the startup probe's URL to answer first, then run the liveness
    # probe (podman's healthcheck) once.
    if ! curl -sf -o /dev/null --retry "$startup_seconds" --retry-delay 1 --retry-all-errors --max-time 2 \
        "$startup_url"; then
        warn "$svc: its startup probe ($startup_url) did not pass in $startup_seconds s; its log:"
        podman logs --tail 40 "$container" </dev/null >&2 || true
        failed=1
        continue
    fi
    if ! podman healthcheck run "$container" </dev/null; then
        warn "$svc: started, but its liveness probe (podman healthcheck run) fails"
        failed=1
        continue
    fi
    read -r user readonly caps memory < <(podman inspect "$container" </dev/null --format \
        '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{len .EffectiveCaps}} {{.HostConfig.Memory}}')
    if [[ ${user%%:*} == 185 && $readonly == true && $caps == 0 && $memory == "$limit" ]]; then
        echo "ok  $svc: started and live; uid 185, read-only root, no capabilities, memory limit $((memory / 1048576)) MiB"
    else
        warn "$svc: security context not applied: user=$user readonly=$readonly capabilities=$caps memory=$memory"
        failed=1
    fi
done <"$work/play/containers.txt"
[[ $(wc -l <"$work/play/containers.txt") == "${#services[@]}" ]] || die "expected ${#services[@]} Deployments"

token=$("$root/fastshop" token alice)
expect() {
    local what=$1 want=$2 got
    shift 2
    got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" || true)
    if [[ $got == "$want" ]]; then
        echo "ok  $what: $got"
    else
        warn "$what: HTTP $got, expected $want"
        failed=1
    fi
}
expect "gateway → catalog: GET /api/catalog/products" 200 "http://127.0.0.1:8080/api/catalog/products?limit=1"
expect "gateway → order with a user's token: GET /api/orders" 200 -H "Authorization: Bearer $token" \
    "http://127.0.0.1:8080/api/orders"
expect "order without a token" 401 "http://127.0.0.1:8082/orders"
expect "worker's public port (no routes there)" 404 "http://127.0.0.1:8083/"
expect "gateway's management port: readiness" 200 "http://127.0.0.1:9080/q/health/ready"
[[ $failed == 0 ]] || die "the chart's Deployments did not all start, pass their probes and serve under podman kube play"
info "kube play: the chart's four Deployments started, passed their probes and served"
