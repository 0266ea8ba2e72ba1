#!/usr/bin/env bash
# Creates the Secrets that k8s/fastshop.yaml references, with random passwords (the Helm chart generates the same
# ones itself; the plain manifests never contain secret values). Idempotent: an existing Secret is kept, because the
# database and broker volumes were initialised with its password.
#   k8s/create-secrets.sh [-n NAMESPACE]   create the missing Secrets in the current cluster
#   k8s/create-secrets.sh --print          print them as YAML without contacting a cluster
set -euo pipefail

kubectl=${KUBECTL:-kubectl}
namespace=default
print=false
while [[ $# -gt 0 ]]; do
  case $1 in
    -n | --namespace) namespace=$2; shift 2 ;;
    --print) print=true; shift ;;
    *) echo "usage: $0 [-n NAMESPACE] [--print]" >&2; exit 2 ;;
  esac
done

# 48 hex characters: strong, and safe inside the redis:// and amqp:// URLs below.
password() {
  od -An -N24 -tx1 /dev/urandom | tr -d ' \n'
}

# secret NAME KEY=VALUE...
secret() {
  local name=$1
  shift
  local args=()
  for pair in "$@"; do
    args+=("--from-literal=$pair")
  done
  if [[ $print == true ]]; then
    echo "---"
    "$kubectl" create secret generic "$name" --namespace "$namespace" "${args[@]}" --dry-run=client -o yaml
  elif "$kubectl" get secret "$name" --namespace "$namespace" >/dev/null 2>&1; then
    echo "secret/$name exists, kept"
  else
    "$kubectl" create secret generic "$name" --namespace "$namespace" "${args[@]}"
  fi
}

secret fastshop-catalog "cursor-secret=$(password)"
secret fastshop-postgresql-catalog "password=$(password)"
secret fastshop-postgresql-orders "password=$(password)"
redis_password=$(password)
secret fastshop-redis "password=$redis_password" "url=redis://:$redis_password@fastshop-redis:6379"
rabbitmq_password=$(password)
secret fastshop-rabbitmq "password=$rabbitmq_password" \
  "amqp-url=amqp://fastshop:$rabbitmq_password@fastshop-rabbitmq:5672/fastshop"
