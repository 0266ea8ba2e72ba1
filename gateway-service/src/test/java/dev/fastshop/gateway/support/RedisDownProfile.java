package dev.fastshop.gateway.support;

import java.util.HashMap;
import java.util.Map;

/** Redis on a port where nothing listens: the limiter must fail open to its per-replica fallback. */
public class RedisDownProfile extends AnonymousLimitProfile {

    public static final String CLOSED_PORT_REDIS = "redis://127.0.0.1:1/2";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("quarkus.redis.hosts", CLOSED_PORT_REDIS);
        config.put("%local.quarkus.redis.hosts", CLOSED_PORT_REDIS);
        config.put("quarkus.redis.devservices.enabled", "false");
        return config;
    }
}
