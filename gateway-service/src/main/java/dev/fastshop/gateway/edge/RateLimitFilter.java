package dev.fastshop.gateway.edge;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.fastshop.gateway.domain.RateLimitDecision;
import dev.fastshop.gateway.domain.Tier;
import dev.fastshop.gateway.security.TierAugmentor;
import dev.fastshop.gateway.service.ClientAddressResolver;
import dev.fastshop.gateway.service.RateLimitService;

/**
 * Applies the caller's tier limit to every {@code /api/} request, after authentication so the tier comes from a
 * verified token. Every answer carries the {@code RateLimit-*} headers; a rejected request gets 429 problem+json.
 */
@ApplicationScoped
public class RateLimitFilter {

    /** After Quarkus' authentication (-200) and authorization (-100) filters, before every route. */
    static final int ORDER = -50;

    private final RateLimitService limits;
    private final ClientAddressResolver addresses;
    private final ProblemWriter problems;
    private final Map<Tier, Counter> rejected = new EnumMap<>(Tier.class);

    public RateLimitFilter(RateLimitService limits, ClientAddressResolver addresses, ProblemWriter problems,
            MeterRegistry registry) {
        this.limits = limits;
        this.addresses = addresses;
        this.problems = problems;
        for (Tier tier : Tier.values()) {
            rejected.put(tier, Counter.builder("fastshop.gateway.ratelimit.rejected")
                    .description("Requests answered 429")
                    .tag("tier", tier.key())
                    .register(registry));
        }
    }

    void register(@Observes Router router) {
        if (limits.enabled()) {
            router.route("/api/*").order(ORDER).handler(this::handle);
        }
    }

    void handle(RoutingContext rc) {
        SecurityIdentity identity = rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        Tier tier;
        String key;
        if (identity == null || identity.isAnonymous()) {
            tier = Tier.ANONYMOUS;
            key = addresses.clientAddress(rc.request().remoteAddress().hostAddress(),
                    rc.request().getHeader("X-Forwarded-For"));
        } else {
            tier = TierAugmentor.tierOf(identity);
            key = identity.getPrincipal().getName();
        }
        // The decision arrives on this request's event loop (RedisRateLimiter batches per loop) but maybe in another
        // request's context: emit runs it right away, in this request's context, instead of queueing a task.
        ContextInternal requestContext = (ContextInternal) Vertx.currentContext();
        limits.acquire(tier, key).onComplete(ar -> requestContext.emit(ar.result(), decision -> apply(rc, tier,
                decision)));
    }

    private void apply(RoutingContext rc, Tier tier, RateLimitDecision decision) {
        MultiMap headers = rc.response().headers();
        headers.set("RateLimit-Limit", Integer.toString(decision.limit()));
        headers.set("RateLimit-Remaining", Long.toString(decision.remaining()));
        headers.set("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        if (decision.allowed()) {
            rc.next();
            return;
        }
        rejected.get(tier).increment();
        problems.send(rc, 429, "Too Many Requests",
                "The " + tier.key() + " rate limit of " + decision.limit() + " requests is used up",
                Map.of("Retry-After", Long.toString(decision.retryAfterSeconds())));
    }
}
