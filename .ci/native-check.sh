#!/usr/bin/env bash
# Native builds ready, checked offline: no GraalVM or Mandrel here (native executables are built by
# .github/workflows/images.yml), but Quarkus can generate the native-image build (quarkus.native.sources-only) and
# its configuration: this asserts that what a native executable needs at run time is in it.
#   - every message record (contracts) registered for reflection in the services that send or read messages;
#   - the Vert.x server internals service-commons' MalformedRequestProblems sets, registered for reflection;
#   - the gateway's ratelimit/gcra.lua, and PDFBox's font resources and AWT in the worker, included.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
die() { echo "native-check: FAILED: $*" >&2; exit 1; }

(cd "$root" && ./mvnw -B -q package -Pnative -Dquarkus.native.sources-only=true -DskipTests -Dspotless.check.skip=true \
    -pl catalog-service,order-service,worker-service,gateway-service -am)

config() { # SERVICE FILE → the file of the generated native-image configuration
    local jar="$root/$1/target/native-sources/$1-1.0.0-SNAPSHOT-runner.jar"
    [[ -f $jar ]] || die "$1: no native sources generated"
    mkdir -p "$work/$1"
    (cd "$work/$1" && unzip -q -o "$jar" "META-INF/native-image/$2")
    echo "$work/$1/META-INF/native-image/$2"
}

contracts=(Address Attachment EmailJob ImageJob InvoiceJob InvoiceLine JobCompleted JobFailed JobType Money
    OrderCancelled OrderPlaced ProductChanged)
for service in catalog-service order-service worker-service; do
    reflect=$(config "$service" reflect-config.json)
    for record in "${contracts[@]}"; do
        grep -q "\"dev.fastshop.contracts.$record\"" "$reflect" || die "$service: $record not registered for reflection"
    done
    echo "ok  $service: ${#contracts[@]} message records registered for reflection"
done

for service in catalog-service order-service worker-service gateway-service; do
    grep -q '"io.vertx.core.http.impl.HttpServerConnectionHandler"' "$(config "$service" reflect-config.json)" ||
        die "$service: the Vert.x server internals MalformedRequestProblems sets are not registered for reflection"
done
echo "ok  every service: the HTTP server internals MalformedRequestProblems sets registered for reflection"

grep -q 'ratelimit/gcra' "$(config gateway-service resource-config.json)" ||
    die "gateway-service: ratelimit/gcra.lua not included"
echo "ok  gateway-service: ratelimit/gcra.lua included"
grep -q 'org/apache/pdfbox/resources' "$(config worker-service resource-config.json)" ||
    die "worker-service: PDFBox resources not included"
grep -q 'io.quarkus.awt.runtime.graal.AwtFeature' "$root/worker-service/target/native-sources/native-image.args" ||
    die "worker-service: no AWT support in the native-image arguments (quarkus-awt)"
echo "ok  worker-service: PDFBox resources and AWT included"
