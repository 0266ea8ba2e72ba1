# shellcheck shell=bash disable=SC2034
# (SC2034: variables here are used by the scripts that source this file.)
# Shared functions of ./fastshop and its subcommands (scripts/cmd-*.sh). Sourced, never run.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
FASTSHOP_HOME=${FASTSHOP_HOME:-$ROOT/.fastshop}
export ROOT FASTSHOP_HOME

PG_HOST=${FASTSHOP_PG_HOST:-127.0.0.1}
PG_PORT=${FASTSHOP_PG_PORT:-5432}
REDIS_HOST=${FASTSHOP_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${FASTSHOP_REDIS_PORT:-6379}
# State (rate limits, job dedup records) lives in its own Redis that never evicts, apart from the LRU cache above.
STATE_REDIS_HOST=${FASTSHOP_STATE_REDIS_HOST:-127.0.0.1}
STATE_REDIS_PORT=${FASTSHOP_STATE_REDIS_PORT:-6380}
RABBIT_HOST=${FASTSHOP_RABBITMQ_HOST:-127.0.0.1}
RABBIT_PORT=${FASTSHOP_RABBITMQ_PORT:-5672}
GREENMAIL_VERSION=2.1.3
SMTP_PORT_LOCAL=3025
GREENMAIL_API_PORT=3180

# Every vhost the suite uses: the local stack, each module's tests, the end-to-end tests.
RABBIT_VHOSTS=(fastshop fastshop-test-catalog fastshop-test-order fastshop-test-worker fastshop-test-gateway fastshop-e2e)
# database:owner pairs; *_test databases belong to the tests, the others to ./fastshop up.
DATABASES=(catalog:catalog orders:orders catalog_test:catalog orders_test:orders catalog_e2e:catalog orders_e2e:orders)

if [[ -t 1 ]]; then
    C_BOLD=$'\e[1m' C_GREEN=$'\e[32m' C_YELLOW=$'\e[33m' C_RED=$'\e[31m' C_OFF=$'\e[0m'
else
    C_BOLD='' C_GREEN='' C_YELLOW='' C_RED='' C_OFF=''
fi

say() { printf '    %s\n' "$*"; }
info() { printf '%s==>%s %s\n' "$C_GREEN" "$C_OFF" "$*"; }
warn() { printf '%swarning:%s %s\n' "$C_YELLOW" "$C_OFF" "$*" >&2; }
die() {
    printf '%serror:%s %s\n' "$C_RED" "$C_OFF" "$*" >&2
    exit 1
}

is_root() { [[ $(id -u) -eq 0 ]]; }
have() { command -v "$1" >/dev/null 2>&1; }

# Exits 0 when something accepts TCP connections on host:port.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_port() {
    local host=$1 port=$2 seconds=$3 i
    for ((i = 0; i < seconds * 2; i++)); do
        port_open "$host" "$port" && return 0
        sleep 0.5
    done
    return 1
}

require_java() {
    have java || die "no Java found: install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)"
    local version
    version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    [[ ${version%%.*} -ge 17 ]] || die "Java $version found, Fastshop needs 17 or newer (set JAVA_HOME or PATH)"
}

