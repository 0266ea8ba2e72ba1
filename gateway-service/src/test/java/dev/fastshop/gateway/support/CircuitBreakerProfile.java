package dev.fastshop.gateway.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A circuit that opens after 4 failed calls and stays open long enough to observe. */
public class CircuitBreakerProfile implements QuarkusTestProfile {

    public static final int VOLUME = 4;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.circuit-breaker.request-volume-threshold", Integer.toString(VOLUME),
                "gateway.circuit-breaker.failure-ratio", "0.5",
                "gateway.circuit-breaker.delay", "60s");
    }
}
