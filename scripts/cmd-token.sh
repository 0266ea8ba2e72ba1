#!/usr/bin/env bash
# ./fastshop token USER [--tier standard|premium] [--admin] [--ttl SECONDS]
# Prints an RS256 JWT for the local stack, signed with the dev key in .fastshop/jwt/private.pem (openssl only).
set -euo pipefail

token_usage() {
    cat <<'EOF_USAGE'
./fastshop token USER [--tier standard|premium] [--admin] [--ttl SECONDS]

Prints a signed JWT for USER (the customer id: sub and upn) that the gateway, catalog and order services accept:
iss=$JWT_ISSUER (https://fastshop.dev), aud=$JWT_AUDIENCE (fastshop), groups=["customer"] (+ "admin" with --admin),
tier=standard (default) or premium, valid for one hour (or --ttl seconds).

  curl -H "Authorization: Bearer $(./fastshop token alice)" http://localhost:8080/api/orders
EOF_USAGE
}

[[ $# -ge 1 ]] || { token_usage >&2; exit 1; }
case $1 in -h | --help | help) token_usage; exit 0 ;; esac
token_user=$1
shift
token_tier=standard
token_groups='["customer"]'
token_ttl=3600
while [[ $# -gt 0 ]]; do
    case $1 in
    --tier)
        [[ $# -ge 2 ]] || die "--tier needs a value: standard or premium"
        token_tier=$2
        shift 2
        ;;
    --admin)
        token_groups='["customer","admin"]'
        shift
        ;;
    --ttl)
        [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || die "--ttl needs a number of seconds"
        token_ttl=$2
        shift 2
        ;;
    *) token_usage >&2; die "unknown option '$1'" ;;
    esac
done
[[ $token_tier == standard || $token_tier == premium ]] || die "unknown tier '$token_tier' (standard or premium)"
# The user id goes into JSON unquoted-safe only when it is a plain token.
[[ $token_user =~ ^[A-Za-z0-9._@-]{1,128}$ ]] || die "USER must be letters, digits, '.', '_', '@' or '-'"

token_key=${FASTSHOP_HOME:-$ROOT/.fastshop}/jwt/private.pem
[[ -f $token_key ]] || die "no signing key at $token_key: run ./fastshop up once (it generates the dev keys)"
have openssl || die "openssl is needed to sign tokens (Debian: apt-get install openssl)"

token_now=$(date +%s)
# kid "users": the catalog trusts two keys and tells user tokens from service tokens by it.
token_header='{"alg":"RS256","typ":"JWT","kid":"users"}'
token_claims=$(printf '{"iss":"%s","aud":"%s","sub":"%s","upn":"%s","groups":%s,"tier":"%s","iat":%d,"exp":%d,"jti":"%s"}' \
    "${JWT_ISSUER:-https://fastshop.dev}" "${JWT_AUDIENCE:-fastshop}" "$token_user" "$token_user" \
    "$token_groups" "$token_tier" "$token_now" "$((token_now + token_ttl))" "$(openssl rand -hex 16)")
token_input="$(printf '%s' "$token_header" | b64url).$(printf '%s' "$token_claims" | b64url)"
token_signature=$(printf '%s' "$token_input" | openssl dgst -sha256 -sign "$token_key" -binary | b64url)
printf '%s.%s\n' "$token_input" "$token_signature"
