package dev.fastshop.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

class VerifiedTokenCacheTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration MAX_TTL = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void servesAnEntryUntilTheTokensExpOnly() {
        VerifiedTokenCache cache = cache(10);
        SecurityIdentity verified = identity("alice", T0.plusSeconds(60));
        cache.put("t", verified);

        clock.now = T0.plusSeconds(59);
        SecurityIdentity hit = cache.get("t");
        assertNotNull(hit);
        assertSame(verified.getPrincipal(), hit.getPrincipal());
        assertEquals(Set.of("customer"), hit.getRoles());

        clock.now = T0.plusSeconds(60);
        assertNull(cache.get("t"), "never at or past exp");
        assertEquals(1, count("hit"));
        assertEquals(1, count("miss"));
    }

    @Test
    void maxTtlBoundsALongLivedToken() {
        VerifiedTokenCache cache = cache(10);
        cache.put("t", identity("alice", T0.plus(Duration.ofHours(1))));

        clock.now = T0.plus(MAX_TTL).minusSeconds(1);
        assertNotNull(cache.get("t"));
        clock.now = T0.plus(MAX_TTL);
        assertNull(cache.get("t"));
    }

    @Test
    void anExpiredTokenIsNotCached() {
        VerifiedTokenCache cache = cache(10);
        cache.put("t", identity("alice", T0));
        assertNull(cache.get("t"));
    }

    @Test
    void aFullCacheIsEmptiedBeforeTheNextEntry() {
        VerifiedTokenCache cache = cache(2);
        Instant exp = T0.plusSeconds(60);
        cache.put("a", identity("a", exp));
        cache.put("b", identity("b", exp));
        cache.put("c", identity("c", exp));
        assertNull(cache.get("a"));
        assertNull(cache.get("b"));
        assertNotNull(cache.get("c"));
    }

    @Test
    void theRequestAnIdentityWasVerifiedOnIsNotKept() {
        VerifiedTokenCache cache = cache(10);
        cache.put("t", QuarkusSecurityIdentity.builder(identity("alice", T0.plusSeconds(60)))
                .addAttribute(VerifiedTokenCache.ROUTING_CONTEXT, "the first request")
                .addAttribute("other", "kept")
                .build());
        SecurityIdentity hit = cache.get("t");
        assertNull(hit.getAttribute(VerifiedTokenCache.ROUTING_CONTEXT));
        assertEquals("kept", hit.getAttribute("other"));
    }

    private VerifiedTokenCache cache(int maxSize) {
        return new VerifiedTokenCache(true, MAX_TTL, maxSize, clock, registry);
    }

    private double count(String result) {
        return registry.get("fastshop.gateway.token.cache").tag("result", result).counter().count();
    }

    private static SecurityIdentity identity(String subject, Instant exp) {
        JsonWebToken jwt = new JsonWebToken() {
            private final Map<String, Object> claims = Map.of(Claims.sub.name(), subject, Claims.exp.name(),
                    exp.getEpochSecond());

            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
        return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRole("customer").build();
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        private MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
