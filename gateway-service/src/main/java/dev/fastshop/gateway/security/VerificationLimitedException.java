package dev.fastshop.gateway.security;

import dev.fastshop.gateway.domain.RateLimitDecision;

/** The client address used up its budget of token verifications: answered 429 by {@link AuthProblemHandler}. */
class VerificationLimitedException extends RuntimeException {

    private final transient RateLimitDecision decision;

    VerificationLimitedException(RateLimitDecision decision) {
        super("token verifications of this client address are rate limited", null, false, false);
        this.decision = decision;
    }

    RateLimitDecision decision() {
        return decision;
    }
}
