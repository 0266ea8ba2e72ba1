package dev.fastshop.catalog.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.fastshop.catalog.support.ProductFixtures;

/** Redis unreachable: reads and writes still succeed from PostgreSQL, readiness stays UP and says degraded. */
@QuarkusTest
@TestProfile(RedisDownTest.ClosedRedisPort.class)
class RedisDownTest {

    /** Nothing listens on port 1. */
    public static class ClosedRedisPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1/1");
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void servesFromDatabaseAndReportsDegraded() {
        long id = ProductFixtures.create("Offline Cache Kettle", ProductFixtures.uniqueBrand("Nored"), "", "kitchen",
                "30.00", 2);

        for (int i = 0; i < 3; i++) {
            given().when().get("/products/{id}", id).then().statusCode(200).body("id", equalTo((int) id));
        }
        given().queryParam("q", "kettle").when().get("/products").then().statusCode(200);
        given().when().get(management.resolve("/q/health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'catalog-dependencies' }.data.redis", equalTo("degraded"))
                .body("checks.find { it.name == 'catalog-dependencies' }.data.rabbitmq", equalTo("up"));
    }
}
