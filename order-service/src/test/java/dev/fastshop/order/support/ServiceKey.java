package dev.fastshop.order.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.vertx.core.json.JsonObject;

/**
 * The order service's own key pair, made fresh for the test run (nothing secret is committed): the private half where
 * {@code %test.fastshop.service-identity.key-location} points, the public half for {@link CatalogStandIn}, which checks
 * every reservation call carries the service's token as the real catalog does.
 */
@WithTestResource(value = ServiceKey.class, scope = TestResourceScope.GLOBAL)
public class ServiceKey implements QuarkusTestResourceLifecycleManager {

    private static final Path DIR = Path.of("target", "test-keys");
    private static final Path PRIVATE = DIR.resolve("order-service.pem");
    private static final Path PUBLIC = DIR.resolve("order-service.pub");
    private static volatile PublicKey publicKey;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(DIR);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            Files.writeString(PRIVATE, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            Files.write(PUBLIC, pair.getPublic().getEncoded());
            publicKey = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("fastshop.service-identity.key-location", PRIVATE.toString());
    }

    @Override
    public void stop() {
        // the files stay in target/ for a look after a failed run
    }

    /**
     * The claims of {@code authorization} ({@code Bearer <jwt>}) if it is an RS256 token with kid
     * {@code order-service} signed by the service's key; null otherwise.
     */
    public static JsonObject serviceClaims(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonObject header = new JsonObject(decode(parts[0]));
            if (!"RS256".equals(header.getString("alg")) || !"order-service".equals(header.getString("kid"))) {
                return null;
            }
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(publicKey());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2])) ? new JsonObject(decode(parts[1])) : null;
        } catch (GeneralSecurityException | IllegalArgumentException | io.vertx.core.json.DecodeException e) {
            return null;
        }
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static PublicKey publicKey() throws GeneralSecurityException {
        if (publicKey == null) {
            try {
                publicKey = KeyFactory.getInstance("RSA")
                        .generatePublic(new X509EncodedKeySpec(Files.readAllBytes(PUBLIC)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return publicKey;
    }
}
