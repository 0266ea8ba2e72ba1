"""./fastshop chaos: a paced stream of orders through the gateway(s), every attempt recorded.

Order i is due at start + i / rate (open loop: a slow answer does not delay the next order). Each order has its own
Idempotency-Key, customer (round robin over the tokens), product (round robin), quantity (1 or 2) and a recipient
address unique to it, so the audit can count that order's emails. A client that does not know whether its order was
taken retries it with the same key, as the API asks: after a transport error (refused, reset, timed out) and after a
502/503/504, waiting Retry-After (at most 5 s, at least 0.5 s), for up to RETRY_WINDOW_SECONDS: long enough to
outlast a service's restart, so that an order whose answer was lost in a crash is answered by its replay rather than
left looking rejected. With several gateways the orders alternate between them and a retry goes to the next one, as a
load balancer would.

After a 2xx the client reads, as a shop's front end would: the order back (with the Fastshop-Read-After position its
write answered, so a replica that has not replayed it yet is not asked) and a page of a product search. Reads are
not retried: each is one attempt, recorded.

Writes one JSON line per order: key, customer, email, product, quantity, and its attempts (gateway, start and end as
epoch seconds, status, 0 for a transport error, and the Content-Type of an error), plus the final status and the
order id of a 2xx, and its reads (path, start, end, status, Content-Type of an error).
"""
import argparse
import http.client
import json
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

RETRY_WINDOW_SECONDS = 20
RETRIED = {0, 502, 503, 504}
READ_AFTER = "Fastshop-Read-After"
SEARCHES = ["lamp", "chair", "shoes", "kettle", "desk", "headphones"]


def get(args, base, path, token, headers=None):
    url = urllib.parse.urlsplit(base)
    record = {"path": path, "start": time.time(), "status": 0}
    try:
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=args.timeout)
        conn.request("GET", path, headers={"Authorization": "Bearer " + token, **(headers or {})})
        response = conn.getresponse()
        response.read()
        record["status"] = response.status
        if response.status >= 400:
            record["type"] = response.getheader("Content-Type")
        conn.close()
    except (OSError, http.client.HTTPException) as error:
        record["error"] = type(error).__name__
    record["end"] = time.time()
    return record


def place(args, i, tokens, gateways, products):
    key = f"chaos-{args.run}-{i}"
    customer, token = tokens[i % len(tokens)]
    product = products[i % len(products)]
    quantity = 1 + i % 2
    email = f"{key}@chaos.fastshop.dev"
    body = json.dumps({
        "lines": [{"productId": int(product), "quantity": quantity}],
        "email": email,
        "shippingAddress": {"name": "Chaos Test", "line1": "1 Fault Lane", "postalCode": "10115",
                            "city": "Berlin", "country": "DE"},
    })
    record = {"key": key, "customer": customer, "email": email, "product": int(product), "quantity": quantity,
              "attempts": []}
    first = time.time()
    attempt = 0
    while True:
        base = gateways[(i + attempt) % len(gateways)]
        url = urllib.parse.urlsplit(base)
        start = time.time()
        status, order_id, retry_after, content_type, position = 0, None, 1.0, None, None
        try:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=args.timeout)
            conn.request("POST", "/api/orders", body=body, headers={
                "Authorization": "Bearer " + token, "Content-Type": "application/json", "Idempotency-Key": key})
            response = conn.getresponse()
            payload = response.read()
            status = response.status
            if 200 <= status < 300:
                order_id = json.loads(payload).get("id")
                position = response.getheader(READ_AFTER)
            retry_after = float(response.getheader("Retry-After") or 1)
            content_type = response.getheader("Content-Type")
            conn.close()
        except (OSError, http.client.HTTPException, ValueError) as error:
            record.setdefault("errors", []).append(type(error).__name__)
        attempt_record = {"gateway": base, "start": start, "end": time.time(), "status": status}
        if status >= 400:
            attempt_record["type"] = content_type
        record["attempts"].append(attempt_record)
        record["status"], record["order_id"] = status, order_id
        pause = min(max(retry_after, 0.5), 5.0)
        if status not in RETRIED or time.time() + pause - first > RETRY_WINDOW_SECONDS:
            break
        attempt += 1
        time.sleep(pause)
    if order_id:
        base = gateways[(i + attempt) % len(gateways)]
        record["reads"] = [
            get(args, base, f"/api/orders/{order_id}", token, {READ_AFTER: position} if position else None),
            get(args, base, f"/api/catalog/products?q={SEARCHES[i % len(SEARCHES)]}&limit={1 + i % 40}", token),
        ]
    return record


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", required=True)
    parser.add_argument("--gateways", required=True, help="comma separated base URLs")
    parser.add_argument("--tokens", required=True, help="file of 'customer token' lines")
    parser.add_argument("--products", required=True, help="comma separated product ids")
    parser.add_argument("--orders", type=int, required=True)
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--timeout", type=float, default=15.0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.tokens) as file:
        tokens = [tuple(line.split()) for line in file if line.strip()]
    gateways = args.gateways.split(",")
    products = args.products.split(",")
    lock = threading.Lock()
    start = time.time()
    with open(args.out, "w") as out, ThreadPoolExecutor(max_workers=max(8, int(args.rate * 4))) as pool:
        def run(i):
            record = place(args, i, tokens, gateways, products)
            with lock:
                out.write(json.dumps(record) + "\n")
                out.flush()

        futures = []
        for i in range(args.orders):
            time.sleep(max(0.0, start + i / args.rate - time.time()))
            futures.append(pool.submit(run, i))
        for future in futures:
            future.result()  # a bug in the client must fail the run, not drop orders from the record


if __name__ == "__main__":
    main()
