package dev.fastshop.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.fastshop.gateway.domain.Tier;

/**
 * Reads the caller's rate-limit tier from the token once, when the token is verified, into an identity attribute
 * that the cached identity keeps. Read per request it would cost SmallRye JWT an exception each time: it first tries
 * a claim's name as a standard claim ({@code Claims.valueOf}), which a custom claim is not.
 */
@ApplicationScoped
public class TierAugmentor implements SecurityIdentityAugmentor {

    public static final String ATTRIBUTE = Tier.class.getName();
    private static final String TIER_CLAIM = "tier";

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addAttribute(ATTRIBUTE, tierOf(identity))
                .build());
    }

    /** The tier of an authenticated identity: the augmented attribute, or the token's claim if it has none. */
    public static Tier tierOf(SecurityIdentity identity) {
        if (identity.getAttribute(ATTRIBUTE) instanceof Tier tier) {
            return tier;
        }
        return Tier.ofClaim(identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim(TIER_CLAIM) : null);
    }
}
