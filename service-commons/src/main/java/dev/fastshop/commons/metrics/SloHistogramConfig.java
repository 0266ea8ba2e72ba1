package dev.fastshop.commons.metrics;

import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Publishes {@code http_server_requests_seconds} as a histogram with buckets at the SLO thresholds, so Prometheus can
 * compute the share of requests slower than 200 ms (burn-rate alerts) and percentiles per route.
 */
@Singleton
public class SloHistogramConfig {

    static final Duration[] SLO_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
            Duration.ofSeconds(1)};

    @Produces
    @Singleton
    public MeterFilter sloBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().startsWith("http.server.requests") && !id.getName().startsWith("http.client")) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(toNanos(SLO_BUCKETS))
                        .build()
                        .merge(config);
            }
        };
    }

    private static double[] toNanos(Duration[] durations) {
        double[] nanos = new double[durations.length];
        for (int i = 0; i < durations.length; i++) {
            nanos[i] = durations[i].toNanos();
        }
        return nanos;
    }
}
