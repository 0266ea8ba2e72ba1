#!/usr/bin/env bash
# Offline checks of the Kubernetes deliverables (helm/fastshop, k8s/): no cluster, no Docker, nothing contacted
# but the npm registry and Debian's archive on a cold cache. Idempotent; downloads are cached in .fastshop/tools/.
#   .ci/k8s-check.sh                   lint, render, schema-validate, network paths, rules and dashboard, the README's
#                                      values table, the workflows' YAML, drift of k8s/
#   .ci/k8s-check.sh --native-sources  also generate the native-image sources of the four services (slow: ~3 min
#                                      per service on a busy 2-core machine)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
chart="$root/helm/fastshop"
tools="$root/k8s/tools"
oldest_kube=1.29.0
newest_kube=1.35.0
native_sources=false
for arg in "$@"; do
  case $arg in
    --native-sources) native_sources=true ;;
    *) echo "usage: $0 [--native-sources]" >&2; exit 2 ;;
  esac
done

start=$SECONDS
step() { printf '\n== %s\n' "$*"; }
die() { echo "k8s-check: FAILED: $*" >&2; exit 1; }

# shellcheck source=k8s/tools/tools.sh
source "$tools/tools.sh"
ensure_k8s_tools "$root"
work=$(mktemp -d)
trap 'rm -rf "$work" "$KUBECONFIG"' EXIT

step "tools"
"$HELM" version --short
"$KUBECTL" version --client | sed -n 1p
ensure_node_modules "$root" || die "k8s/tools' npm dependencies could not be installed"
if ! command -v promtool >/dev/null; then
  [[ $(id -u) == 0 ]] || die "promtool is missing: apt-get install -y prometheus"
  # Debian's package also brings a Prometheus server; its service must not be left running by this check.
  before=$(pgrep -x prometheus || true)
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus >/dev/null; }
  for pid in $(pgrep -x prometheus || true); do
    grep -qx "$pid" <<<"$before" || kill "$pid"
  done
fi
promtool --version | sed -n 1p

step "helm lint --strict (Kubernetes $oldest_kube, the oldest supported)"
cmp -s "$chart/values-native.yaml" "$chart/ci/native-values.yaml" ||
  die "helm/fastshop/ci/native-values.yaml must equal values-native.yaml"
