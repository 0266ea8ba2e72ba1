#!/usr/bin/env bash
# Creates the Secrets that k8s/fastshop.yaml references, with random passwords (the Helm chart generates the same
# ones itself; the plain manifests never contain secret values), plus the order service's identity: a fresh RS256 key
# pair, its private key in Secret fastshop-order-service-key and the catalog's JWKS (the users' public key, kid
# "users", and the order service's, kid "order-service") in ConfigMap fastshop-catalog-trust. Idempotent: an existing
# Secret is kept, because the database and broker volumes were initialised with its password; the JWKS is derived
# again from the kept key each run.
#   k8s/create-secrets.sh [-n NAMESPACE] [--jwt-public-key FILE]   create the missing Secrets in the current cluster
#   k8s/create-secrets.sh --print [--jwt-public-key FILE]          print them as YAML without contacting a cluster
# The users' public key (PEM) for the JWKS: FILE, else the cluster's Secret fastshop-jwt (key publicKey.pem, which
# the gateway and the order service verify with), else .fastshop/jwt/public.pem (./fastshop's dev key).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kubectl=${KUBECTL:-kubectl}
namespace=default
print=false
users_key=""
while [[ $# -gt 0 ]]; do
  case $1 in
    -n | --namespace) namespace=$2; shift 2 ;;
    --print) print=true; shift ;;
    --jwt-public-key) users_key=$2; shift 2 ;;
    *) echo "usage: $0 [-n NAMESPACE] [--print] [--jwt-public-key FILE]" >&2; exit 2 ;;
  esac
done
[[ -z $users_key || -r $users_key ]] || { echo "cannot read $users_key" >&2; exit 2; }
command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077

# 48 hex characters: strong, and safe inside the redis:// and amqp:// URLs below.
password() {
  od -An -N24 -tx1 /dev/urandom | tr -d ' \n'
}

exists() {
  [[ $print == false ]] && "$kubectl" get "$1" "$2" --namespace "$namespace" >/dev/null 2>&1
}

# secret NAME KEY=VALUE...   (KEY=@FILE: the content of FILE)
secret() {
  local name=$1
  shift
  local args=()
  for pair in "$@"; do
    if [[ ${pair#*=} == @* ]]; then
      args+=("--from-file=${pair%%=*}=${pair#*=@}")
    else
      args+=("--from-literal=$pair")
    fi
  done
  if [[ $print == true ]]; then
    echo "---"
    "$kubectl" create secret generic "$name" --namespace "$namespace" "${args[@]}" --dry-run=client -o yaml
  elif exists secret "$name"; then
    echo "secret/$name exists, kept"
  else
    "$kubectl" create secret generic "$name" --namespace "$namespace" "${args[@]}"
  fi
}

# rsa_jwk KID PEM [-pubin] → the public half of an RSA key as a JWK (RFC 7517): n is the modulus, base64url.
rsa_jwk() {
  local kid=$1 pem=$2 hex
  shift 2
  grep -q '^\(Exponent\|publicExponent\): 65537 ' <<<"$(openssl rsa "$@" -in "$pem" -noout -text 2>/dev/null)" ||
    { echo "$pem: not an RSA key with exponent 65537" >&2; return 1; }
  hex=$(openssl rsa "$@" -in "$pem" -noout -modulus 2>/dev/null | sed 's/^Modulus=//')
  # shellcheck disable=SC2059,SC2001 # the hex digits become the printf format of the bytes they spell
  printf '{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"AQAB"}' "$kid" \
    "$(printf "$(sed 's/../\\x&/g' <<<"$hex")" | base64 -w0 | tr '+/' '-_' | tr -d '=')"
}

# The users' public key for the catalog's JWKS, checked before anything is created.
if [[ -z $users_key ]] && exists secret fastshop-jwt; then
  users_key=$work/users.pem
  "$kubectl" get secret fastshop-jwt --namespace "$namespace" -o 'jsonpath={.data.publicKey\.pem}' | base64 -d >"$users_key"
fi
[[ -n $users_key || ! -r $root/.fastshop/jwt/public.pem ]] || users_key=$root/.fastshop/jwt/public.pem
users_jwk=""
if [[ -n $users_key ]]; then
  users_jwk=$(rsa_jwk users "$users_key" -pubin)
else
  msg="no users' public key: create Secret fastshop-jwt first (docs/kubernetes.md) or pass --jwt-public-key FILE"
  [[ $print == true ]] || { echo "$msg" >&2; exit 1; }
  echo "# ConfigMap fastshop-catalog-trust left out: $msg" >&2
fi

secret fastshop-catalog "cursor-secret=$(password)"
secret fastshop-postgresql-catalog "password=$(password)"
secret fastshop-postgresql-orders "password=$(password)"
redis_password=$(password)
secret fastshop-redis "password=$redis_password" "url=redis://:$redis_password@fastshop-redis:6379"
state_redis_password=$(password)
secret fastshop-state-redis "password=$state_redis_password" \
  "url=redis://:$state_redis_password@fastshop-state-redis:6379"
rabbitmq_password=$(password)
secret fastshop-rabbitmq "password=$rabbitmq_password" \
  "amqp-url=amqp://fastshop:$rabbitmq_password@fastshop-rabbitmq:5672/fastshop"

# The order service's identity: a PKCS#8 RS256 key, generated once (an existing Secret is read back for the JWKS).
order_key=$work/order-service.pem
if exists secret fastshop-order-service-key; then
  "$kubectl" get secret fastshop-order-service-key --namespace "$namespace" -o 'jsonpath={.data.privateKey\.pem}' |
    base64 -d >"$order_key"
else
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$order_key" 2>/dev/null
fi
secret fastshop-order-service-key "privateKey.pem=@$order_key"

# The catalog's JWKS: public keys only, so a ConfigMap; rewritten on every run, so it always matches the kept keys.
[[ -n $users_jwk ]] || exit 0
order_jwk=$(rsa_jwk order-service "$order_key")
printf '{"keys":[%s,%s]}\n' "$users_jwk" "$order_jwk" >"$work/jwks.json"
if [[ $print == true ]]; then
  echo "---"
  "$kubectl" create configmap fastshop-catalog-trust --namespace "$namespace" --from-file=jwks.json="$work/jwks.json" \
    --dry-run=client -o yaml
else
  "$kubectl" create configmap fastshop-catalog-trust --namespace "$namespace" --from-file=jwks.json="$work/jwks.json" \
    --dry-run=client -o yaml | "$kubectl" apply -f -
fi
