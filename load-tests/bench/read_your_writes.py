"""./fastshop bench: read-your-writes with read replicas, counted over N writes each immediately read back.

Catalog: PATCH a product as admin, then GET it from the same instance at once; a violation is a GET that returns an
older version than the PATCH answered. Run it against a catalog with its cache off, so that the GET reads the
database (the replica, once it has replayed the change) rather than the write-through cache.
Orders: place an order through the gateway, then list the customer's newest order with the Fastshop-Read-After
position the write answered; a violation is a list whose newest order is not the one just placed, or a write without a
position while replicas are configured.

Prints one line: RESULT catalog_checks=… catalog_violations=… order_checks=… order_violations=… missing_positions=…
"""
import argparse
import http.client
import json
import urllib.parse
import uuid

READ_AFTER = "Fastshop-Read-After"
ADDRESS = {"name": "Bench", "line1": "1 Benchmark Way", "postalCode": "10115", "city": "Berlin", "country": "DE"}


def connection(url):
    parsed = urllib.parse.urlsplit(url)
    if parsed.hostname != "127.0.0.1":
        raise SystemExit(f"refusing to load anything but 127.0.0.1: {url}")
    return http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10), parsed.path.rstrip("/")


def call(conn, method, path, token, body=None, headers=None):
    sent = {"Authorization": f"Bearer {token}", **(headers or {})}
    if body is not None:
        sent["Content-Type"] = "application/json" if method == "POST" else "application/merge-patch+json"
        body = json.dumps(body)
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    data = response.read()
    return response.status, response.headers, json.loads(data) if data else None


def catalog(url, token, product, n):
    conn, base = connection(url)
    violations = 0
    for i in range(n):
        status, _, written = call(conn, "PATCH", f"{base}/products/{product}", token, {"rating": (i % 50) / 10})
        if status != 200:
            raise SystemExit(f"PATCH /products/{product} answered {status}: {written}")
        status, _, read = call(conn, "GET", f"{base}/products/{product}", token)
        if status != 200 or read["version"] < written["version"]:
            violations += 1
    return violations


def orders(url, token, products, n):
    conn, base = connection(url)
    violations = missing = 0
    for i in range(n):
        body = {"lines": [{"productId": int(products[i % len(products)]), "quantity": 1}],
                "email": "bench@load.fastshop.dev", "shippingAddress": ADDRESS}
        status, headers, placed = call(conn, "POST", f"{base}/orders", token, body,
                                       {"Idempotency-Key": f"ryw-{uuid.uuid4()}"})
        if status != 201:
            raise SystemExit(f"POST /orders answered {status}: {placed}")
        position = headers.get(READ_AFTER)
        if position is None:
            missing += 1
        status, _, page = call(conn, "GET", f"{base}/orders?limit=1", token, None,
                               {READ_AFTER: position} if position else None)
        if status != 200 or not page["items"] or page["items"][0]["id"] != placed["id"]:
            violations += 1
    return violations, missing


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--catalog", required=True, help="a catalog with its cache off, e.g. http://127.0.0.1:8091")
    parser.add_argument("--admin-token", required=True)
    parser.add_argument("--product", required=True, type=int)
    parser.add_argument("--orders", required=True, help="the order API, e.g. http://127.0.0.1:8080/api")
    parser.add_argument("--token", required=True, help="a customer's token")
    parser.add_argument("--product-ids", required=True, help="file of in-stock product ids, one per line")
    parser.add_argument("-n", type=int, default=1000)
    args = parser.parse_args()
    with open(args.product_ids) as f:
        products = [line.strip() for line in f if line.strip()]
    catalog_violations = catalog(args.catalog, args.admin_token, args.product, args.n)
    order_violations, missing = orders(args.orders, args.token, products, args.n)
    print(f"RESULT catalog_checks={args.n} catalog_violations={catalog_violations} order_checks={args.n}"
          f" order_violations={order_violations} missing_positions={missing}")


if __name__ == "__main__":
    main()