"$HELM" lint --strict "$chart" --kube-version "$oldest_kube" >"$work/lint.log" || { cat "$work/lint.log"; die "lint (default values)"; }
for values in "$chart"/ci/*-values.yaml; do
  "$HELM" lint --strict "$chart" --kube-version "$oldest_kube" -f "$values" >"$work/lint.log" ||
    { cat "$work/lint.log"; die "lint $values"; }
  echo "ok  $(basename "$values")"
done

step "values.schema.json and the chart's own guards reject bad values"
expect_rejected() {
  local why=$1
  shift
  if "$HELM" template fastshop "$chart" "$@" >/dev/null 2>"$work/err.log"; then
    die "accepted: $why"
  fi
  echo "ok  rejects $why: $(grep -m1 -Eo '(additional properties.*|value must be.*|must be .*|minimum: .*|does not match pattern.*|[a-zA-Z.]+ is required.*)' "$work/err.log")"
}
expect_rejected "an unknown top-level key" --set replicas=3
expect_rejected "an unknown per-service key" --set catalog.replicas=3
expect_rejected "an unknown image flavor" --set image.flavor=graal
expect_rejected "a grace period no longer than preStop + shutdown" --set lifecycle.terminationGraceMarginSeconds=0
expect_rejected "a malformed image digest" --set gateway.image.digest=abc123
expect_rejected "an unknown pull policy" --set image.pullPolicy=Sometimes
expect_rejected "an HTTPRoute without parentRefs" --set httpRoute.enabled=true
expect_rejected "an order service without a key" --set serviceIdentity.orderKey.existingSecret=
expect_rejected "a users' key that is no PEM public key" --set jwt.publicKey=secret
expect_rejected "an external database without a Secret" --set postgresql.enabled=false \
  --set externalPostgresql.catalog.host=db
expect_rejected "an external state Redis without a Secret" --set stateRedis.enabled=false
expect_rejected "root containers" --set podSecurityContext.runAsNonRoot=false

step "shutdown: the chart's timeouts are the services' quarkus.shutdown.timeout"
for service in gateway catalog order worker; do
  props=$(sed -n 's/^quarkus\.shutdown\.timeout=\([0-9]*\)s$/\1/p' "$root/$service-service/src/main/resources/application.properties")
  chart_value=$(sed -n "/^$service:/,/^[a-z]/s/^  shutdownTimeoutSeconds: \([0-9]*\)$/\1/p" "$chart/values.yaml")
  [[ -n $props && $props == "$chart_value" ]] ||
    die "$service: application.properties has quarkus.shutdown.timeout=${props:-?}s, values.yaml $service.shutdownTimeoutSeconds=${chart_value:-?}"
  echo "ok  $service: ${props}s"
done

step "render every variant (with the ServiceMonitor, PrometheusRule and ScaledObject APIs present)"
api=(--api-versions monitoring.coreos.com/v1/ServiceMonitor --api-versions monitoring.coreos.com/v1/PrometheusRule
  --api-versions keda.sh/v1alpha1/ScaledObject)
rendered=()
for values in "$chart/values.yaml" "$chart"/ci/*-values.yaml; do
  name=$(basename "$values" .yaml)
  for kube in "$oldest_kube" "$newest_kube"; do
    out="$work/$name-$kube.yaml"
    "$HELM" template fastshop "$chart" --namespace fastshop --kube-version "$kube" -f "$values" "${api[@]}" >"$out"
    rendered+=("$out")
  done
  echo "ok  $name: $(grep -c '^kind:' "$work/$name-$oldest_kube.yaml") documents"
done
"$HELM" template fastshop "$chart" --namespace fastshop >"$work/no-crds.yaml"
if grep -Eq '^kind: (ServiceMonitor|PrometheusRule|ScaledObject)$' "$work/no-crds.yaml"; then
  die "CRD-gated templates rendered without their APIs"
fi
grep -q '^kind: HorizontalPodAutoscaler$' "$work/values-$oldest_kube.yaml" && die "default values must not autoscale"
grep -q '^kind: ScaledObject$' "$work/prod-values-$oldest_kube.yaml" || die "prod values must render the KEDA ScaledObject"
echo "ok  CRD-gated templates appear only with their APIs"

# Images: registry/repository:tag with the pull policy a tag needs; a digest wins over the tag.
grep -q 'image: ghcr.io/fastshop/gateway-service:1.0.0-SNAPSHOT$' "$work/values-$oldest_kube.yaml" ||
  die "default image is not ghcr.io/fastshop/gateway-service:<appVersion>"
[[ $(grep -c 'imagePullPolicy: Always$' "$work/values-$oldest_kube.yaml") == 4 ]] || die "a SNAPSHOT tag must be pulled Always"
grep -q 'image: ghcr.io/fastshop/worker-service:1.0.0-SNAPSHOT-native$' "$work/native-values-$oldest_kube.yaml" ||
  die "native images must be tagged <tag>-native"
grep -q 'image: registry.example.com/shop/catalog-service@sha256:0123' "$work/ingress-values-$oldest_kube.yaml" ||
  die "a digest must win over the tag"
grep -q 'imagePullPolicy: Always$' "$work/ingress-values-$oldest_kube.yaml" && die "digests and version tags must be IfNotPresent"
echo "ok  images: registry/repository, tag or digest, pull policy by tag"
# Outside access: off by default; on, only to the gateway's public port (the validator checks the backends).
grep -Eq '^kind: (Ingress|HTTPRoute)$' "$work/values-$oldest_kube.yaml" && die "Ingress and HTTPRoute must be off by default"
[[ $(grep -Ec '^kind: (Ingress|HTTPRoute)$' "$work/ingress-values-$oldest_kube.yaml") == 2 ]] ||
  die "ci/ingress-values.yaml must render an Ingress and an HTTPRoute"
grep -q 'helm.sh/hook: test' "$work/values-$oldest_kube.yaml" || die "no helm test hook rendered"
echo "ok  Ingress and HTTPRoute only when enabled; a helm test hook"

step "validate every rendered document (kubernetes-models 5.1.0, prometheus-operator 6.0.0, keda 2.0.0, gateway-api 2.0.0)"
(cd "$tools" && node check.mjs validate "$root/CONTRIBUTING.md" "${rendered[@]}" "$root/k8s/fastshop.yaml")
# The checks must be able to fail: an unknown field, and a variable no service reads, are both caught.
"$HELM" template fastshop "$chart" --set 'catalog.extraEnv[0].name=CATALOG_CACHE_ENABLD' \
  --set 'catalog.extraEnv[0].value=false' --set 'gateway.affinity.podAntiAffinityy.x=1' >"$work/broken.yaml"
(cd "$tools" && node check.mjs validate "$root/CONTRIBUTING.md" "$work/broken.yaml") >"$work/broken.log" 2>&1 &&
  die "the validator accepted an unknown field and an unread variable"
grep -q 'unknown field /spec/template/spec/affinity/podAntiAffinityy' "$work/broken.log" || die "unknown field not reported"
grep -q 'reads no CATALOG_CACHE_ENABLD' "$work/broken.log" || die "unread variable not reported"
echo "ok  the validator reports unknown fields and variables no service reads"

step "NetworkPolicies: exactly the expected connections (k8s/tests/network-paths-*.txt)"
# The connections the rendered policies allow between the release's pods and typical outside peers, compared with
# the reviewed lists. After an intended change: node k8s/tools/check.mjs netpol RENDERED.yaml fastshop, and review.
for variant in values prod-values ingress-values; do
  expected="$root/k8s/tests/network-paths-${variant%-values}.txt"
  (cd "$tools" && node check.mjs netpol "$work/$variant-$oldest_kube.yaml" fastshop) >"$work/paths.txt"
  diff -u <(grep -v '^#' "$expected") "$work/paths.txt" ||
    die "the NetworkPolicies of $variant allow other connections than $(basename "$expected") (left: expected)"
  echo "ok  $variant: $(wc -l <"$work/paths.txt") allowed connections, as expected"
done

step "Prometheus rules: promtool check + unit tests of every alert"
(cd "$tools" && node check.mjs rules "$work/values-$oldest_kube.yaml" "$work/rules.yaml")
promtool check rules "$work/rules.yaml"
cp "$root/k8s/tests/slo-rules.test.yaml" "$work/"
promtool test rules "$work/slo-rules.test.yaml"
grep -Eo 'alert: [A-Za-z]+' "$work/rules.yaml" | cut -d' ' -f2 | while read -r alert; do
  grep -q "alertname: $alert" "$work/slo-rules.test.yaml" || die "alert $alert has no unit test"
done
echo "ok  every alert has a unit test"

step "Grafana dashboard: JSON schema, required panels, PromQL of every query"
(cd "$tools" && node check.mjs dashboard "$chart/files/dashboard.json" grafana-dashboard.schema.json "$work/dashboard-rules.yaml")
promtool check rules "$work/dashboard-rules.yaml"

step "prometheus-adapter rules serve the HPAs' metric"
(cd "$tools" && node check.mjs adapter "$root/k8s/prometheus-adapter-rules.yaml" "$work/prod-values-$oldest_kube.yaml" "$work/adapter-rules.yaml")
promtool check rules "$work/adapter-rules.yaml"

step "helm/fastshop/README.md's values table is generated from values.yaml"
(cd "$tools" && node values-table.mjs "$chart/values.yaml" "$chart/README.md" --check)

step "GitHub Actions workflows parse"
(cd "$tools" && node check.mjs workflows "$root"/.github/workflows/*.yml)

step "k8s/ drift"
"$root/k8s/render.sh" --check

if [[ $native_sources == true ]]; then
  step "native-image sources of the four services"
  "$root/.ci/native-check.sh"
fi

printf '\nk8s-check: all checks passed in %ss\n' $((SECONDS - start))
