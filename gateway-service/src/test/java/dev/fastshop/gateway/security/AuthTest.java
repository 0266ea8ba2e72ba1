package dev.fastshop.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.gateway.support.GatewayTestResource;
import dev.fastshop.gateway.support.Tokens;

@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
class AuthTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String CHALLENGE = "Bearer realm=\"fastshop\"";
    private static final String INVALID_TOKEN_CHALLENGE = "Bearer realm=\"fastshop\", error=\"invalid_token\"";
    private static final String NEW_PRODUCT = "{\"sku\":\"SKU-1\",\"name\":\"Kettle\"}";

    @Test
    void catalogReadsArePublic() {
        given().get("/api/catalog/products").then().statusCode(200);
    }

    @Test
    void storefrontIsPublic() {
        given().get("/api/storefront/home").then().statusCode(200);
    }

    @Test
    void ordersWithoutTokenAre401WithChallenge() {
        given().get("/api/orders/1")
                .then().statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", CHALLENGE)
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void expiredTokenIs401() {
        assertInvalidToken(Tokens.expired(Tokens.newUser()));
    }

    @Test
    void forgedTokenIs401() {
        assertInvalidToken(Tokens.forged(Tokens.newUser()));
    }

    @Test
    void wrongAudienceIs401() {
        assertInvalidToken(Tokens.wrongAudience(Tokens.newUser()));
    }

    @Test
    void garbageTokenIs401() {
        assertInvalidToken("not-a-jwt");
    }

    @Test
    void validTokenReachesOrders() {
        given().auth().oauth2(Tokens.customer(Tokens.newUser(), "standard")).get("/api/orders/1")
                .then().statusCode(200).body("upstream", equalTo("order"));
    }

    @Test
    void batchPricingIsPublicLikeEveryProductRead() {
        int before = GatewayTestResource.catalog.hits("/products/batch");
        given().contentType("application/json").body("{\"ids\":[1]}").post("/api/catalog/products/batch")
                .then().statusCode(200);
        given().auth().oauth2(Tokens.customer(Tokens.newUser(), "standard")).contentType("application/json")
                .body("{\"ids\":[1]}").post("/api/catalog/products/batch")
                .then().statusCode(200);
        assertEquals(before + 2, GatewayTestResource.catalog.hits("/products/batch"));
    }

    @Test
    void catalogWriteWithoutTokenIs401() {
        given().contentType("application/json").body(NEW_PRODUCT).post("/api/catalog/products")
                .then().statusCode(401).contentType(PROBLEM_JSON).header("WWW-Authenticate", CHALLENGE);
    }

    @Test
    void catalogWriteWithoutAdminRoleIs403() {
        int before = GatewayTestResource.catalog.hits("/products/9");
        given().auth().oauth2(Tokens.customer(Tokens.newUser(), "standard")).contentType("application/json")
                .body(NEW_PRODUCT).put("/api/catalog/products/9")
                .then().statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(403));
        assertEquals(before, GatewayTestResource.catalog.hits("/products/9"));
    }

    @Test
    void catalogWriteWithAdminRoleIsForwarded() {
        given().auth().oauth2(Tokens.admin(Tokens.newUser())).contentType("application/json").body(NEW_PRODUCT)
                .post("/api/catalog/items")
                .then().statusCode(200)
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/items"))
                .body("bodyLength", equalTo(NEW_PRODUCT.length()));
    }

    private static void assertInvalidToken(String token) {
        given().auth().oauth2(token).get("/api/orders/1")
                .then().statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", INVALID_TOKEN_CHALLENGE)
                .body("status", equalTo(401));
    }
}
