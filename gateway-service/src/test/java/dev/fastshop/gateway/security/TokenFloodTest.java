package dev.fastshop.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.fastshop.gateway.support.AnonymousLimitProfile;
import dev.fastshop.gateway.support.GatewayTestResource;
import dev.fastshop.gateway.support.Tokens;

/**
 * Forged tokens fail verification, which runs before the tier limit could apply: without a limit of its own, a flood
 * of them costs an RSA check each. Each client address gets the anonymous budget of new-token verifications (3 per
 * minute in this profile), in buckets apart from its anonymous browsing (ForwardedForTest spends that one).
 */
@QuarkusTest
@TestProfile(AnonymousLimitProfile.class)
@QuarkusTestResource(GatewayTestResource.class)
class TokenFloodTest {

    private static final Pattern REJECTED = Pattern.compile("fastshop_gateway_auth_rejected_tokens_total (\\S+)");

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void newTokensPerAddressAreLimitedBeforeVerificationButVerifiedOnesPass() {
        double rejectedBefore = rejectedTokens();
        String valid = Tokens.customer(Tokens.newUser(), "premium");
        given().auth().oauth2(valid).get("/api/orders/1").then().statusCode(200);
        for (int i = 1; i < AnonymousLimitProfile.ANONYMOUS_LIMIT; i++) {
            given().auth().oauth2(Tokens.forged(Tokens.newUser())).get("/api/orders/1")
                    .then().statusCode(401).contentType("application/problem+json");
        }
        given().auth().oauth2(Tokens.forged(Tokens.newUser())).get("/api/orders/1")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("status", equalTo(429))
                .body("detail", containsString("new bearer tokens"))
                .header("Retry-After", notNullValue());
        // A token verified before is served from the cache: no verification, so no limit of this kind.
        given().auth().oauth2(valid).get("/api/orders/1").then().statusCode(200);
        assertTrue(rejectedTokens() - rejectedBefore >= AnonymousLimitProfile.ANONYMOUS_LIMIT - 1,
                "forged tokens are counted");
    }

    private double rejectedTokens() {
        String metrics = given().get(management.resolve("/q/metrics")).then().statusCode(200).extract().asString();
        Matcher matcher = REJECTED.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
