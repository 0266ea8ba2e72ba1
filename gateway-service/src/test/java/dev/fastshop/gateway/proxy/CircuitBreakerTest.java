package dev.fastshop.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

import dev.fastshop.gateway.support.CircuitBreakerProfile;
import dev.fastshop.gateway.support.GatewayTestResource;
import dev.fastshop.gateway.support.Tokens;

@QuarkusTest
@TestProfile(CircuitBreakerProfile.class)
@QuarkusTestResource(GatewayTestResource.class)
class CircuitBreakerTest {

    /** /q/* is served on the management port only. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private static final int SLOW_UPSTREAM_MS = 2000;
    private static final int HANG_UP_AFTER_MS = 150;

    @Test
    void openCircuitAnswers503WithoutCallingTheUpstream() {
        String token = Tokens.customer(Tokens.newUser(), "premium");
        GatewayTestResource.order.stop();
        try {
            for (int i = 0; i < CircuitBreakerProfile.VOLUME; i++) {
                given().auth().oauth2(token).contentType("application/json").body("{}").post("/api/orders")
                        .then().statusCode(503)
                        .body("detail", equalTo("The order service is unavailable; retry shortly"));
            }
        } finally {
            GatewayTestResource.order.start();
        }
        int hits = GatewayTestResource.order.hits();
        given().auth().oauth2(token).get("/api/orders/1")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("detail", equalTo("The order service is failing; retry shortly"));
        assertEquals(hits, GatewayTestResource.order.hits(), "an open circuit must not reach the upstream");
        given().get(management.resolve("/q/health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'gateway' }.data.order-circuit", equalTo("open"))
                .body("checks.find { it.name == 'gateway' }.data.catalog-circuit", equalTo("closed"));
        given().get("/api/catalog/items").then().statusCode(200);
    }

    @Test
    void callersHangingUpDoNotOpenTheCircuit() throws Exception {
        for (int i = 0; i < 2 * CircuitBreakerProfile.VOLUME; i++) {
            try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /api/catalog/slow?ms=" + SLOW_UPSTREAM_MS + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // Long enough for the gateway to forward it; the caller then hangs up mid-request.
                Thread.sleep(HANG_UP_AFTER_MS);
            }
        }
        given().get("/api/catalog/items").then().statusCode(200);
        given().get(management.resolve("/q/health/ready"))
                .then().body("checks.find { it.name == 'gateway' }.data.catalog-circuit", equalTo("closed"));
    }
}
