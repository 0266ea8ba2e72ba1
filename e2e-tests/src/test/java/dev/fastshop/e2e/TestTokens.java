package dev.fastshop.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A key pair made for this test run only (nothing committed) and RS256 tokens signed with it, shaped like the ones
 * {@code ./fastshop token} mints.
 */
final class TestTokens {

    static final String ISSUER = "https://fastshop.dev";
    static final String AUDIENCE = "fastshop";

    private final KeyPair keys;
    final Path publicKeyPem;

    TestTokens(Path dir) throws GeneralSecurityException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        Files.createDirectories(dir);
        publicKeyPem = dir.resolve("e2e-public.pem");
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Files.writeString(publicKeyPem, pem);
    }

    String customer(String user) {
        return sign(user, List.of("customer"));
    }

    String admin(String user) {
        return sign(user, List.of("customer", "admin"));
    }

    private String sign(String user, List<String> groups) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + user + "\",\"upn\":\""
                + user + "\",\"groups\":["
                + groups.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(","))
                + "],\"tier\":\"standard\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
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
