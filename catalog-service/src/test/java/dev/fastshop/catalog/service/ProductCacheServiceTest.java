package dev.fastshop.catalog.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.fastshop.catalog.messaging.ProductEventPublisher;
import dev.fastshop.catalog.support.ProductFixtures;
import dev.fastshop.catalog.support.TestTokens;

@QuarkusTest
class ProductCacheServiceTest {

    private static final int CONCURRENT_MISSES = 50;
    private static final long UNKNOWN_ID = 8_000_000_000L;

    @Inject
    ProductCacheService cache;

    @Inject
    ProductEventPublisher events;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/products/")
    URI products;

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void concurrentMissesCauseOneDatabaseLoad() {
        long id = ProductFixtures.create("Stampede Speaker", ProductFixtures.uniqueBrand("Herd"), "Loud",
                "headphones", "79.00", 3);
        cache.evict(List.of(id)).await().indefinitely();
        double before = loads("by-id");

        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, CONCURRENT_MISSES)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(products.resolve(Long.toString(id))).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        responses.forEach(r -> assertEquals(200, r.join().statusCode()));

        assertEquals(1.0, loads("by-id") - before, CONCURRENT_MISSES + " concurrent misses, one query");
    }

    @Test
    void notFoundIsCachedBriefly() {
        double before = loads("by-id");
        given().when().get("/products/{id}", UNKNOWN_ID).then().statusCode(404);
        given().when().get("/products/{id}", UNKNOWN_ID).then().statusCode(404);
        assertEquals(1.0, loads("by-id") - before);
    }

    @Test
    void writeIsVisibleWithinOneSecond() {
        long id = ProductFixtures.create("Old Name Lamp", ProductFixtures.uniqueBrand("Lumo"), "", "lighting",
                "25.00", 3);
        given().when().get("/products/{id}", id).then().statusCode(200).body("name", equalTo("Old Name Lamp"));

        given().auth().oauth2(TestTokens.admin()).contentType("application/merge-patch+json")
                .body(Map.of("name", "New Name Lamp"))
                .when().patch("/products/{id}", id)
                .then().statusCode(200).body("version", equalTo(2));

        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> given().when().get("/products/{id}", id)
                .then().statusCode(200).body("name", equalTo("New Name Lamp")).body("version", equalTo(2)));
    }

    @Test
    void productChangedEventDropsTheLocalCopy() {
        long id = ProductFixtures.create("Event Lamp", ProductFixtures.uniqueBrand("Lumo"), "", "lighting", "25.00",
                3);
        // The create wrote the product through to L1; its own product.changed event then drops it.
        await().atMost(Duration.ofSeconds(1)).until(() -> !cache.holdsLocally(id));
        given().when().get("/products/{id}", id).then().statusCode(200);
        assertTrue(cache.holdsLocally(id));

        events.upserted(id, 1).await().indefinitely();

        await().atMost(Duration.ofSeconds(1)).until(() -> !cache.holdsLocally(id));
        assertTrue(registry.find("cache.evictions").tag("cache", "product").counter().count() >= 1);
    }

    @Test
    void hitsAndMissesAreCounted() {
        long id = ProductFixtures.create("Counted Lamp", ProductFixtures.uniqueBrand("Lumo"), "", "lighting",
                "25.00", 3);
        cache.evict(List.of(id)).await().indefinitely();
        double misses = gets("miss");
        double hits = gets("hit");

        given().when().get("/products/{id}", id).then().statusCode(200);
        given().when().get("/products/{id}", id).then().statusCode(200);

        assertEquals(1.0, gets("miss") - misses);
        assertEquals(1.0, gets("hit") - hits);
        given().when().get(management.resolve("/q/metrics")).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("cache_gets_total{cache=\"product\",result=\"hit\"}"));
        given().contentType(ContentType.JSON).when().get(management.resolve("/q/health/ready")).then().statusCode(200)
                .body("checks.find { it.name == 'catalog-dependencies' }.data.redis", equalTo("up"))
                .body("checks.find { it.name == 'catalog-dependencies' }.data.rabbitmq", equalTo("up"));
    }

    private double loads(String query) {
        var counter = registry.find("catalog.db.loads").tag("query", query).counter();
        return counter == null ? 0 : counter.count();
    }

    private double gets(String result) {
        var counter = registry.find("cache.gets").tag("cache", "product").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }
}
