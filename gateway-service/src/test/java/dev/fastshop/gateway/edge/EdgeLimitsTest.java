package dev.fastshop.gateway.edge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import dev.fastshop.gateway.support.GatewayTestResource;

/**
 * D9: what the HTTP server would refuse with an empty body (a request target over 8 KB, 20 KB of headers) and what
 * Quarkus' CORS handler would refuse with an empty 403 (a foreign origin) is refused by the gateway first, as
 * problem+json with the request id, before anything is proxied. So is a request target that is not a valid URI,
 * which Quarkus would refuse with an empty 400 (service-commons' RequestTargetCheck answers instead).
 */
@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
class EdgeLimitsTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void aRequestTargetOverTheLimitIs414ProblemJson() {
        int hits = GatewayTestResource.catalog.hits();
        given().get("/api/catalog/products?q=" + "a".repeat(9000))
                .then().statusCode(414)
                .contentType(startsWith(PROBLEM_JSON))
                .header("X-Request-Id", notNullValue())
                .body("status", equalTo(414));
        given().get("/api/catalog/products?q=" + "a".repeat(3000)).then().statusCode(200);
        assertEquals(hits + 1, GatewayTestResource.catalog.hits());
    }

    @Test
    void headersOverTheLimitAre431ProblemJson() {
        given().header("X-Big", "a".repeat(20_000)).get("/api/catalog/products")
                .then().statusCode(431)
                .contentType(startsWith(PROBLEM_JSON))
                .header("X-Request-Id", notNullValue())
                .body("status", equalTo(431));
        given().header("X-Big", "a".repeat(6_000)).get("/api/catalog/products").then().statusCode(200);
    }

    @Test
    void aForeignOriginIs403ProblemJsonAndAnAllowedOneGetsCors() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .options("/api/catalog/products")
                .then().statusCode(403)
                .contentType(startsWith(PROBLEM_JSON))
                .header("X-Request-Id", notNullValue());
        given().header("Origin", "https://evil.example").get("/api/catalog/products")
                .then().statusCode(403).contentType(startsWith(PROBLEM_JSON));
        given().header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "GET")
                .options("/api/catalog/products")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:3000");
    }

    /** java.net.URL, unlike URI and the HTTP clients built on it, sends such a target as written. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/catalog/products?q=%", "/api/catalog/products?q=%zz", "/api/catalog/products/%zz",
            "/api/catalog/products/{id}", "/api/catalog/pro\\ducts", "/api/catalog/products?q=a\"b"})
    void aMalformedRequestTargetIs400ProblemJson(String target) throws IOException {
        int hits = GatewayTestResource.catalog.hits();
        HttpURLConnection connection = (HttpURLConnection) new URL("http://localhost:" + RestAssured.port + target)
                .openConnection();
        connection.setRequestProperty("X-Request-Id", "raw-1");
        assertEquals(400, connection.getResponseCode());
        assertThat(connection.getContentType(), startsWith(PROBLEM_JSON));
        assertEquals("raw-1", connection.getHeaderField("X-Request-Id"));
        try (InputStream body = connection.getErrorStream()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8),
                    containsString("\"requestId\":\"raw-1\""));
        }
        assertEquals(hits, GatewayTestResource.catalog.hits());
    }
}
