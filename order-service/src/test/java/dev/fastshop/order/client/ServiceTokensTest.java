package dev.fastshop.order.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

import dev.fastshop.order.config.ServiceIdentityConfig;

/** The order service's own token: what the catalog checks, signed by its key, and one signature per half-life. */
class ServiceTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aServiceTokenSignedWithTheServicesKeyReusedUntilHalfItsLifetime() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path pem = dir.resolve("order-service.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        MutableClock clock = new MutableClock(NOW);
        ServiceTokens tokens = new ServiceTokens(config(pem.toString()), clock);

        String first = tokens.authorization();
        String[] parts = first.substring("Bearer ".length()).split("\\.");
        JsonObject header = new JsonObject(decode(parts[0]));
        JsonObject claims = new JsonObject(decode(parts[1]));
        assertEquals("order-service", header.getString("kid"));
        assertEquals("RS256", header.getString("alg"));
        assertEquals("order-service", claims.getString("sub"));
        assertTrue(claims.getJsonArray("groups").contains("service"));
        assertEquals("https://fastshop.dev", claims.getString("iss"));
        assertEquals(Duration.ofMinutes(5).toSeconds(), claims.getLong("exp") - claims.getLong("iat"));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(keys.getPublic());
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(signature.verify(Base64.getUrlDecoder().decode(parts[2])), "signed with the service's key");

        clock.now = NOW.plus(Duration.ofSeconds(149));
        assertEquals(first, tokens.authorization(), "reused within half its lifetime");
        clock.now = NOW.plus(Duration.ofSeconds(150));
        assertNotEquals(first, tokens.authorization(), "renewed at half its lifetime");
    }

    @Test
    void withoutItsKeyTheServiceDoesNotStart() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> new ServiceTokens(config(dir.resolve("missing.pem").toString()), Clock.systemUTC()));
        assertTrue(failure.getMessage().contains("ORDER_SERVICE_KEY_LOCATION"), failure.getMessage());
    }

    private static ServiceIdentityConfig config(String keyLocation) {
        return new ServiceIdentityConfig() {
            @Override
            public String keyLocation() {
                return keyLocation;
            }

            @Override
            public String issuer() {
                return "https://fastshop.dev";
            }

            @Override
            public String audience() {
                return "fastshop";
            }
        };
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
