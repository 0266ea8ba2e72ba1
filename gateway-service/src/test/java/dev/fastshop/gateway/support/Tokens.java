package dev.fastshop.gateway.support;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Test JWTs signed with the key pair Quarkus generates in test mode (and a foreign key for forgeries). */
public final class Tokens {

    public static final String ISSUER = "https://fastshop.dev";
    public static final String AUDIENCE = "fastshop";

    private Tokens() {
    }

    public static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    public static String customer(String user, String tier) {
        return claims(user, tier, Set.of("customer")).sign();
    }

    public static String admin(String user) {
        return claims(user, "standard", Set.of("customer", "admin")).sign();
    }

    public static String expired(String user) {
        return claims(user, "standard", Set.of("customer")).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign();
    }

    /** A standard customer's token whose {@code exp} is {@code expiresAt} (whole seconds). */
    public static String customerExpiringAt(String user, Instant expiresAt) {
        return claims(user, "standard", Set.of("customer")).expiresAt(expiresAt).sign();
    }

    public static String wrongAudience(String user) {
        return claims(user, "standard", Set.of("customer")).audience("another-system").sign();
    }

    public static String forged(String user) {
        return claims(user, "standard", Set.of("customer", "admin")).sign(foreignKey());
    }

    private static JwtClaimsBuilder claims(String user, String tier, Set<String> groups) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(user).upn(user).groups(groups).claim("tier", tier)
                .expiresIn(3600);
    }

    private static PrivateKey foreignKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
