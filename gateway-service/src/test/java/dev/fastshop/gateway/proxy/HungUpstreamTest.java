package dev.fastshop.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.fastshop.gateway.support.GatewayTestResource;
import dev.fastshop.gateway.support.Tokens;

/**
 * A catalog that takes requests and answers none (a frozen process), behind a 3 s route timeout: a read fails as soon
 * as the catalog also fails the liveness probe; a write waits for the route timeout, since the catalog may still run
 * it.
 */
@QuarkusTest
@TestProfile(HungUpstreamTest.LongRouteTimeout.class)
@QuarkusTestResource(GatewayTestResource.class)
class HungUpstreamTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    public static class LongRouteTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.catalog.timeout", "3s");
        }
    }

    @Test
    void aReadFailsFastAndAWriteWaitsForTheRouteTimeout() {
        GatewayTestResource.catalog.hang(true);
        try {
            given().get("/api/catalog/products/7")
                    .then().statusCode(503).contentType(PROBLEM_JSON).body("status", equalTo(503))
                    .time(lessThan(2000L), TimeUnit.MILLISECONDS);
            given().auth().oauth2(Tokens.admin(Tokens.newUser())).contentType("application/json").body("{}")
                    .post("/api/catalog/products")
                    .then().statusCode(503).contentType(PROBLEM_JSON)
                    .time(greaterThan(2900L), TimeUnit.MILLISECONDS);
        } finally {
            GatewayTestResource.catalog.hang(false);
        }
    }
}
