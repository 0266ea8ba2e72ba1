package dev.fastshop.gateway.security;

import java.util.Map;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import dev.fastshop.gateway.domain.RateLimitDecision;
import dev.fastshop.gateway.domain.Tier;
import dev.fastshop.gateway.edge.ProblemWriter;
import dev.fastshop.gateway.security.VerifiedTokenCache;
import dev.fastshop.gateway.service.ClientAddressResolver;
import dev.fastshop.gateway.service.RateLimitService;

/**
 * SmallRye JWT's bearer mechanism, except that a token it verified before is taken from {@link VerifiedTokenCache}
 * instead of being parsed and verified again, and that the challenge for a request without a token on a protected
 * route is a problem+json body instead of an empty 401, and that verifying a new token is rate limited per client
 * address. (Invalid tokens fail authentication and are rendered by {@link AuthProblemHandler}.)
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ProblemJwtAuthMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER_PREFIX = "Bearer ";
    private static final String VERIFICATION_KEY_PREFIX = "token-verification:";

    private final JWTAuthMechanism delegate;
    private final ProblemWriter problems;
    private final VerifiedTokenCache verifiedTokens;
    private final RateLimitService limits;
    private final ClientAddressResolver addresses;
    private final Counter rejectedTokens;

    public ProblemJwtAuthMechanism(JWTAuthMechanism delegate, ProblemWriter problems,
            VerifiedTokenCache verifiedTokens, RateLimitService limits, ClientAddressResolver addresses,
            MeterRegistry registry) {
        this.delegate = delegate;
        this.problems = problems;
        this.verifiedTokens = verifiedTokens;
        this.limits = limits;
        this.addresses = addresses;
        this.rejectedTokens = Counter.builder("fastshop.gateway.auth.rejected.tokens")
                .description("Bearer tokens that failed verification (forged, expired, wrong issuer or audience)")
                .register(registry);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = bearerToken(context);
        if (token == null) {
            return delegate.authenticate(context, identityProviderManager);
        }
        SecurityIdentity cached = verifiedTokens.enabled() ? verifiedTokens.get(token) : null;
        if (cached == null) {
            // A failed verification never reaches invoke(): only valid tokens are cached.
            return admitVerification(context)
                    .chain(() -> delegate.authenticate(context, identityProviderManager))
                    .onFailure(AuthenticationFailedException.class).invoke(() -> rejectedTokens.increment())
                    .invoke(identity -> {
                        if (verifiedTokens.enabled()) {
                            verifiedTokens.put(token, identity);
                        }
                    });
        }
        // What the delegate records for a request with a token: a later challenge is asked of it alone.
        context.put(HttpAuthenticationMechanism.class.getName(), delegate);
        // As SmallRye JWT attaches it, for whatever reads the request back from the identity.
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(cached)
                .addAttribute(VerifiedTokenCache.ROUTING_CONTEXT, context)
                .build());
    }

    /**
     * A token not verified before costs an RSA signature check before any limit could apply (the tier comes from the
     * verified token). So each client address gets the anonymous tier's budget of verifications, in buckets of its
     * own: a flood of forged tokens is refused with 429 instead of burning CPU, and does not use up that address's
     * budget for anonymous browsing.
     */
    private Uni<Void> admitVerification(RoutingContext context) {
        if (!limits.enabled()) {
            return Uni.createFrom().voidItem();
        }
        String address = addresses.clientAddress(context.request().remoteAddress().hostAddress(),
                context.request().getHeader("X-Forwarded-For"));
        Context requestContext = Vertx.currentContext();
        return Uni.createFrom().<RateLimitDecision>emitter(emitter -> limits
                .acquire(Tier.ANONYMOUS, VERIFICATION_KEY_PREFIX + address).onComplete(ar -> {
                    // Redis answers on its connection's event loop; verification goes on on the request's own.
                    if (requestContext == null || Vertx.currentContext() == requestContext) {
                        emitter.complete(ar.result());
                    } else {
                        requestContext.runOnContext(v -> emitter.complete(ar.result()));
                    }
                })).map(decision -> {
                    if (!decision.allowed()) {
                        throw new VerificationLimitedException(decision);
                    }
                    return null;
                });
    }

    /** The token SmallRye JWT reads: the {@code Authorization} header's, after the case-insensitive scheme. */
    private static String bearerToken(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())
                ? authorization.substring(BEARER_PREFIX.length())
                : null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return delegate.getChallenge(context);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        problems.send(context, 401, "Unauthorized", AuthProblemHandler.MISSING_TOKEN,
                Map.of(AuthProblemHandler.WWW_AUTHENTICATE, AuthProblemHandler.REALM));
        return Uni.createFrom().item(Boolean.TRUE);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return delegate.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return delegate.getCredentialTransport(context);
    }

    @Override
    public int getPriority() {
        return delegate.getPriority();
    }
}
