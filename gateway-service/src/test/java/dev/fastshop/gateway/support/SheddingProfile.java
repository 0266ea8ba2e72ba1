package dev.fastshop.gateway.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** One request in flight at most, so a second concurrent one is shed. */
public class SheddingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.shedding.max-in-flight", "1", "gateway.catalog.timeout", "10s");
    }
}
