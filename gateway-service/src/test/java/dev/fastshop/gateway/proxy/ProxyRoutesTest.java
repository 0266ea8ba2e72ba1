package dev.fastshop.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

import dev.fastshop.gateway.support.GatewayTestResource;
import dev.fastshop.gateway.support.RawClient;
import dev.fastshop.gateway.support.Tokens;

@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
class ProxyRoutesTest {

    /** /q/* is served on the management port only. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String CLIENT_REQUEST_ID = "client-req-42";
    private static final int ONE_MB = 1024 * 1024;

    @Test
    void catalogPathIsForwardedWithoutPrefixAndWithQuery() {
        given().get("/api/catalog/products/7?fields=name&limit=2")
                .then().statusCode(200)
                .body("upstream", equalTo("catalog"))
                .body("method", equalTo("GET"))
                .body("uri", equalTo("/products/7?fields=name&limit=2"));
    }

    @Test
    void ordersPathKeepsItsResourceNameAndTheTokenUnchanged() {
        String token = Tokens.customer(Tokens.newUser(), "premium");
        given().auth().oauth2(token).get("/api/orders/abc?x=1")
                .then().statusCode(200)
                .body("upstream", equalTo("order"))
                .body("uri", equalTo("/orders/abc?x=1"))
                .body("headers.authorization", equalTo("Bearer " + token));
        given().auth().oauth2(token).get("/api/orders")
                .then().statusCode(200).body("uri", equalTo("/orders"));
    }

    @Test
    void anUpstreamsLocationIsRewrittenToTheGatewaysPath() {
        String token = Tokens.customer(Tokens.newUser(), "premium");
        given().auth().oauth2(token).queryParam("location", "http://10.1.2.3:8082/orders/42?view=full")
                .post("/api/orders")
                .then().statusCode(200)
                .header("Location", "/api/orders/42?view=full");
        given().queryParam("location", "/products/7")
                .get("/api/catalog/items")
                .then().statusCode(200)
                .header("Location", "/api/catalog/products/7");
    }

    @Test
    void requestIdIsGeneratedAndForwarded() {
        var response = given().get("/api/catalog/items").then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}")).extract();
        assertEquals(response.header("X-Request-Id"), response.path("headers.x-request-id"));
    }

    @Test
    void callersRequestIdAndTraceparentArePropagated() {
        given().header("X-Request-Id", CLIENT_REQUEST_ID).header("traceparent", TRACEPARENT)
                .get("/api/catalog/items")
                .then().statusCode(200)
                .header("X-Request-Id", CLIENT_REQUEST_ID)
                .body("headers.x-request-id", equalTo(CLIENT_REQUEST_ID))
                // Tracing is off by default: the caller's context goes upstream as it came.
                .body("headers.traceparent", equalTo(TRACEPARENT));
    }

    @Test
    void forgedIdentityHeadersNeverReachTheUpstream() {
        given().header("X-User-Id", "someone-else").header("X-Forwarded-User", "admin")
                .get("/api/catalog/items")
                .then().statusCode(200)
                .body("headers", not(hasKey("x-user-id")))
                .body("headers", not(hasKey("x-forwarded-user")));
    }

    /** D12: upstreams learn the gateway's prefix for the links in their bodies; a client cannot choose it. */
    @Test
    void upstreamsGetTheGatewaysPathPrefixNeverTheClients() {
        given().header("X-Forwarded-Prefix", "//evil.example").get("/api/catalog/products/1")
                .then().statusCode(200).body("headers.x-forwarded-prefix", equalTo("/api/catalog"));
        given().auth().oauth2(Tokens.customer(Tokens.newUser(), "premium"))
                .header("X-Forwarded-Prefix", "/elsewhere").get("/api/orders/1")
                .then().statusCode(200).body("headers.x-forwarded-prefix", equalTo("/api"));
    }

    @Test
    void securityHeadersAreSet() {
        given().get("/api/catalog/items")
                .then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY");
    }

