package dev.fastshop.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.fastshop.gateway.support.GatewayTestResource;

/** With OpenTelemetry on, the gateway joins the caller's trace: same trace id, its own span as the upstream's parent. */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
@QuarkusTestResource(GatewayTestResource.class)
class TracingTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN_ID = "b7ad6b7169203331";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01";

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Nothing listens there: spans are dropped after the export fails, which this test does not look at.
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:9");
        }
    }

    @Test
    void gatewaySpanBecomesTheUpstreamsParent() {
        String forwarded = given().header("traceparent", TRACEPARENT).get("/api/catalog/items")
                .then().statusCode(200).extract().path("headers.traceparent");

        String[] parts = forwarded.split("-");
        assertEquals(4, parts.length, forwarded);
        assertEquals(TRACE_ID, parts[1], "the trace goes on");
        assertNotEquals(CALLER_SPAN_ID, parts[2], "the upstream's parent is a gateway span");
        assertTrue(parts[2].matches("[0-9a-f]{16}"), forwarded);
    }
}
