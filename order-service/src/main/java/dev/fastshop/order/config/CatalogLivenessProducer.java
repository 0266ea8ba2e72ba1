package dev.fastshop.order.config;

import java.net.URI;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.Vertx;

import dev.fastshop.commons.http.LivenessProbe;

/**
 * The liveness probe of the catalog, on the REST client's address. Behind one address with several replicas the probe
 * may reach another replica than the call it vouches for: a single hung replica then costs its callers the whole
 * budget, until the circuit breaker opens.
 */
public class CatalogLivenessProducer {

    @Produces
    @Singleton
    LivenessProbe catalogLiveness(Vertx vertx, @ConfigProperty(name = "quarkus.rest-client.catalog.url") URI catalog) {
        boolean tls = "https".equals(catalog.getScheme());
        int port = catalog.getPort() > 0 ? catalog.getPort() : tls ? 443 : 80;
        return new LivenessProbe(vertx, catalog.getHost(), port, tls);
    }
}
