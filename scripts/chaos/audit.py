"""What an order stream left behind, read from the system's own stores: ./fastshop chaos audits every scenario with
it, and the end-to-end tests (FastshopIT) audit their own stream with it, so both share one definition of "lost" and
"duplicated". Databases: CHAOS_PG_HOST/PORT, CHAOS_ORDERS_DB and CHAOS_CATALOG_DB (default orders and catalog).

Waits (bounded) until every accepted order's invoice and email job has ended and every reservation of the run has its
order or was released, then checks, per order of the stream
(its record from stream.py) and per product it touched:
  lost           a 2xx order that is not in the orders database with its lines, or has no RESERVED reservation
  unfinished     an accepted order whose invoice is not READY with a parsable, intact PDF, or whose email is not SENT
  duplicated     an order whose recipient got more than one email (GreenMail's API; each order has its own address)
  redelivered    (reported, not failed) an order whose one email, same Message-ID, arrived more than once: a worker
                 killed between the SMTP server's acceptance and its completion record (docs/messaging.md)
  for_rejected   an order (or an email) for a request whose final answer was not a 2xx
  orphans        a RESERVED reservation of this run's products whose order does not exist
  imbalanced     a product whose stock moved by other than its RESERVED reservation lines of this run
                 (initial - reserved + released = final, released lines being back in stock)
  dead_letters   messages that arrived in the job dead-letter queues during the run
  improper_errors  an answer that is a 500, or an error that is not application/problem+json (reads included)
  failed_reads   reads after an accepted order (the order back, a search) that did not answer 2xx: reported, and
                 failed only with --reads-must-succeed (a scenario whose fault must not cost any read, e.g. a replica)
and the figures of the fault window [fault, healed + 15 s]: 5xx (and transport errors, as status 0) of every attempt,
the longest request and the longest failed one (reads included), and the recovery: from the moment the failed part
was back to the end of the first successful request sent after the last failed one (0 when none failed).
Prints one JSON object; exits 1 when anything was lost, unfinished, duplicated, imbalanced, left orphaned, ordered for
a rejected request, or answered with an improper error.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import time
import urllib.request

SETTLE_SECONDS = 180


def psql(database, user, password_env, sql):
    env = dict(os.environ, PGPASSWORD=os.environ.get(password_env, ""))
    out = subprocess.run(["psql", "-h", os.environ["CHAOS_PG_HOST"], "-p", os.environ["CHAOS_PG_PORT"], "-U", user,
                          "-d", database, "-X", "-qAt", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         env=env, check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def orders_db(sql):
    return psql(os.environ.get("CHAOS_ORDERS_DB", "orders"), "orders", "ORDER_DB_PASSWORD", sql)


def catalog_db(sql):
    return psql(os.environ.get("CHAOS_CATALOG_DB", "catalog"), "catalog", "CATALOG_DB_PASSWORD", sql)


def emails_to(api, addresses):
    """The Message-IDs of the mails GreenMail received for each address (it knows only the addresses it received mail
    for)."""
    with urllib.request.urlopen(f"{api}/user", timeout=10) as response:
        known = {user["email"] for user in json.load(response)}
    ids = {}
    for address in addresses:
        ids[address] = []
        if address in known:
            with urllib.request.urlopen(f"{api}/user/{address}/messages/", timeout=10) as response:
                ids[address] = [message.get("Message-ID") for message in json.load(response)]
    return ids


def dead_letters():
    """Messages in the job dead-letter queues of the stack's vhost (rabbitmqctl: the broker is on this machine)."""
    out = subprocess.run(["rabbitmqctl", "-q", "list_queues", "-p", os.environ.get("RABBITMQ_VHOST", "fastshop"),
                          "name", "messages"], check=True, capture_output=True, text=True).stdout
    return sum(int(fields[1]) for fields in (line.split() for line in out.splitlines())
               if len(fields) == 2 and fields[0].startswith("jobs.") and fields[0].endswith(".dlq"))


