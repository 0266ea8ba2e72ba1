package dev.fastshop.gateway.domain;

import java.util.Locale;

/** Rate-limit tiers: anonymous callers by client address, authenticated ones by the JWT {@code tier} claim. */
public enum Tier {
    ANONYMOUS, STANDARD, PREMIUM;

    /** The config key under {@code gateway.rate-limit.tiers}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** An authenticated caller's tier; anything but {@code premium} is standard. */
    public static Tier ofClaim(Object claim) {
        return claim != null && "premium".equals(claim.toString()) ? PREMIUM : STANDARD;
    }
}
