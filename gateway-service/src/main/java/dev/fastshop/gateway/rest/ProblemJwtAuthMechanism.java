package dev.fastshop.gateway.rest;

import java.util.Map;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * SmallRye JWT's bearer mechanism, except that the challenge for a request without a token on a protected route is
 * a problem+json body instead of an empty 401. (Invalid tokens fail authentication and are rendered by
 * {@link AuthProblemHandler}.)
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ProblemJwtAuthMechanism implements HttpAuthenticationMechanism {

    private final JWTAuthMechanism delegate;
    private final ProblemWriter problems;

    public ProblemJwtAuthMechanism(JWTAuthMechanism delegate, ProblemWriter problems) {
        this.delegate = delegate;
        this.problems = problems;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return delegate.authenticate(context, identityProviderManager);
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
