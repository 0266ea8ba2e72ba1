package dev.fastshop.catalog.support;

import java.security.PrivateKey;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Tokens with the claims of CONTRIBUTING.md: users' tokens signed with the users' key (kid {@code users}, as
 * {@code ./fastshop token} makes them) and the order service's token with its own key (kid {@code order-service}).
 */
public final class TestTokens {

    private TestTokens() {
    }

    public static String admin() {
        return user("admin-1", Set.of("customer", "admin"));
    }

    public static String customer() {
        return user("customer-1", Set.of("customer"));
    }

    /** A user token (users' key) whose groups say whatever the caller wants, e.g. {@code service}. */
    public static String user(String id, Set<String> groups) {
        return claims(id, groups).claim("tier", "standard").jws().keyId(TestJwtKeys.USERS_KID)
                .sign(TestJwtKeys.privateKey(TestJwtKeys.USERS_KID).toString());
    }

    /** What the order service sends: sub order-service, groups [service], signed with its key. */
    public static String service() {
        return claims("order-service", Set.of("service")).jws().keyId(TestJwtKeys.SERVICE_KID)
                .sign(TestJwtKeys.privateKey(TestJwtKeys.SERVICE_KID).toString());
    }

    /** A service token naming the order service's kid but signed with a key the catalog does not trust. */
    public static String forgedService(PrivateKey key) {
        return claims("order-service", Set.of("service")).jws().keyId(TestJwtKeys.SERVICE_KID).sign(key);
    }

    private static JwtClaimsBuilder claims(String subject, Set<String> groups) {
        return Jwt.subject(subject).upn(subject).groups(groups);
    }
}
