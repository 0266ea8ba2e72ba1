package dev.fastshop.gateway.edge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.fastshop.gateway.support.AnonymousLimitProfile;
import dev.fastshop.gateway.support.GatewayTestResource;

/** In %test only 10.0.0.0/8 proxies are trusted, so the test client (127.0.0.1) is an untrusted peer. */
@QuarkusTest
@TestProfile(AnonymousLimitProfile.class)
@QuarkusTestResource(GatewayTestResource.class)
class ForwardedForTest {

    @Test
    void spoofedForwardedForFromAnUntrustedPeerDoesNotBuyFreshBuckets() {
        for (int i = 1; i <= AnonymousLimitProfile.ANONYMOUS_LIMIT; i++) {
            given().header("X-Forwarded-For", "198.51.100." + i).get("/api/catalog/items")
                    .then().statusCode(200);
        }
        given().header("X-Forwarded-For", "198.51.100.99").get("/api/catalog/items")
                .then().statusCode(429).header("Retry-After", notNullValue());
    }
}
