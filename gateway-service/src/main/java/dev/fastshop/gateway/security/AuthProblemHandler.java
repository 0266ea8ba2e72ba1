package dev.fastshop.gateway.security;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.fastshop.gateway.domain.RateLimitDecision;
import dev.fastshop.gateway.edge.EdgeFilter;
import dev.fastshop.gateway.edge.ProblemWriter;

/**
 * Turns authentication and authorization failures of the HTTP security policies into problem+json: 401 with a
 * Bearer challenge (RFC 6750) for a missing, expired, forged or wrong-audience token; 403 for a missing role; 429
 * when a client address sends more new tokens than its verification budget.
 */
@ApplicationScoped
public class AuthProblemHandler {

    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    static final String REALM = "Bearer realm=\"fastshop\"";
    static final String MISSING_TOKEN = "This operation needs a bearer token";
    private static final String INVALID_TOKEN = REALM + ", error=\"invalid_token\"";

    private final ProblemWriter problems;

    public AuthProblemHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(EdgeFilter.ORDER).failureHandler(this::handle);
    }

    /** Quarkus may hand the mechanism's failure over wrapped in an authentication failure. */
    private static Throwable limited(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof VerificationLimitedException) {
                return cause;
            }
        }
        return failure;
    }

    void handle(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (limited(failure) instanceof VerificationLimitedException limited) {
            RateLimitDecision decision = limited.decision();
            problems.send(rc, 429, "Too Many Requests",
                    "Too many new bearer tokens from this address; retry later with a valid one",
                    Map.of("Retry-After", Long.toString(decision.retryAfterSeconds()),
                            "RateLimit-Limit", Integer.toString(decision.limit()),
                            "RateLimit-Remaining", "0",
                            "RateLimit-Reset", Long.toString(decision.resetSeconds())));
        } else if (failure instanceof ForbiddenException) {
            problems.send(rc, 403, "Forbidden", "This operation needs a role the token does not grant", Map.of());
        } else if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || failure instanceof AuthenticationCompletionException) {
            boolean tokenSent = rc.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
            problems.send(rc, 401, "Unauthorized",
                    tokenSent
                            ? "The bearer token is invalid, expired or not meant for this service"
                            : MISSING_TOKEN,
                    Map.of(WWW_AUTHENTICATE, tokenSent ? INVALID_TOKEN : REALM));
        } else {
            rc.next();
        }
    }
}
