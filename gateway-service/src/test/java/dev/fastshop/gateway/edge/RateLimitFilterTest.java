package dev.fastshop.gateway.edge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.fastshop.gateway.support.GatewayTestResource;
import dev.fastshop.gateway.support.Tokens;

/** The standard tier allows 3 requests per 60 s in %test; each test uses a fresh user, so buckets are its own. */
@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
class RateLimitFilterTest {

    private static final int STANDARD_LIMIT = 3;
    private static final long STANDARD_PERIOD_SECONDS = 60;

    @Test
    void standardUserGets429WithRateLimitHeadersAfterTheLimit() {
        String token = Tokens.customer(Tokens.newUser(), "standard");
        for (int i = 1; i <= STANDARD_LIMIT; i++) {
            given().auth().oauth2(token).get("/api/orders/1")
                    .then().statusCode(200)
                    .header("RateLimit-Limit", Integer.toString(STANDARD_LIMIT))
                    .header("RateLimit-Remaining", Integer.toString(STANDARD_LIMIT - i));
        }
        int upstreamHits = GatewayTestResource.order.hits();
        Response rejected = given().auth().oauth2(token).get("/api/orders/1");
        rejected.then().statusCode(429)
                .contentType("application/problem+json")
                .body("status", equalTo(429))
                .header("RateLimit-Limit", "3")
                .header("RateLimit-Remaining", "0");
        long retryAfter = Long.parseLong(rejected.header("Retry-After"));
        long reset = Long.parseLong(rejected.header("RateLimit-Reset"));
        // One request is regained every period/limit = 20 s; the full bucket after 60 s.
        assertTrue(retryAfter >= 1 && retryAfter <= STANDARD_PERIOD_SECONDS / STANDARD_LIMIT,
                "Retry-After " + retryAfter);
        assertTrue(reset > STANDARD_PERIOD_SECONDS - 10 && reset <= STANDARD_PERIOD_SECONDS,
                "RateLimit-Reset " + reset);
        assertEquals(upstreamHits, GatewayTestResource.order.hits(), "a rejected request must not reach the upstream");
    }

    @Test
    void usersHaveSeparateBuckets() {
        String first = Tokens.customer(Tokens.newUser(), "standard");
        for (int i = 0; i < STANDARD_LIMIT; i++) {
            given().auth().oauth2(first).get("/api/orders/1").then().statusCode(200);
        }
        given().auth().oauth2(first).get("/api/orders/1").then().statusCode(429);
        given().auth().oauth2(Tokens.customer(Tokens.newUser(), "standard")).get("/api/orders/1")
                .then().statusCode(200).header("RateLimit-Remaining", "2");
    }

    @Test
    void premiumTierHasItsOwnLimit() {
        String token = Tokens.customer(Tokens.newUser(), "premium");
        for (int i = 0; i <= STANDARD_LIMIT; i++) {
            given().auth().oauth2(token).get("/api/orders/1").then().statusCode(200)
                    .header("RateLimit-Limit", "100000");
        }
    }
}