    @Test
    void bodyOverTheDefaultLimitIs413Problem() {
        given().auth().oauth2(Tokens.admin(Tokens.newUser())).contentType("application/json")
                .body(new byte[ONE_MB + 1])
                .post("/api/catalog/products")
                .then().statusCode(413)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(413))
                .body("instance", equalTo("/api/catalog/products"));
    }

    @Test
    void chunkedBodyOverTheLimitIs413Problem() throws Exception {
        int before = GatewayTestResource.catalog.hits("/chunked");
        try (RawClient client = RawClient.http1()) {
            RawClient.Reply reply = client.postChunked(RawClient.testPort(), "/api/catalog/chunked",
                    Map.of("Authorization", "Bearer " + Tokens.admin(Tokens.newUser()), "Content-Type",
                            "application/octet-stream"),
                    8, ONE_MB / 4);
            assertEquals(413, reply.status());
            assertEquals(PROBLEM_JSON, reply.headers().get("Content-Type"));
            assertEquals(413, new JsonObject(reply.body()).getInteger("status"));
        }
        assertTrue(GatewayTestResource.catalog.hits("/chunked") <= before + 1,
                "the upstream saw at most the aborted attempt");
    }

    @Test
    void chunkedBodyUnderTheLimitIsStreamed() throws Exception {
        try (RawClient client = RawClient.http1()) {
            RawClient.Reply reply = client.postChunked(RawClient.testPort(), "/api/catalog/chunked-ok",
                    Map.of("Authorization", "Bearer " + Tokens.admin(Tokens.newUser()), "Content-Type",
                            "application/octet-stream"),
                    3, ONE_MB / 4);
            assertEquals(200, reply.status());
            assertEquals(3 * ONE_MB / 4, new JsonObject(reply.body()).getInteger("bodyLength"));
        }
    }

    @Test
    void upstreamTimerIsPublished() {
        given().get("/api/catalog/items").then().statusCode(200);
        given().get(management.resolve("/q/metrics")).then().statusCode(200)
                .body(containsString(
                        "fastshop_gateway_upstream_duration_seconds_count{status=\"200\",upstream=\"catalog\"}"));
    }

    @Test
    void imageUploadRouteAcceptsLargerBodies() {
        int size = 2 * ONE_MB;
        given().auth().oauth2(Tokens.admin(Tokens.newUser())).contentType("image/png")
                .body(new byte[size])
                .post("/api/catalog/products/5/image")
                .then().statusCode(200)
                .body("uri", equalTo("/products/5/image"))
                .body("bodyLength", equalTo(size));
    }

    @Test
    void upstreamDownIs503ProblemWithinTheTimeout() {
        GatewayTestResource.order.stop();
        try {
            given().auth().oauth2(Tokens.customer(Tokens.newUser(), "premium")).get("/api/orders/1")
                    .then().statusCode(503)
                    .contentType(PROBLEM_JSON)
                    .header("Retry-After", "1")
                    .body("status", equalTo(503))
                    .body("detail", equalTo("The order service is unavailable; retry shortly"))
                    .time(lessThan(3L), TimeUnit.SECONDS);
        } finally {
            GatewayTestResource.order.start();
        }
    }

    @Test
    void slowUpstreamIs503AfterTheRouteTimeoutNotWhenItAnswers() {
        // The route timeout is 1 s in %test; the upstream would answer after 3 s.
        given().get("/api/catalog/slow?ms=3000")
                .then().statusCode(503)
                .contentType(PROBLEM_JSON)
                .time(lessThan(2900L), TimeUnit.MILLISECONDS);
    }

    @Test
    void getIsRetriedOnAnotherConnectionWhenTheFirstIsDropped() {
        given().get("/api/catalog/flaky/get")
                .then().statusCode(200).body("uri", equalTo("/flaky/get"));
        assertEquals(2, GatewayTestResource.catalog.hits("/flaky/get"));
    }

    @Test
    void postIsNeverRetried() {
        given().auth().oauth2(Tokens.admin(Tokens.newUser())).contentType("application/json").body("{}")
                .post("/api/catalog/flaky/post")
                .then().statusCode(503).contentType(PROBLEM_JSON);
        assertEquals(1, GatewayTestResource.catalog.hits("/flaky/post"));
    }
}
