package dev.fastshop.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.fastshop.gateway.support.AnonymousLimitProfile;
import dev.fastshop.gateway.support.GatewayTestResource;
import dev.fastshop.gateway.support.RedisDownProfile;

@QuarkusTest
@TestProfile(RedisDownProfile.class)
@QuarkusTestResource(GatewayTestResource.class)
class RedisDownTest {

    /** /q/* is served on the management port only. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void requestsAreServedAndStillLimitedByTheInMemoryFallback() {
        for (int i = 0; i < AnonymousLimitProfile.ANONYMOUS_LIMIT; i++) {
            given().get("/api/catalog/items").then().statusCode(200).header("RateLimit-Limit", "3");
        }
        given().get("/api/catalog/items").then().statusCode(429).contentType("application/problem+json");
    }

    @Test
    void healthStaysReadyAndReportsRedisDown() {
        given().get(management.resolve("/q/health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'gateway' }.data.redis",
                        startsWith("DOWN"));
    }
}
