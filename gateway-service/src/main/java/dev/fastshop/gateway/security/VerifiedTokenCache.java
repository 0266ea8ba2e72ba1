package dev.fastshop.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;

import dev.fastshop.gateway.config.GatewayConfig;

/**
 * Identities SmallRye JWT built from verified bearer tokens, by raw token, so a repeated token skips parsing and
 * signature verification. An entry is served only before the token's {@code exp} and for at most the configured TTL;
 * only successful verifications are ever put here.
 */
@ApplicationScoped
public class VerifiedTokenCache {

    /** The attribute under which SmallRye JWT puts the request the identity was verified on. */
    public static final String ROUTING_CONTEXT = RoutingContext.class.getName();

    private final boolean enabled;
    private final Duration maxTtl;
    private final int maxSize;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Counter hits;
    private final Counter misses;

    @Inject
    public VerifiedTokenCache(GatewayConfig config, MeterRegistry registry) {
        this(config.auth().tokenCache().enabled(), config.auth().tokenCache().maxTtl(),
                config.auth().tokenCache().maxSize(), Clock.systemUTC(), registry);
    }

    VerifiedTokenCache(boolean enabled, Duration maxTtl, int maxSize, Clock clock, MeterRegistry registry) {
        this.enabled = enabled;
        this.maxTtl = maxTtl;
        this.maxSize = maxSize;
        this.clock = clock;
        this.hits = counter(registry, "hit");
        this.misses = counter(registry, "miss");
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("fastshop.gateway.token.cache")
                .description("Bearer tokens found already verified (hit) or handed to SmallRye JWT (miss)")
                .tag("result", result)
                .register(registry);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The identity verified for {@code token}, without a request attached; null when not cached or expired. */
    public SecurityIdentity get(String token) {
        Entry entry = entries.get(token);
        if (entry != null && clock.instant().isBefore(entry.expiresAt())) {
            hits.increment();
            return entry.identity();
        }
        if (entry != null) {
            entries.remove(token, entry);
        }
        misses.increment();
        return null;
    }

    /** Caches what SmallRye JWT verified for {@code token} until its {@code exp}, at most {@code max-ttl}. */
    public void put(String token, SecurityIdentity verified) {
        if (!(verified.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        Instant now = clock.instant();
        // SmallRye reports a missing exp as 0, which is never cached (it also rejects such tokens by default).
        Instant exp = Instant.ofEpochSecond(jwt.getExpirationTime());
        Instant maxExpiry = now.plus(maxTtl);
        Instant expiresAt = exp.isBefore(maxExpiry) ? exp : maxExpiry;
        if (!now.isBefore(expiresAt)) {
            return;
        }
        // Bounded without per-entry bookkeeping: tokens cached since the last clear are re-verified once.
        if (entries.size() >= maxSize) {
            entries.clear();
        }
        entries.put(token, new Entry(detached(verified), expiresAt));
    }

    /**
     * A copy without the request it was verified on: kept, that request would stay in memory with the entry and
     * every later request would see it. Permission checkers are not copied (the gateway authorizes by role only).
     */
    private static SecurityIdentity detached(SecurityIdentity verified) {
        Map<String, Object> attributes = new HashMap<>(verified.getAttributes());
        attributes.remove(ROUTING_CONTEXT);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(verified.getPrincipal())
                .addRoles(verified.getRoles())
                .addCredentials(verified.getCredentials())
                .addPermissions(verified.getPermissions())
                .addAttributes(attributes)
                .build();
    }

    private record Entry(SecurityIdentity identity, Instant expiresAt) {
    }
}