def order_rows(run):
    # One row per order of this run: id, email, lines, invoice job, intact PDF, email job.
    return {row[1]: row for row in orders_db(f"""
        SELECT o.id, o.email, (SELECT count(*) FROM order_items i WHERE i.order_id = o.id),
               coalesce(inv.status, '-'), coalesce(em.status, '-'),
               coalesce(substring(d.content FROM 1 FOR 5) = '\\x255044462d'::bytea
                   AND position('\\x2525454f46'::bytea IN substring(d.content FROM greatest(1, length(d.content) - 1023))) > 0
                   AND encode(sha256(d.content), 'hex') = d.sha256, false)
        FROM orders o
        LEFT JOIN order_jobs inv ON inv.order_id = o.id AND inv.type = 'INVOICE'
        LEFT JOIN order_jobs em ON em.order_id = o.id AND em.type = 'EMAIL'
        LEFT JOIN order_documents d ON d.order_id = o.id AND d.kind = 'INVOICE'
        WHERE o.email LIKE 'chaos-{run}-%'""")}


def reservations_of(since, products):
    return catalog_db(f"""
        SELECT r.order_id, r.status, l.product_id, l.quantity FROM reservations r JOIN reservation_lines l USING (order_id)
        WHERE r.created_at >= to_timestamp({since}) AND l.product_id IN ({products})""")


