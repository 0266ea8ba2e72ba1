package dev.fastshop.order.support;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A real, minimal HTTP catalog for the order service's tests: product batch reads and stock reservations with the
 * bookkeeping of the contract in shared-api.md (all-or-nothing, idempotent by order id, releases restore stock),
 * behind one lock so concurrency tests against it are meaningful. The tests do not depend on the catalog service's
 * code, which is built in parallel; the real catalog is exercised by the end-to-end IT.
 * <p>
 * Tests arrange data through {@code PUT /_test/products/{id}} and read stock and reservations back through
 * {@code GET /_test/...} (see {@link Catalog}); the stand-in runs in the test JVM on a free port.
 */
public class CatalogStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY = "CATALOG_URL";

    private final Map<Long, JsonObject> products = new HashMap<>();
    private final Map<Long, Integer> stock = new HashMap<>();
    private final Map<UUID, JsonObject> reservations = new HashMap<>();
    private final Map<UUID, Boolean> released = new HashMap<>();
    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            server = vertx.createHttpServer().requestHandler(request -> request.body()
                    .onSuccess(body -> handle(request, body.length() == 0 ? null : body.toString()))
                    .onFailure(e -> request.response().setStatusCode(400).end()))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Catalog stand-in did not start", e);
        }
        return Map.of(URL_PROPERTY, "http://127.0.0.1:" + server.actualPort());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    private void handle(HttpServerRequest request, String body) {
        String path = request.path();
        try {
            String route = request.method().name() + " " + path;
            if (!route.equals("POST /products/batch") && !route.equals("POST /inventory/reservations")) {
                route = route.replaceAll("/[^/]+$", "/*");
            }
            switch (route) {
                case "POST /products/batch" -> batch(request, new JsonObject(body));
                case "POST /inventory/reservations" -> reserve(request, new JsonObject(body));
                case "DELETE /inventory/reservations/*" -> release(request, UUID.fromString(last(path)));
                case "PUT /_test/products/*" -> upsert(request, Long.parseLong(last(path)), new JsonObject(body));
                case "GET /_test/products/*" -> product(request, Long.parseLong(last(path)));
                case "GET /_test/reservations/*" -> reservation(request, UUID.fromString(last(path)));
                default -> request.response().setStatusCode(404).end();
            }
        } catch (RuntimeException e) {
            request.response().setStatusCode(400).end();
        }
    }

    private synchronized void batch(HttpServerRequest request, JsonObject body) {
        JsonArray items = new JsonArray();
        for (Object id : body.getJsonArray("ids")) {
            JsonObject product = products.get(((Number) id).longValue());
            if (product != null) {
                items.add(product.copy().put("stock", stock.get(product.getLong("id"))));
            }
        }
        json(request, 200, new JsonObject().put("items", items));
    }

    private synchronized void reserve(HttpServerRequest request, JsonObject body) {
        if (!authenticated(request)) {
            return;
        }
        UUID orderId = UUID.fromString(body.getString("orderId"));
        JsonObject existing = reservations.get(orderId);
        if (existing != null) {
            json(request, 200, existing);
            return;
        }
        JsonArray lines = body.getJsonArray("lines");
        for (int i = 0; i < lines.size(); i++) {
            JsonObject line = lines.getJsonObject(i);
            Integer available = stock.get(line.getLong("productId"));
            if (available == null) {
                problem(request, 422, "Unknown product " + line.getLong("productId"));
                return;
            }
            if (available < line.getInteger("quantity")) {
                problem(request, 409, "Not enough stock for product " + line.getLong("productId"));
                return;
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            JsonObject line = lines.getJsonObject(i);
            stock.merge(line.getLong("productId"), -line.getInteger("quantity"), Integer::sum);
        }
        JsonObject reservation = new JsonObject().put("orderId", orderId.toString()).put("status", "RESERVED")
                .put("lines", lines);
        reservations.put(orderId, reservation);
        json(request, 201, reservation);
    }

    private synchronized void release(HttpServerRequest request, UUID orderId) {
        if (!authenticated(request)) {
            return;
        }
        JsonObject reservation = reservations.get(orderId);
        if (reservation != null && !released.getOrDefault(orderId, false)) {
            released.put(orderId, true);
            for (Object line : reservation.getJsonArray("lines")) {
                JsonObject l = (JsonObject) line;
                stock.merge(l.getLong("productId"), l.getInteger("quantity"), Integer::sum);
            }
        }
        request.response().setStatusCode(204).end();
    }

    private synchronized void upsert(HttpServerRequest request, long id, JsonObject body) {
        products.put(id, new JsonObject().put("id", id).put("sku", body.getString("sku"))
                .put("name", body.getString("name")).put("brand", "Fastshop").put("category", "test")
                .put("price", new JsonObject().put("amount", new BigDecimal(body.getString("price")))
                        .put("currency", body.getString("currency", "EUR")))
                .put("version", 1));
        stock.put(id, body.getInteger("stock"));
        request.response().setStatusCode(204).end();
    }

    private synchronized void product(HttpServerRequest request, long id) {
        Integer available = stock.get(id);
        if (available == null) {
            request.response().setStatusCode(404).end();
            return;
        }
        json(request, 200, new JsonObject().put("id", id).put("stock", available));
    }

    private synchronized void reservation(HttpServerRequest request, UUID orderId) {
        if (!reservations.containsKey(orderId)) {
            request.response().setStatusCode(404).end();
            return;
        }
        json(request, 200, new JsonObject().put("orderId", orderId.toString())
                .put("status", released.getOrDefault(orderId, false) ? "RELEASED" : "RESERVED"));
    }

    /** As the real catalog: reservations only with the order service's own token, never a customer's. */
    private static boolean authenticated(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            problem(request, 401, "A bearer token is required");
            return false;
        }
        JsonObject claims = ServiceKey.serviceClaims(authorization);
        if (claims == null || !"order-service".equals(claims.getString("sub"))
                || !claims.getJsonArray("groups", new JsonArray()).contains("service")) {
            problem(request, 403, "Reservations need the order service's own token");
            return false;
        }
        return true;
    }

    private static void problem(HttpServerRequest request, int status, String detail) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("status", status).put("detail", detail).encode());
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
