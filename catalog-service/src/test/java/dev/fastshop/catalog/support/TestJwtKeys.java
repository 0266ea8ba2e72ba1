package dev.fastshop.catalog.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Writes the catalog's trust store as production has it (a JWKS with the users' key, kid {@code users}, and the order
 * service's, kid {@code order-service}) and both private keys, before the application starts; the %test profile
 * points {@code mp.jwt.verify.publickey.location} at it. Fresh keys on every start: nothing secret is checked in.
 * Global: every test's application verifies with these keys.
 */
@WithTestResource(value = TestJwtKeys.class, scope = TestResourceScope.GLOBAL)
public class TestJwtKeys implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = Path.of("target", "test-jwt");
    public static final String USERS_KID = "users";
    public static final String SERVICE_KID = "order-service";

    /** The private key behind {@code kid}, as a PKCS#8 PEM file. */
    public static Path privateKey(String kid) {
        return DIR.resolve(kid + ".pem");
    }

    public static PrivateKey readPrivateKey(String kid) throws IOException, GeneralSecurityException {
        return KeyUtils.decodePrivateKey(Files.readString(privateKey(kid)));
    }

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(DIR);
            List<JsonWebKey> keys = new ArrayList<>();
            for (String kid : List.of(USERS_KID, SERVICE_KID)) {
                KeyPair pair = rsaKeyPair();
                Files.writeString(privateKey(kid), "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
                RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
                jwk.setKeyId(kid);
                jwk.setAlgorithm("RS256");
                jwk.setUse("sig");
                keys.add(jwk);
            }
            Files.writeString(DIR.resolve("catalog-trust.jwks.json"), new JsonWebKeySet(keys).toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // the files stay in target/ for a look after a failed run
    }

    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
