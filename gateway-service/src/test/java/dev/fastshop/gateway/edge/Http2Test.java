package dev.fastshop.gateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;

import dev.fastshop.gateway.support.GatewayTestResource;
import dev.fastshop.gateway.support.RawClient;

@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
class Http2Test {

    private static final String ITEMS = "/api/catalog/items?page=2";

    @Test
    void h2OverTlsIsNegotiatedByAlpnAndSetsHsts() throws Exception {
        int tlsPort = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
        try (RawClient client = RawClient.h2()) {
            RawClient.Reply reply = client.get(tlsPort, ITEMS, Map.of());
            assertEquals(200, reply.status());
            assertEquals(HttpVersion.HTTP_2, reply.version());
            assertEquals("/items?page=2", new JsonObject(reply.body()).getString("uri"));
            assertEquals("max-age=31536000; includeSubDomains", reply.headers().get("Strict-Transport-Security"));
        }
    }

    @Test
    void h2cWithPriorKnowledge() throws Exception {
        try (RawClient client = RawClient.h2c()) {
            RawClient.Reply reply = client.get(RawClient.testPort(), ITEMS, Map.of());
            assertEquals(200, reply.status());
            assertEquals(HttpVersion.HTTP_2, reply.version());
            assertEquals("/items?page=2", new JsonObject(reply.body()).getString("uri"));
            assertNull(reply.headers().get("Strict-Transport-Security"), "HSTS is only sent over TLS");
        }
    }

    @Test
    void http11StillWorks() throws Exception {
        try (RawClient client = RawClient.http1()) {
            RawClient.Reply reply = client.get(RawClient.testPort(), ITEMS, Map.of());
            assertEquals(200, reply.status());
            assertEquals(HttpVersion.HTTP_1_1, reply.version());
        }
    }
}
