package dev.fastshop.e2e;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Key pairs made for this test run only (nothing committed), shaped like the ones {@code ./fastshop} generates: the
 * users' key (RS256 tokens like {@code ./fastshop token} mints, kid {@code users}), the order service's own key, and
 * the catalog's JWKS trusting both.
 */
final class TestTokens {

    static final String ISSUER = "https://fastshop.dev";
    static final String AUDIENCE = "fastshop";

    private final KeyPair keys;
    private final KeyPair orderService;
    final Path publicKeyPem;
    final Path orderServiceKeyPem;
    final Path catalogTrustJwks;

    TestTokens(Path dir) throws GeneralSecurityException, IOException {
        keys = rsaKeyPair();
        orderService = rsaKeyPair();
        Files.createDirectories(dir);
        // The images run as uid 185 and read these through a read-only bind mount, as a pod reads its mounted Secret:
        // readable whatever the umask the build runs with (throwaway keys of one test run).
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        publicKeyPem = dir.resolve("e2e-public.pem");
        Files.writeString(publicKeyPem, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        orderServiceKeyPem = dir.resolve("e2e-order-service.pem");
        Files.writeString(orderServiceKeyPem, pem("PRIVATE KEY", orderService.getPrivate().getEncoded()));
        catalogTrustJwks = dir.resolve("e2e-catalog-trust.jwks.json");
        Files.writeString(catalogTrustJwks,
                "{\"keys\":[" + jwk("users", keys) + "," + jwk("order-service", orderService)
                        + "]}");
        for (Path file : List.of(publicKeyPem, orderServiceKeyPem, catalogTrustJwks)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static KeyPair rsaKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String jwk(String kid, KeyPair pair) {
        RSAPublicKey key = (RSAPublicKey) pair.getPublic();
        return "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
                + base64Url(unsigned(key.getModulus())) + "\",\"e\":\"" + base64Url(unsigned(key.getPublicExponent()))
                + "\"}";
    }

    /** JWK integers are unsigned big-endian: no leading sign byte. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    String customer(String user) {
        return sign(user, List.of("customer"));
    }

    String admin(String user) {
        return sign(user, List.of("customer", "admin"));
    }

    /** The order service's own token, as ServiceTokens mints it: kid order-service, group service. */
    String orderService() {
        return sign(orderService, "order-service", "order-service", List.of("service"));
    }

    private String sign(String user, List<String> groups) {
        return sign(keys, "users", user, groups);
    }

    private static String sign(KeyPair pair, String kid, String user, List<String> groups) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + user + "\",\"upn\":\""
                + user + "\",\"groups\":["
                + groups.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(","))
                + "],\"tier\":\"standard\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(pair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
