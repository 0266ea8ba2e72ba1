package dev.fastshop.catalog.support;

import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/** Tokens signed with the key pair Quarkus generates in test mode, with the claims of CONTRIBUTING.md. */
public final class TestTokens {

    private TestTokens() {
    }

    public static String admin() {
        return Jwt.upn("admin-1").groups(Set.of("customer", "admin")).claim("tier", "standard").sign();
    }

    public static String customer() {
        return Jwt.upn("customer-1").groups(Set.of("customer")).claim("tier", "standard").sign();
    }
}
