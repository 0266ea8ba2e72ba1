package dev.fastshop.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.gateway.support.GatewayTestResource;
import dev.fastshop.gateway.support.Tokens;

/** The cache of verified tokens, seen from outside: hits, and what must never be a hit. */
@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
class TokenCacheTest {

    private static final String NEW_PRODUCT = "{\"sku\":\"SKU-1\",\"name\":\"Kettle\"}";

    @Inject
    MeterRegistry registry;

    @Test
    void repeatedTokenIsAHitWithTheSameTierAndUser() {
        String token = Tokens.customer(Tokens.newUser(), "standard");
        double hits = count("hit");
        double misses = count("miss");

        given().auth().oauth2(token).get("/api/orders/1")
                .then().statusCode(200).body("upstream", equalTo("order")).header("RateLimit-Remaining", "2");
        assertEquals(misses + 1, count("miss"));
        assertEquals(hits, count("hit"));

        // The standard tier's limit (3 in %test) and the same bucket: tier and subject come from the cached identity.
        given().auth().oauth2(token).get("/api/orders/1")
                .then().statusCode(200).body("upstream", equalTo("order"))
                .header("RateLimit-Limit", "3").header("RateLimit-Remaining", "1");
        assertEquals(hits + 1, count("hit"));
        assertEquals(misses + 1, count("miss"));
    }

    @Test
    void cachedIdentityKeepsItsRoles() {
        String customer = Tokens.customer(Tokens.newUser(), "premium");
        String admin = Tokens.admin(Tokens.newUser());
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(customer).contentType("application/json").body(NEW_PRODUCT)
                    .put("/api/catalog/products/9")
                    .then().statusCode(403);
            given().auth().oauth2(admin).contentType("application/json").body(NEW_PRODUCT)
                    .post("/api/catalog/items")
                    .then().statusCode(200);
        }
    }

    @Test
    void expiredTokenIsNeverServedFromTheCache() {
        Instant exp = Instant.now().plusSeconds(5);
        String token = Tokens.customerExpiringAt(Tokens.newUser(), exp);
        given().auth().oauth2(token).get("/api/orders/1").then().statusCode(200);

        // Past exp and SmallRye's clock skew (1 s in %test), so that a miss is verified again and rejected.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(exp.plusSeconds(2)));
        double hits = count("hit");
        given().auth().oauth2(token).get("/api/orders/1")
                .then().statusCode(401).contentType("application/problem+json");
        assertEquals(hits, count("hit"));
    }

    @Test
    void forgedTokenAfterAValidOneIs401() {
        String user = Tokens.newUser();
        given().auth().oauth2(Tokens.customer(user, "premium")).get("/api/orders/1").then().statusCode(200);
        given().auth().oauth2(Tokens.forged(user)).get("/api/orders/1")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
    }

    private double count(String result) {
        return registry.get("fastshop.gateway.token.cache").tag("result", result).counter().count();
    }
}
