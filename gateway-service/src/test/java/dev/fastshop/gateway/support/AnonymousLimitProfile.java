package dev.fastshop.gateway.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Anonymous callers get 3 requests per minute, so a few requests show whose address is being limited. */
public class AnonymousLimitProfile implements QuarkusTestProfile {

    public static final int ANONYMOUS_LIMIT = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.rate-limit.tiers.anonymous.limit", Integer.toString(ANONYMOUS_LIMIT),
                "gateway.rate-limit.tiers.anonymous.period", "60s");
    }
}
