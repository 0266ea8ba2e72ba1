#!/usr/bin/env bash
# Dev Services on podman, once per CI run: the gateway's @QuarkusTests with Quarkus starting Redis itself through
# Testcontainers (profile test only, not test,local), on podman's Docker API. No registry is reachable here, so the
# Redis image is Debian's redis-server built locally (./fastshop images --devservices) and named to Quarkus with
# quarkus.redis.devservices.image-name; with Docker and a registry, plain ./mvnw verify uses the default image.
set -euo pipefail
cd "$(dirname "$0")/.."

image=$(./fastshop images --devservices | tail -n 1)
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
ensure_container_api
trap stop_container_api EXIT
[[ -n ${DOCKER_HOST:-} ]] || { echo "devservices-check: no Docker API (podman could not be started)" >&2; exit 1; }
./mvnw -B verify -pl gateway-service -am -Dspotless.check.skip=true \
    -Dquarkus.redis.devservices.image-name="$image" -Dsurefire.failIfNoSpecifiedTests=false
