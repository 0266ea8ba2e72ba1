package dev.fastshop.order.support;

import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/** JWTs as the gateway issues them, signed with the key pair Quarkus generates in test mode. */
public final class Tokens {

    public static final String ISSUER = "https://fastshop.dev";
    public static final String AUDIENCE = "fastshop";

    private Tokens() {
    }

    public static String customer(String id) {
        return sign(id, Set.of("customer"));
    }

    public static String admin(String id) {
        return sign(id, Set.of("customer", "admin"));
    }

    private static String sign(String id, Set<String> groups) {
        return "Bearer " + Jwt.issuer(ISSUER).audience(AUDIENCE).subject(id).upn(id).groups(groups)
                .claim("tier", "standard").sign();
    }
}
