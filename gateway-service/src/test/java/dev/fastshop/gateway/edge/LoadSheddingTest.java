package dev.fastshop.gateway.edge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.fastshop.gateway.support.GatewayTestResource;
import dev.fastshop.gateway.support.SheddingProfile;

@QuarkusTest
@TestProfile(SheddingProfile.class)
@QuarkusTestResource(GatewayTestResource.class)
class LoadSheddingTest {

    @Test
    void requestBeyondTheInFlightCapIsShedWith503() {
        int slowBefore = GatewayTestResource.catalog.hits("/slow");
        CompletableFuture<Integer> slow = CompletableFuture
                .supplyAsync(() -> given().get("/api/catalog/slow?ms=4000").statusCode());
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> GatewayTestResource.catalog.hits("/slow") > slowBefore);
        given().get("/api/catalog/items")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("detail", equalTo("The gateway is at capacity; retry shortly"));
        assertEquals(200, slow.join());
        given().get("/api/catalog/items").then().statusCode(200);
    }
}
