package dev.fastshop.catalog.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.reactive.messaging.providers.extension.HealthCenter;

import dev.fastshop.catalog.client.RedisCacheClient;
import dev.fastshop.catalog.config.CatalogConfig;

/**
 * Readiness stays UP without Redis or RabbitMQ (the catalog then serves from PostgreSQL, whose own check gates
 * readiness; events and image jobs wait in the outbox or are best effort); their state is reported in the details so
 * dashboards and operators see the degradation.
 */
@Readiness
@ApplicationScoped
public class CatalogDependenciesHealthCheck implements HealthCheck {

    private final RedisCacheClient redis;
    private final CatalogConfig config;
    private final HealthCenter messaging;

    public CatalogDependenciesHealthCheck(RedisCacheClient redis, CatalogConfig config, HealthCenter messaging) {
        this.redis = redis;
        this.config = config;
        this.messaging = messaging;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("catalog-dependencies").up()
                .withData("rabbitmq", messaging.getReadiness().isOk() ? "up" : "down");
        if (!config.cache().enabled()) {
            return response.withData("redis", "disabled").build();
        }
        if (redis.degraded()) {
            return response.withData("redis", "degraded").withData("redisError", redis.lastError()).build();
        }
        return response.withData("redis", "up").build();
    }
}