def settle(run, accepted, since, products, deadline):
    """Polls until every accepted order's jobs ended and every reservation of the run has its order or was released
    (the order service's sweeper releases those of orders that never committed); returns the last reads."""
    while True:
        rows = order_rows(run)
        reservations = reservations_of(since, products)
        order_ids = {row[0] for row in rows.values()}
        unsettled = [r for r in (rows.get(rec["email"]) for rec in accepted)
                     if r is not None and (r[3] == "PENDING" or r[4] == "PENDING")]
        unsettled += [order_id for order_id, status, _, _ in reservations
                      if status == "RESERVED" and order_id not in order_ids]
        if not unsettled or time.time() > deadline:
            return rows, reservations
        time.sleep(2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", required=True)
    parser.add_argument("--stream", required=True)
    parser.add_argument("--stock", required=True, help="file of 'product initial_stock' lines")
    parser.add_argument("--since", type=float, required=True, help="epoch seconds before the first order")
    parser.add_argument("--fault", type=float, help="epoch seconds of the fault (default: no fault, --since)")
    parser.add_argument("--healed", type=float, help="epoch seconds the failed part was back (default: --fault)")
    parser.add_argument("--dlq-before", type=int, help="dead_letters() before the stream (default: not counted)")
    parser.add_argument("--reads-must-succeed", action="store_true", help="a read that is not a 2xx fails the audit")
    mail = parser.add_mutually_exclusive_group(required=True)
    mail.add_argument("--greenmail", help="GreenMail's API, e.g. http://127.0.0.1:3180/api")
    mail.add_argument("--mail-file", help="JSON file of address -> Message-IDs received (an embedded GreenMail's)")
    args = parser.parse_args()
    args.fault = args.since if args.fault is None else args.fault
    args.healed = args.fault if args.healed is None else args.healed

    with open(args.stream) as file:
        records = [json.loads(line) for line in file if line.strip()]
    accepted = [r for r in records if 200 <= r["status"] < 300]
    rejected = [r for r in records if not 200 <= r["status"] < 300]
    with open(args.stock) as file:
        initial = {int(p): int(s) for p, s in (line.split() for line in file if line.strip())}
    products = ",".join(str(p) for p in initial)
    settle_start = time.time()
    rows, reservations = settle(args.run, accepted, args.since, products, settle_start + SETTLE_SECONDS)
    settled_s = round(time.time() - settle_start, 1)
    final = {int(p): int(s) for p, s in catalog_db(f"SELECT id, stock FROM products WHERE id IN ({products})")}
    reserved_by_order = {order_id for order_id, status, _, _ in reservations if status == "RESERVED"}
    run_order_ids = {row[0] for row in rows.values()}

    problems = collections.defaultdict(list)
    if args.mail_file:
        with open(args.mail_file) as file:
            received = json.load(file)
        emails = {r["email"]: received.get(r["email"], []) for r in records}
    else:
        emails = emails_to(args.greenmail, [r["email"] for r in records])
    for rec in accepted:
        row = rows.get(rec["email"])
        if row is None or row[0] != rec["order_id"] or int(row[2]) == 0 or row[0] not in reserved_by_order:
            problems["lost"].append(rec["key"])
            continue
        if row[3] != "READY" or row[5] != "t" or row[4] != "SENT":
            problems["unfinished"].append(f"{rec['key']} invoice={row[3]} pdf={row[5]} email={row[4]}")
        messages = emails[rec["email"]]
        distinct = len(set(messages))
        if distinct != 1:
            problems["duplicated" if distinct > 1 else "unfinished"].append(f"{rec['key']}: {distinct} emails")
        elif len(messages) > 1:
            problems["redelivered"].append(f"{rec['key']}: one email delivered {len(messages)} times")
    for rec in rejected:
        if rec["email"] in rows or emails[rec["email"]]:
            problems["for_rejected"].append(f"{rec['key']} (final status {rec['status']})")
    for order_id in reserved_by_order - run_order_ids:
        problems["orphans"].append(order_id)
    moved = collections.Counter()
    for _, status, product, quantity in reservations:
        if status == "RESERVED":
            moved[int(product)] += int(quantity)
    for product, stock in initial.items():
        if stock - moved[product] != final.get(product):
            problems["imbalanced"].append(f"product {product}: {stock} - {moved[product]} reserved != {final.get(product)}")

    window_end = args.healed + 15
    attempts = [a for r in records for a in r["attempts"]]
    in_window = [a for a in attempts if args.fault <= a["start"] <= window_end]
    errors = collections.Counter(str(a["status"]) for a in in_window if a["status"] == 0 or a["status"] >= 500)
    # Recovery: from the part being back to the end of the first success sent after the last failure; 0 when no
    # request failed, None when the stream ended before a request succeeded again.
    last_failure = max((a["start"] for a in in_window if not 200 <= a["status"] < 300), default=None)
    recovered = [max(0.0, a["end"] - args.healed) for a in attempts
                 if last_failure is None or (a["start"] > last_failure and 200 <= a["status"] < 300)]
    statuses = collections.Counter(str(r["status"]) for r in rejected)
    reads = [read for r in records for read in r.get("reads", [])]
    # Fail fast holds for every request in the window: the order attempts and the reads after them.
    window_reads = [read for read in reads if args.fault <= read["start"] <= window_end]
    failed = [a["end"] - a["start"] for a in in_window + window_reads if not 200 <= a["status"] < 300]
    for a in attempts + reads:
        problem_json = (a.get("type") or "").startswith("application/problem+json")
        if a["status"] == 500 or (a["status"] >= 400 and not problem_json):
            problems["improper_errors"].append(f'{a["status"]} {a.get("type")} from {a.get("gateway", a.get("path"))}')
    for read in reads:
        if not 200 <= read["status"] < 300:
            problems["failed_reads"].append(f'{read["status"]} {read["path"]}')
    failing = ("lost", "unfinished", "duplicated", "for_rejected", "orphans", "imbalanced", "improper_errors")
    if args.reads_must_succeed:
        failing += ("failed_reads",)
    summary = {
        "orders": len(records),
        "accepted": len(accepted),
        "rejected": dict(sorted(statuses.items())),
        **{key: len(problems[key]) for key in failing},
        "redelivered": len(problems["redelivered"]),
        "reads": len(reads),
        "failed_reads": len(problems["failed_reads"]),
        "dead_letters": None if args.dlq_before is None else max(0, dead_letters() - args.dlq_before),
        "fault_5xx": dict(sorted(errors.items())),
        "longest_s": round(max((a["end"] - a["start"] for a in in_window), default=0), 2),
        "longest_failure_s": round(max(failed, default=0), 2),
        "recovery_s": (0.0 if last_failure is None else round(min(recovered), 2)) if recovered else None,
        "settled_s": settled_s,
        "examples": {key: values[:5] for key, values in problems.items() if values},
    }
    print(json.dumps(summary))
    sys.exit(1 if any(problems[key] for key in failing) else 0)


if __name__ == "__main__":
    main()
