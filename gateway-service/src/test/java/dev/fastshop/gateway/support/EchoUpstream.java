package dev.fastshop.gateway.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A real HTTP server standing in for an upstream service, so the gateway's tests do not depend on the catalog and
 * order services being built or running (those are exercised together by the end-to-end IT). It echoes what it
 * receives as JSON, counts requests per path, can be stopped and started again, and has a few special paths:
 * {@code /slow?ms=N} answers after N ms, {@code /flaky/…} drops the connection on the first request of each path,
 * {@code /large} answers 16 KB of JSON, {@code /small} a few bytes, {@code /products} and {@code /categories} catalog
 * shaped JSON. While {@link #hang(boolean) hung} it takes requests and answers none, like a frozen process.
 */
public class EchoUpstream {

    public static final String LARGE_BODY = largeBody();
    public static final String SMALL_BODY = "{\"ok\":true}";
    public static final JsonArray FEATURED = new JsonArray().add(new JsonObject().put("id", 1).put("name", "Kettle"))
            .add(new JsonObject().put("id", 2).put("name", "Teapot"));
    public static final JsonArray CATEGORIES = new JsonArray().add(new JsonObject().put("name", "kitchen"));

    private final Vertx vertx;
    private final String name;
    private final Map<String, AtomicInteger> hitsByPath = new ConcurrentHashMap<>();
    private final AtomicInteger hits = new AtomicInteger();
    private volatile HttpServer server;
    private volatile int port;
    private volatile boolean hung;

    public EchoUpstream(Vertx vertx, String name) {
        this.vertx = vertx;
        this.name = name;
    }

    public void start() {
        server = await(vertx.createHttpServer().requestHandler(this::handle).listen(port).toCompletionStage());
        port = server.actualPort();
    }

    public void stop() {
        await(server.close().toCompletionStage());
    }

    public void hang(boolean hang) {
        hung = hang;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public int hits() {
        return hits.get();
    }

    public int hits(String path) {
        AtomicInteger count = hitsByPath.get(path);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpServerRequest request) {
        if (hung) {
            return;
        }
        hits.incrementAndGet();
        int seen = hitsByPath.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
        if (request.path().startsWith("/flaky/") && seen == 1) {
            request.connection().close();
            return;
        }
        request.body().onSuccess(body -> {
            long delay = request.path().equals("/slow") ? Long.parseLong(request.getParam("ms", "3000")) : 0;
            if (delay > 0) {
                vertx.setTimer(delay, id -> respond(request, body));
            } else {
                respond(request, body);
            }
        });
    }

    private void respond(HttpServerRequest request, Buffer body) {
        String payload = switch (request.path()) {
            case "/large" -> LARGE_BODY;
            case "/small" -> SMALL_BODY;
            case "/products" -> new JsonObject().put("items", FEATURED).putNull("nextCursor").encode();
            case "/categories" -> CATEGORIES.encode();
            default -> echo(request, body);
        };
        String location = request.getParam("location");
        if (location != null) {
            request.response().putHeader("Location", location);
        }
        request.response().putHeader("Content-Type", "application/json").end(payload);
    }

    private String echo(HttpServerRequest request, Buffer body) {
        JsonObject headers = new JsonObject();
        request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
        return new JsonObject()
                .put("upstream", name)
                .put("method", request.method().name())
                .put("uri", request.uri())
                .put("headers", headers)
                .put("bodyLength", body.length())
                .encode();
    }

    private static String largeBody() {
        JsonArray items = new JsonArray();
        for (int i = 0; i < 200; i++) {
            items.add(new JsonObject().put("id", i).put("name", "Product number " + i).put("price", i * 1.5));
        }
        return new JsonObject().put("items", items).encode();
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
