#!/usr/bin/env bash
# ./fastshop dlq list|replay QUEUE [--vhost V] [--limit N]
# Inspects and re-drives the worker's dead-letter queues through the RabbitMQ management HTTP API.
set -euo pipefail

usage() {
    cat <<'EOF_USAGE'
./fastshop dlq list QUEUE [--vhost V] [--limit N]     count and the first N dead letters (default 10) with their reason
./fastshop dlq replay QUEUE [--vhost V] [--limit N]   move dead letters back to their job queue (all, or the first N)

  QUEUE     a dead-letter queue (jobs.invoice.dlq, jobs.email.dlq, jobs.image.dlq) or just the job type (invoice)
  --vhost   RabbitMQ virtual host (default $RABBITMQ_VHOST, else fastshop — the one ./fastshop up uses)

Replayed jobs get a fresh set of attempts: the worker's retry headers are dropped. Each message is published to
fastshop.jobs and removed from the DLQ only once the broker routed it; a message that cannot be routed goes back to
the DLQ. Needs the rabbitmq_management plugin: it is enabled here when RabbitMQ runs on this machine.
EOF_USAGE
}

[[ $# -ge 1 ]] || { usage >&2; exit 1; }
case $1 in -h | --help | help) usage; exit 0 ;; esac
action=$1
shift
[[ $action == list || $action == replay ]] || { usage >&2; die "unknown action '$action' (list or replay)"; }
[[ $# -ge 1 ]] || { usage >&2; die "name the dead-letter queue, e.g. jobs.invoice.dlq"; }
queue=$1
shift
vhost=${RABBITMQ_VHOST:-fastshop}
limit=''
while [[ $# -gt 0 ]]; do
    case $1 in
    --vhost) vhost=${2:?--vhost needs a value}; shift 2 ;;
    --limit) limit=${2:?--limit needs a value}; shift 2 ;;
    *) usage >&2; die "unknown option '$1'" ;;
    esac
done
[[ -z $limit || $limit =~ ^[0-9]+$ ]] || die "--limit takes a number"
[[ $queue == jobs.*.dlq ]] || queue="jobs.$queue.dlq"
[[ $queue =~ ^jobs\.(invoice|email|image)\.dlq$ ]] || die "'$queue' is not a job dead-letter queue"

mgmt_host=${FASTSHOP_RABBITMQ_HOST:-127.0.0.1}
mgmt_port=${FASTSHOP_RABBITMQ_MGMT_PORT:-15672}
export DLQ_API="http://$mgmt_host:$mgmt_port/api" DLQ_VHOST=$vhost DLQ_QUEUE=$queue DLQ_ACTION=$action
export DLQ_LIMIT=${limit:-$([[ $action == list ]] && echo 10 || echo 0)}
export DLQ_USER=${RABBITMQ_USER:-fastshop} DLQ_PASSWORD=${RABBITMQ_PASSWORD:-}

# The management plugin is off in a fresh RabbitMQ; enabling it is idempotent and takes a few seconds.
if ! port_open "$mgmt_host" "$mgmt_port"; then
    [[ $mgmt_host == 127.0.0.1 || $mgmt_host == localhost ]] ||
        die "the RabbitMQ management API at $mgmt_host:$mgmt_port does not answer"
    have rabbitmq-plugins || die "rabbitmq-plugins not found: enable rabbitmq_management on the broker"
    info "enabling the rabbitmq_management plugin"
    rabbitmq-plugins -q enable rabbitmq_management >/dev/null
    wait_port "$mgmt_host" "$mgmt_port" 60 || die "the management API did not come up on port $mgmt_port"
fi
have python3 || apt_install python3

python3 - <<'EOF_PY'
import base64, json, os, sys, urllib.error, urllib.parse, urllib.request

api, vhost, queue = os.environ["DLQ_API"], os.environ["DLQ_VHOST"], os.environ["DLQ_QUEUE"]
action, limit = os.environ["DLQ_ACTION"], int(os.environ["DLQ_LIMIT"])
job_type = queue.split(".")[1]
auth = "Basic " + base64.b64encode(f'{os.environ["DLQ_USER"]}:{os.environ["DLQ_PASSWORD"]}'.encode()).decode()
v = urllib.parse.quote(vhost, safe="")


def call(method, path, body=None):
    request = urllib.request.Request(api + path, method=method, headers={"Authorization": auth,
                                     "Content-Type": "application/json"},
                                     data=None if body is None else json.dumps(body).encode())
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        sys.exit(f"error: {method} {path}: HTTP {e.code} {e.read().decode(errors='replace')[:200]}")
    except urllib.error.URLError as e:
        sys.exit(f"error: management API unreachable: {e.reason}")


def get(count, ackmode, encoding):
    return call("POST", f"/queues/{v}/{urllib.parse.quote(queue, safe='')}/get",
                {"count": count, "ackmode": ackmode, "encoding": encoding, "truncate": 50000})


def publish(exchange, routing_key, message):
    body = {"properties": message["properties"], "routing_key": routing_key,
            "payload": message["payload"], "payload_encoding": message["payload_encoding"]}
    return call("POST", f"/exchanges/{v}/{exchange}/publish", body).get("routed", False)


depth = call("GET", f"/queues/{v}/{urllib.parse.quote(queue, safe='')}")
count = depth.get("messages", 0)
if action == "list":
    print(f"{queue} in vhost {vhost}: {count} dead letter(s)")
    # ack_requeue_true puts every inspected message back: listing never consumes.
    for i, message in enumerate(get(min(limit, count), "ack_requeue_true", "auto") if count else [], 1):
        headers = message["properties"].get("headers", {})
        death = (headers.get("x-death") or [{}])[0]
        reason = headers.get("x-fastshop-reason") or f"{death.get('reason', 'unknown')} by {death.get('queue', '?')}"
        payload = message["payload"] if message["payload_encoding"] == "string" else "<binary>"
        print(f"\n#{i} reason:   {reason}")
        print(f"   attempts: {headers.get('x-fastshop-attempts', '?')}  failed at: "
              f"{headers.get('x-fastshop-failed-at', death.get('time', '?'))}")
        print(f"   body:     {payload[:300]}{'…' if len(payload) > 300 else ''}")
    sys.exit(0)

todo = count if limit == 0 else min(limit, count)
replayed = 0
for _ in range(todo):
    batch = get(1, "ack_requeue_false", "base64")
    if not batch:
        break
    original = batch[0]
    fresh = json.loads(json.dumps(original))
    fresh["properties"]["headers"] = {k: val for k, val in original["properties"].get("headers", {}).items()
                                      if not k.startswith(("x-fastshop-", "x-death", "x-first-death", "x-last-death"))}
    if publish("fastshop.jobs", job_type, fresh):
        replayed += 1
    elif not publish("fastshop.jobs.dlx", job_type, original):
        sys.exit(f"error: a dead letter could be routed neither to jobs.{job_type} nor back to {queue}")
    else:
        sys.exit(f"error: fastshop.jobs did not route '{job_type}'; the message went back to {queue}")
print(f"replayed {replayed} of {count} dead letter(s) from {queue} to jobs.{job_type}")
EOF_PY