apt_install() {
    if ! is_root || ! have apt-get; then
        die "$1 is missing: install it (Debian/Ubuntu: apt-get install $*), then run again"
    fi
    info "installing $* with apt-get"
    if [[ ! -f "$FASTSHOP_HOME/.apt-updated" ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        mkdir -p "$FASTSHOP_HOME" && touch "$FASTSHOP_HOME/.apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# rsa_jwk KID PRIVATE_KEY_PEM → the public half as a JWK (RFC 7517), with openssl and the shell only.
rsa_jwk() {
    local hex
    hex=$(openssl rsa -in "$2" -noout -modulus 2>/dev/null | sed 's/^Modulus=//')
    # shellcheck disable=SC2059,SC2001 # the hex digits become the printf format of the bytes they spell
    printf '{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"AQAB"}' "$1" \
        "$(printf "$(sed 's/../\\x&/g' <<<"$hex")" | b64url)"
}

random_secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 32; }

# Dev secrets live in the git-ignored .fastshop/: generated once, reused afterwards.
ensure_secrets() {
    mkdir -p "$FASTSHOP_HOME"/{jwt,tls,logs,pids}
    chmod 700 "$FASTSHOP_HOME"
    local env=$FASTSHOP_HOME/secrets.env
    if [[ ! -f $env ]]; then
        info "generating dev secrets into .fastshop/"
        umask 077
        cat >"$env" <<EOF
CATALOG_DB_PASSWORD=$(random_secret)
ORDER_DB_PASSWORD=$(random_secret)
RABBITMQ_USER=fastshop
RABBITMQ_PASSWORD=$(random_secret)
CATALOG_CURSOR_SECRET=$(random_secret)
EOF
    fi
    have openssl || apt_install openssl
    # Two key pairs: users' tokens (what an identity provider signs; ./fastshop token) and the order service's own
    # service identity, with which it calls the catalog's reservation endpoints.
    local key
    for key in private order-service; do
        if [[ ! -f $FASTSHOP_HOME/jwt/$key.pem ]]; then
            openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$FASTSHOP_HOME/jwt/$key.pem" 2>/dev/null
        fi
    done
    [[ -f $FASTSHOP_HOME/jwt/public.pem ]] || openssl pkey -in "$FASTSHOP_HOME/jwt/private.pem" -pubout -out "$FASTSHOP_HOME/jwt/public.pem"
    # The catalog trusts both keys, told apart by kid: only a token signed with kid order-service acts as a service.
    if [[ ! -f $FASTSHOP_HOME/jwt/catalog-trust.jwks.json ]]; then
        printf '{"keys":[%s,%s]}\n' "$(rsa_jwk users "$FASTSHOP_HOME/jwt/private.pem")" \
            "$(rsa_jwk order-service "$FASTSHOP_HOME/jwt/order-service.pem")" >"$FASTSHOP_HOME/jwt/catalog-trust.jwks.json"
    fi
    if [[ ! -f $FASTSHOP_HOME/tls/cert.pem ]]; then
        openssl req -x509 -newkey rsa:2048 -sha256 -days 825 -nodes -subj "/CN=localhost" \
            -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
            -keyout "$FASTSHOP_HOME/tls/key.pem" -out "$FASTSHOP_HOME/tls/cert.pem" 2>/dev/null
    fi
}

# Exports the secrets and the addresses of the backing services for the services, tests and subcommands.
load_env() {
    ensure_secrets
    set -a
    # shellcheck source=/dev/null
    . "$FASTSHOP_HOME/secrets.env"
    set +a
    export FASTSHOP_PG_HOST=$PG_HOST FASTSHOP_PG_PORT=$PG_PORT
    export FASTSHOP_REDIS_HOST=$REDIS_HOST FASTSHOP_REDIS_PORT=$REDIS_PORT
    export FASTSHOP_STATE_REDIS_HOST=$STATE_REDIS_HOST FASTSHOP_STATE_REDIS_PORT=$STATE_REDIS_PORT
    export FASTSHOP_RABBITMQ_HOST=$RABBIT_HOST FASTSHOP_RABBITMQ_PORT=$RABBIT_PORT
    export JWT_PRIVATE_KEY=$FASTSHOP_HOME/jwt/private.pem JWT_PUBLIC_KEY_LOCATION=$FASTSHOP_HOME/jwt/public.pem
    export ORDER_SERVICE_KEY_LOCATION=$FASTSHOP_HOME/jwt/order-service.pem
    export CATALOG_JWT_KEYS_LOCATION=$FASTSHOP_HOME/jwt/catalog-trust.jwks.json
}

psql_admin() {
    if psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -w -d postgres -qAtc 'select 1' >/dev/null 2>&1; then
        psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -w -d postgres -v ON_ERROR_STOP=1 -qAt "$@"
    elif is_root && id postgres >/dev/null 2>&1; then
        runuser -u postgres -- psql -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"
    else
        die "cannot administer PostgreSQL at $PG_HOST:$PG_PORT as 'postgres': allow it (trust or a .pgpass entry) or run as root"
    fi
}

# The stack's own databases, as their owners: CATALOG_DB and ORDER_DB (./fastshop bench reads them off the running
# services) or those ./fastshop up uses.
psql_catalog() {
    PGPASSWORD=$CATALOG_DB_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U catalog -d "${CATALOG_DB:-catalog}" -X -qAt \
        -v ON_ERROR_STOP=1 "$@"
}
psql_orders() {
    PGPASSWORD=$ORDER_DB_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U orders -d "${ORDER_DB:-orders}" -X -qAt \
        -v ON_ERROR_STOP=1 "$@"
}

start_postgres() {
    if ! have pg_ctlcluster; then
        apt_install postgresql postgresql-contrib
    fi
    local version
    for version in /etc/postgresql/*; do
        if [[ -d $version/main ]]; then
            pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start 2>/dev/null || true
        fi
    done
}

ensure_postgres() {
    if ! port_open "$PG_HOST" "$PG_PORT"; then
        [[ $PG_HOST == 127.0.0.1 || $PG_HOST == localhost ]] || die "PostgreSQL at $PG_HOST:$PG_PORT does not answer"
        info "starting PostgreSQL"
        start_postgres
        wait_port "$PG_HOST" "$PG_PORT" 30 || die "PostgreSQL did not start on $PG_HOST:$PG_PORT"
    fi
    have psql || apt_install postgresql-client
    local pair db owner password
    for owner in catalog orders; do
        [[ $owner == catalog ]] && password=$CATALOG_DB_PASSWORD || password=$ORDER_DB_PASSWORD
        psql_admin -c "DO \$\$BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$owner') THEN CREATE ROLE $owner LOGIN; END IF;
            END\$\$;" -c "ALTER ROLE $owner LOGIN PASSWORD '$password'"
    done
    for pair in "${DATABASES[@]}"; do
        db=${pair%%:*} owner=${pair##*:}
        if [[ -z $(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'") ]]; then
            psql_admin -c "CREATE DATABASE $db OWNER $owner"
        fi
    done
    # Not changed here (the server is the machine's), but worth knowing: the outbox is a queue table and bloats
    # without vacuum (the relay's poll slows down run after run).
    if [[ $(psql_admin -c 'SHOW autovacuum') == off ]]; then
        warn "PostgreSQL at $PG_HOST:$PG_PORT runs with autovacuum = off; production needs it on (see order-service/README.md)"
    fi
}

ensure_redis() {
    if port_open "$REDIS_HOST" "$REDIS_PORT"; then
        # Not changed here either (the server is the machine's): a cache that never evicts refuses writes once full.
        if have redis-cli && [[ $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" config get maxmemory-policy 2>/dev/null |
            tail -n 1) == noeviction ]]; then
            warn "the cache Redis at $REDIS_HOST:$REDIS_PORT never evicts (maxmemory-policy noeviction); a cache wants allkeys-lru"
        fi
        return 0
    fi
    [[ $REDIS_HOST == 127.0.0.1 || $REDIS_HOST == localhost ]] || die "Redis at $REDIS_HOST:$REDIS_PORT does not answer"
    have redis-server || apt_install redis-server
    info "starting Redis (the cache: least recently used keys are evicted when full)"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
        --maxmemory "${FASTSHOP_REDIS_MAXMEMORY:-512mb}" --maxmemory-policy allkeys-lru \
        --dir "${TMPDIR:-/tmp}" --logfile "$FASTSHOP_HOME/logs/redis.log" >/dev/null
    wait_port "$REDIS_HOST" "$REDIS_PORT" 15 || die "Redis did not start on $REDIS_HOST:$REDIS_PORT"
}

# The state Redis: noeviction (a full one refuses writes with an error instead of dropping limits or dedup
# records) and an append-only file, so a restart keeps what was recorded.
ensure_state_redis() {
    port_open "$STATE_REDIS_HOST" "$STATE_REDIS_PORT" && return 0
    [[ $STATE_REDIS_HOST == 127.0.0.1 || $STATE_REDIS_HOST == localhost ]] ||
        die "the state Redis at $STATE_REDIS_HOST:$STATE_REDIS_PORT does not answer"
    have redis-server || apt_install redis-server
    info "starting the state Redis on port $STATE_REDIS_PORT (noeviction, append-only)"
    local dir=${FASTSHOP_STATE_REDIS_DIR:-$FASTSHOP_HOME/redis-state}
    mkdir -p "$dir"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$STATE_REDIS_PORT" --save "" --appendonly yes \
        --appendfsync everysec --maxmemory "${FASTSHOP_STATE_REDIS_MAXMEMORY:-256mb}" --maxmemory-policy noeviction \
        --dir "$dir" --pidfile "$FASTSHOP_HOME/pids/redis-state.pidfile" \
        --logfile "$FASTSHOP_HOME/logs/redis-state.log" >/dev/null
    wait_port "$STATE_REDIS_HOST" "$STATE_REDIS_PORT" 15 || die "the state Redis did not start on $STATE_REDIS_HOST:$STATE_REDIS_PORT"
}

ensure_rabbitmq() {
    if ! port_open "$RABBIT_HOST" "$RABBIT_PORT"; then
        [[ $RABBIT_HOST == 127.0.0.1 || $RABBIT_HOST == localhost ]] ||
            die "RabbitMQ at $RABBIT_HOST:$RABBIT_PORT does not answer"
        have rabbitmq-server || apt_install rabbitmq-server
        info "starting RabbitMQ (takes a few seconds)"
        rabbitmq-server -detached >/dev/null 2>&1 || true
        wait_port "$RABBIT_HOST" "$RABBIT_PORT" 90 || die "RabbitMQ did not start on $RABBIT_HOST:$RABBIT_PORT"
    fi
    local marker=$FASTSHOP_HOME/.rabbitmq-provisioned
    have rabbitmqctl || die "rabbitmqctl is needed once to create the vhosts and the 'fastshop' user"
    # The broker is shared by every checkout on this machine (a CI clone has its own secrets): the marker is trusted
    # only while the broker still accepts this checkout's password.
    [[ -f $marker && $(cat "$marker") == "${RABBIT_VHOSTS[*]}:$RABBITMQ_PASSWORD" ]] &&
        rabbitmqctl -q authenticate_user "$RABBITMQ_USER" "$RABBITMQ_PASSWORD" >/dev/null 2>&1 && return 0
    rabbitmqctl -q await_startup >/dev/null 2>&1 || true
    # grep reads all of it (no -q): quitting at the first match could cut rabbitmqctl's pipe and fail the pipeline.
    if rabbitmqctl -q list_users 2>/dev/null | grep "^$RABBITMQ_USER\b" >/dev/null; then
        rabbitmqctl -q change_password "$RABBITMQ_USER" "$RABBITMQ_PASSWORD" >/dev/null
    else
        rabbitmqctl -q add_user "$RABBITMQ_USER" "$RABBITMQ_PASSWORD" >/dev/null
    fi
    rabbitmqctl -q set_user_tags "$RABBITMQ_USER" management >/dev/null
    local vhost
    for vhost in "${RABBIT_VHOSTS[@]}"; do
        rabbitmqctl -q add_vhost "$vhost" >/dev/null 2>&1 || true
        rabbitmqctl -q set_permissions -p "$vhost" "$RABBITMQ_USER" '.*' '.*' '.*' >/dev/null
    done
    echo "${RABBIT_VHOSTS[*]}:$RABBITMQ_PASSWORD" >"$marker"
}

# The local streaming replica of PostgreSQL: a second cluster of the machine's PostgreSQL (Debian's
# pg_createcluster, like the primary), filled with pg_basebackup -R from the primary and following it. Only for a
# primary on this machine and as root; FASTSHOP_PG_REPLICA=off skips it. Idempotent: a replica that exists is started;
# one that no longer follows the primary (the WAL it needed was recycled while it was stopped) is made again. A
# replica that cannot be made is a warning, never a failure: the services then read from the primary, and the tests
# that need a replica are skipped.
PG_REPLICA_PORT=${FASTSHOP_PG_REPLICA_PORT:-5433}
PG_REPLICA_CLUSTER=fastshop_replica

pg_major() { psql_admin -c "SHOW server_version_num" | cut -c1-2; }

# Bytes of WAL the replica has still to replay, from the primary's view; empty when it is not streaming.
pg_replica_lag() {
    psql_admin -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) FROM pg_stat_replication
                   WHERE application_name LIKE '%/$PG_REPLICA_CLUSTER' AND state = 'streaming'" 2>/dev/null
}

ensure_pg_replica() {
    [[ ${FASTSHOP_PG_REPLICA:-on} != off ]] || return 0
    [[ $PG_HOST == 127.0.0.1 || $PG_HOST == localhost ]] && is_root && have pg_createcluster || return 0
    local version attempt
    version=$(pg_major)
    # The services' tests pause and resume the replica's replay to make it lag: granted in their databases on the
    # primary, the grants reach the replica with the WAL (the later -d wins).
    psql_admin -d catalog_test -c "GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume() TO catalog"
    psql_admin -d orders_test -c "GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume() TO orders"
    for attempt in 1 2; do
        if [[ ! -d /etc/postgresql/$version/$PG_REPLICA_CLUSTER ]]; then
            make_pg_replica "$version" || { warn "the local PostgreSQL replica could not be made"; return 0; }
        fi
        pg_ctlcluster --skip-systemctl-redirect "$version" "$PG_REPLICA_CLUSTER" start >/dev/null 2>&1 || true
        for _ in {1..20}; do
            [[ -n $(pg_replica_lag) ]] && return 0
            sleep 0.5
        done
        ((attempt == 1)) && info "the local PostgreSQL replica does not follow the primary; making it again"
        pg_dropcluster --stop "$version" "$PG_REPLICA_CLUSTER" 2>/dev/null || true
    done
    warn "the local PostgreSQL replica on port $PG_REPLICA_PORT does not stream from the primary"
}

make_pg_replica() { # VERSION
    local version=$1 hba data=/var/lib/postgresql/$1/$PG_REPLICA_CLUSTER
    info "making the local PostgreSQL replica (cluster $version/$PG_REPLICA_CLUSTER, port $PG_REPLICA_PORT)"
    hba=$(psql_admin -c 'SHOW hba_file')
    # Replication connections from this machine, allowed the way the primary allows its other local connections.
    if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
        echo "host replication all 127.0.0.1/32 trust # ./fastshop: the local streaming replica" >>"$hba"
        psql_admin -c 'SELECT pg_reload_conf()' >/dev/null
    fi
    pg_createcluster "$version" "$PG_REPLICA_CLUSTER" --port "$PG_REPLICA_PORT" >/dev/null || return 1
    cp "$hba" "/etc/postgresql/$version/$PG_REPLICA_CLUSTER/pg_hba.conf"
    find "$data" -mindepth 1 -delete
    runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$data" -R -X stream -c fast
}

stop_pg_replica() {
    [[ ${FASTSHOP_PG_REPLICA:-on} != off ]] && is_root && have pg_ctlcluster || return 0
    local version
    version=$(pg_major 2>/dev/null) || return 0
    [[ -d /etc/postgresql/$version/$PG_REPLICA_CLUSTER ]] || return 0
    pg_ctlcluster --skip-systemctl-redirect "$version" "$PG_REPLICA_CLUSTER" stop 2>/dev/null &&
        echo "   stopped the PostgreSQL replica (port $PG_REPLICA_PORT)"
}

# PostgreSQL (and its local replica), Redis and RabbitMQ up, with the databases, roles, vhosts and user the suite
# needs. Idempotent.
ensure_infra() {
    load_env
    ensure_postgres
    ensure_pg_replica
    ensure_redis
    ensure_state_redis
    ensure_rabbitmq
}

mvnw() { "$ROOT/mvnw" -B -q "$@"; }

# podman on this kind of machine needs runc and explicit ulimits (crun cannot set RLIMIT_NOFILE here).
podman_env() {
    if ! have podman; then
        apt_install podman fuse-overlayfs slirp4netns uidmap runc
    fi
    mkdir -p "$FASTSHOP_HOME/containers"
    CONTAINERS_CONF=$FASTSHOP_HOME/containers/containers.conf
    cat >"$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=16384:16384"]

[engine]
runtime = "runc"
CONF
    export CONTAINERS_CONF
}

# The Docker API that Testcontainers talks to: DOCKER_HOST when the user has one (Docker), else podman's API service
# on a socket of our own, stopped by stop_container_api. Prints nothing and exports nothing when neither is there.
ensure_container_api() {
    [[ -n ${DOCKER_HOST:-} ]] && return 0
    if [[ -S /var/run/docker.sock ]] && have docker && docker info >/dev/null 2>&1; then
        return 0
    fi
    have podman || { is_root && have apt-get; } || return 0
    podman_env
    local socket=$FASTSHOP_HOME/containers/podman.sock
    rm -f "$socket"
    podman system service --time=0 "unix://$socket" >"$FASTSHOP_HOME/logs/podman-api.log" 2>&1 &
    echo $! >"$FASTSHOP_HOME/containers/podman-api.pid"
    local i
    for ((i = 0; i < 50; i++)); do
        [[ -S $socket ]] && break
        sleep 0.2
    done
    [[ -S $socket ]] || { warn "podman's API did not start: see $FASTSHOP_HOME/logs/podman-api.log"; return 0; }
    # Ryuk (Testcontainers' reaper) is an image pulled from a registry; the tests stop their containers themselves.
    export DOCKER_HOST=unix://$socket TESTCONTAINERS_RYUK_DISABLED=true
}

stop_container_api() {
    local pidfile=$FASTSHOP_HOME/containers/podman-api.pid
    [[ -f $pidfile ]] || return 0
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile" "$FASTSHOP_HOME/containers/podman.sock"
}
