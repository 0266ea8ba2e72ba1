package dev.fastshop.gateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.gateway.support.EchoUpstream;
import dev.fastshop.gateway.support.GatewayTestResource;
import dev.fastshop.gateway.support.RawClient;

@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
class CompressionTest {

    private static final String LARGE = "/api/catalog/large";
    private static final String SMALL = "/api/catalog/small";
    private static RawClient client;

    @BeforeAll
    static void startClient() {
        client = RawClient.http1();
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @Test
    void brotliRoundTrip() throws Exception {
        RawClient.Reply reply = get(LARGE, "br");
        assertEquals(200, reply.status());
        assertEquals("br", reply.headers().get("Content-Encoding"));
        assertVaryAcceptEncoding(reply);
        assertTrue(reply.body().length() < EchoUpstream.LARGE_BODY.length() / 2);
        Brotli4jLoader.ensureAvailability();
        DirectDecompress decompressed = Decoder.decompress(reply.body().getBytes());
        assertEquals(DecoderJNI.Status.DONE, decompressed.getResultStatus());
        assertEquals(EchoUpstream.LARGE_BODY, new String(decompressed.getDecompressedData(), StandardCharsets.UTF_8));
    }

    @Test
    void gzipRoundTrip() throws Exception {
        RawClient.Reply reply = get(LARGE, "gzip");
        assertEquals("gzip", reply.headers().get("Content-Encoding"));
        assertVaryAcceptEncoding(reply);
        assertEquals(EchoUpstream.LARGE_BODY, gunzip(reply.body().getBytes()));
    }

    @Test
    void noCompressionWithoutAcceptEncoding() throws Exception {
        RawClient.Reply reply = client.get(RawClient.testPort(), LARGE, Map.of());
        assertNull(reply.headers().get("Content-Encoding"));
        assertEquals(EchoUpstream.LARGE_BODY, reply.body().toString());
    }

    @Test
    void smallBodiesAreNotCompressed() throws Exception {
        RawClient.Reply reply = get(SMALL, "br, gzip");
        assertNull(reply.headers().get("Content-Encoding"));
        assertVaryAcceptEncoding(reply);
        assertEquals(EchoUpstream.SMALL_BODY, reply.body().toString());
    }

    private static RawClient.Reply get(String uri, String acceptEncoding) throws Exception {
        return client.get(RawClient.testPort(), uri, Map.of("Accept-Encoding", acceptEncoding));
    }

    private static void assertVaryAcceptEncoding(RawClient.Reply reply) {
        assertTrue(reply.headers().getAll("Vary").stream().anyMatch(v -> v.equalsIgnoreCase("Accept-Encoding")),
                "Vary: " + reply.headers().getAll("Vary"));
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
