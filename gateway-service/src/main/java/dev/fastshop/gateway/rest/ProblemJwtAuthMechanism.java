package dev.fastshop.gateway.rest;

import java.util.Map;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import dev.fastshop.gateway.service.VerifiedTokenCache;

/**
 * SmallRye JWT's bearer mechanism, except that a token it verified before is taken from {@link VerifiedTokenCache}
 * instead of being parsed and verified again, and that the challenge for a request without a token on a protected
 * route is a problem+json body instead of an empty 401. (Invalid tokens fail authentication and are rendered by
 * {@link AuthProblemHandler}.)
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ProblemJwtAuthMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER_PREFIX = "Bearer ";

    private final JWTAuthMechanism delegate;
    private final ProblemWriter problems;
    private final VerifiedTokenCache verifiedTokens;

    public ProblemJwtAuthMechanism(JWTAuthMechanism delegate, ProblemWriter problems,
            VerifiedTokenCache verifiedTokens) {
        this.delegate = delegate;
        this.problems = problems;
        this.verifiedTokens = verifiedTokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = verifiedTokens.enabled() ? bearerToken(context) : null;
        if (token == null) {
            return delegate.authenticate(context, identityProviderManager);
        }
        SecurityIdentity cached = verifiedTokens.get(token);
        if (cached == null) {
            // A failed verification never reaches invoke(): only valid tokens are cached.
            return delegate.authenticate(context, identityProviderManager)
                    .invoke(identity -> verifiedTokens.put(token, identity));
        }
        // What the delegate records for a request with a token: a later challenge is asked of it alone.
        context.put(HttpAuthenticationMechanism.class.getName(), delegate);
        // As SmallRye JWT attaches it, for whatever reads the request back from the identity.
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(cached)
                .addAttribute(VerifiedTokenCache.ROUTING_CONTEXT, context)
                .build());
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
