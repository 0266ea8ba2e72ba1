package dev.fastshop.catalog.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.fastshop.catalog.client.RedisCacheClient;
import dev.fastshop.catalog.config.CatalogConfig;

/**
 * Readiness stays UP without Redis (the catalog then serves from PostgreSQL, whose own check gates readiness); the
 * cache state is reported in the details so dashboards and operators see the degradation.
 */
@Readiness
@ApplicationScoped
public class CatalogDependenciesHealthCheck implements HealthCheck {

    private final RedisCacheClient redis;
    private final CatalogConfig config;

    public CatalogDependenciesHealthCheck(RedisCacheClient redis, CatalogConfig config) {
        this.redis = redis;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("catalog-cache").up();
        if (!config.cache().enabled()) {
            return response.withData("redis", "disabled").build();
        }
        if (redis.degraded()) {
            return response.withData("redis", "degraded").withData("redisError", redis.lastError()).build();
        }
        return response.withData("redis", "up").build();
    }
}
