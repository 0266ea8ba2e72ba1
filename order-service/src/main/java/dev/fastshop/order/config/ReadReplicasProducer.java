package dev.fastshop.order.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

import dev.fastshop.commons.sql.ReadReplicas;

/** The order service's read routing: its replicas from {@code fastshop.order.read-replicas.*}, the primary's credentials. */
@Singleton
public class ReadReplicasProducer {

    /** Made at start, so the replicas are assessed (and their gauges exist) before the first read. */
    @Produces
    @Singleton
    @Startup
    ReadReplicas readReplicas(Vertx vertx, Pool primary, OrderConfig config, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        return ReadReplicas.create(vertx, primary, config.readReplicas(), user, password.orElse(null), registry);
    }

    void close(@Disposes ReadReplicas replicas) {
        replicas.close().await().atMost(Duration.ofSeconds(5));
    }
}
