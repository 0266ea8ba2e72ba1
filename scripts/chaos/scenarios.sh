# shellcheck shell=bash disable=SC2034,SC2004,SC2153
# (SC2034: HEALED, SCENARIO_INFO and READS_KEPT are read by scripts/cmd-chaos.sh; SC2004, SC2153: PORT is ./fastshop's
# associative array of each service's first port.)
# ./fastshop chaos: the fault scenarios. Sourced by scripts/cmd-chaos.sh, never run. Each scenario_NAME injects its
# fault while the order stream runs, waits out the fault, brings the failed part back through the code path
# ./fastshop up uses, and sets HEALED (epoch seconds) to when the failed part was back (ready again). Only processes
# the stack started are ended, by their pid (the state Redis: the one on its port, started again on its directory);
# the machine's own cache Redis is frozen, never ended.

declare -A SCENARIO_INFO=(
    [kill-worker]="kill -9 the worker, start it again (jobs in flight are redelivered)"
    [kill-order]="kill -9 the order service, start it again (orders in flight are retried with their keys)"
    [kill-catalog]="kill -9 the catalog, start it again (the order service answers 503 meanwhile)"
    [kill-gateway]="kill -9 one of two gateways, start it again (the client sends to the other one meanwhile)"
    [broker-outage]="rabbitmqctl stop_app for ${CHAOS_OUTAGE_SECONDS:-20} s, then start_app (the outboxes hold the messages)"
    [redis-outage]="kill -9 the state Redis for 10 s (its append-only file keeps the job records), then freeze the cache Redis for 10 s"
    [postgres-restart]="restart PostgreSQL in fast mode (sessions ended cleanly)"
    [postgres-crash]="restart PostgreSQL in immediate mode (a crash: recovery from the WAL)"
    [catalog-freeze]="SIGSTOP the catalog for 10 s, then SIGCONT (calls time out while it holds them, then it runs them)"
    [worker-freeze]="SIGSTOP the worker for 30 s, then SIGCONT (its broker connection and jobs hang meanwhile)"
    [smtp-outage]="freeze the SMTP server for ${CHAOS_OUTAGE_SECONDS:-20} s (GreenMail keeps mail in memory: not ended)"
    [replica-stop]="stop the PostgreSQL streaming replica for 15 s, start it again (reads go to the primary meanwhile)"
)
# In the order a full run takes them.
SCENARIOS=(kill-worker kill-order kill-catalog kill-gateway broker-outage redis-outage postgres-restart postgres-crash
    catalog-freeze worker-freeze smtp-outage replica-stop)
# Scenarios whose fault must not cost a single read: the audit fails any read that is not a 2xx.
declare -A READS_KEPT=([replica-stop]=1)

now() { date +%s.%N; }

# Kills an instance the stack started (SIGKILL, no shutdown hooks) and waits until it is gone.
kill_instance() { # NAME
    local pid
    pid=$(running_pid "$1") || die "$1 is not running"
    kill -9 "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    # The restart starts a new log: keep what the killed instance wrote.
    cp "$(logfile "$1")" "$FASTSHOP_HOME/logs/$1.killed-$(date +%H%M%S).log"
    say "killed $1 (pid $pid); its log: .fastshop/logs/$1.killed-*.log"
}

# Starts an instance again the way ./fastshop up does, on its own ports, and waits until it is ready.
restart_instance() { # SERVICE NAME
    local svc=$1 name=$2 port offset
    port=$(cat "$FASTSHOP_HOME/pids/$name.port")
    offset=$((port - PORT[$svc]))
    start_service "$svc" "$name" "$offset"
    wait_ready "$name" >/dev/null
    say "$name is ready again"
}

# Freezes a process for some seconds (SIGSTOP), then lets it go on (SIGCONT).
freeze() { # PID SECONDS LABEL
    kill -STOP "$1"
    say "froze $3 (pid $1) for $2 s"
    sleep "$2"
    kill -CONT "$1"
}

kill_and_restart() { # SERVICE [NAME]
    local name=${2:-$1}
    kill_instance "$name"
    restart_instance "$1" "$name"
    HEALED=$(now)
}

scenario_kill-worker() { kill_and_restart worker; }
scenario_kill-order() { kill_and_restart order; }
scenario_kill-catalog() { kill_and_restart catalog; }
scenario_kill-gateway() { kill_and_restart gateway; }

scenario_broker-outage() {
    rabbitmqctl -q stop_app >/dev/null
    say "RabbitMQ stopped (stop_app) for ${CHAOS_OUTAGE_SECONDS:-20} s"
    sleep "${CHAOS_OUTAGE_SECONDS:-20}"
    rabbitmqctl -q start_app >/dev/null
    rabbitmqctl -q await_startup >/dev/null
    HEALED=$(now)
}

# The pid of the process listening on a port (./fastshop's port_holder), or die naming what was expected there.
pid_on_port() { # PORT LABEL
    local pid
    pid=$(port_holder "$1" | sed 's/.*pid=//')
    [[ -n $pid ]] || die "no process listens on the $2 port $1"
    echo "$pid"
}

scenario_redis-outage() {
    local pid dir
    pid=$(pid_on_port "$STATE_REDIS_PORT" "state Redis")
    # Started again on the same directory, so with its own append-only file, whichever checkout started it.
    dir=$(redis-cli -h "$STATE_REDIS_HOST" -p "$STATE_REDIS_PORT" --raw CONFIG GET dir | tail -1)
    kill -9 "$pid"
    say "killed the state Redis (pid $pid) for 10 s"
    sleep 10
    FASTSHOP_STATE_REDIS_DIR=$dir ensure_state_redis
    pid=$(pid_on_port "$REDIS_PORT" "cache Redis")
    freeze "$pid" 10 "the cache Redis"
    HEALED=$(now)
}

restart_postgres() { # MODE
    local version
    version=$(basename "$(find /etc/postgresql -mindepth 1 -maxdepth 1 -type d | head -1)")
    pg_ctlcluster --skip-systemctl-redirect "$version" main restart -m "$1"
    wait_port "$PG_HOST" "$PG_PORT" 60 || die "PostgreSQL did not come back"
    say "PostgreSQL $version restarted ($1 mode)"
    HEALED=$(now)
}

scenario_postgres-restart() { restart_postgres fast; }
scenario_postgres-crash() { restart_postgres immediate; }

scenario_catalog-freeze() {
    freeze "$(running_pid catalog)" 10 catalog
    HEALED=$(now)
}

scenario_worker-freeze() {
    freeze "$(running_pid worker)" 30 worker
    HEALED=$(now)
}

# Stopped the way ./fastshop down stops it (fast mode: sessions ended, as a failed replica host would end them),
# started again the way ./fastshop up does.
scenario_replica-stop() {
    [[ ${FASTSHOP_PG_REPLICA:-on} != off && -n $(pg_replica_lag) ]] || die "no local streaming replica to stop"
    stop_pg_replica >/dev/null
    say "stopped the PostgreSQL replica (port $PG_REPLICA_PORT) for 15 s"
    sleep 15
    ensure_pg_replica
    say "the PostgreSQL replica streams again"
    HEALED=$(now)
}

scenario_smtp-outage() {
    freeze "$(running_pid smtp)" "${CHAOS_OUTAGE_SECONDS:-20}" "the SMTP server"
    HEALED=$(now)
}
