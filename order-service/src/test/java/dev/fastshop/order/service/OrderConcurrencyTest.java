package dev.fastshop.order.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.Json;

import dev.fastshop.order.support.Catalog;
import dev.fastshop.order.support.CatalogStandIn;
import dev.fastshop.order.support.Orders;
import dev.fastshop.order.support.Tokens;

/** Many customers racing for little stock; the same request retried concurrently. */
@QuarkusTest
@WithTestResource(CatalogStandIn.class)
class OrderConcurrencyTest {

    private static final int BUYERS = 100;
    private static final int STOCK = 10;
    private static final int RETRIES = 10;

    @TestHTTPResource("/orders")
    URL orders;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The race is about stock, not about a cold JVM: open connections and warm the path once. */
    @BeforeEach
    void warmUp() {
        Orders.placed(Tokens.customer("warm-up"), Catalog.product("Warm-up", "1.00", 1), 1);
    }

    @Test
    void acceptsExactlyTheStockAndRejectsTheRestWithConflict() {
        long product = Catalog.product("Limited edition", "99.00", STOCK);
        String body = Json.encode(Orders.body(List.of(Orders.line(product, 1))));

        List<HttpResponse<String>> responses = all(IntStream.range(0, BUYERS)
                .mapToObj(i -> send(Tokens.customer("buyer-" + i), UUID.randomUUID().toString(), body)).toList());

        Map<Integer, Long> byStatus = responses.stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertEquals(Map.of(201, (long) STOCK, 409, (long) (BUYERS - STOCK)), byStatus);
        assertTrue(responses.stream().filter(r -> r.statusCode() == 409).allMatch(r -> r.headers()
                .firstValue("Content-Type").orElse("").startsWith("application/problem+json")));
        assertEquals(0, Catalog.stock(product));
    }

    @Test
    void createsOneOrderForAKeyRetriedConcurrently() {
        long product = Catalog.product("Popular", "5.00", 100);
        String body = Json.encode(Orders.body(List.of(Orders.line(product, 2))));
        String token = Tokens.customer("retrier-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();

        List<HttpResponse<String>> responses = all(IntStream.range(0, RETRIES)
                .mapToObj(i -> send(token, key, body)).toList());

        Map<String, Long> bodies = responses.stream().filter(r -> r.statusCode() == 201)
                .collect(Collectors.groupingBy(HttpResponse::body, Collectors.counting()));
        assertEquals(1, bodies.size(), "every accepted retry answers with the one order");
        assertTrue(responses.stream().allMatch(r -> r.statusCode() == 201 || r.statusCode() == 409),
                "a retry racing the first request is either replayed or told to retry");
        assertEquals(98, Catalog.stock(product), "one reservation stays, the losers' were released");
    }

    private CompletableFuture<HttpResponse<String>> send(String token, String key, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(orders.toString()))
                .header("Authorization", token).header("Idempotency-Key", key)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<HttpResponse<String>> all(List<CompletableFuture<HttpResponse<String>>> futures) {
        return futures.stream().map(CompletableFuture::join).map(Function.<HttpResponse<String>>identity())
                .toList();
    }
}
