package dev.fastshop.order.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import dev.fastshop.order.config.OrderConfig;
import dev.fastshop.order.repository.IdempotencyRepository;

/**
 * Deletes expired Idempotency-Keys periodically so the table stays the size of one TTL of traffic. Safe on every
 * replica at once: deleting an already deleted row is a no-op.
 */
@ApplicationScoped
public class IdempotencyCleanupService {

    private static final Logger LOG = Logger.getLogger(IdempotencyCleanupService.class);

    private final IdempotencyRepository keys;
    private final Vertx vertx;
    private final OrderConfig config;

    public IdempotencyCleanupService(IdempotencyRepository keys, Vertx vertx, OrderConfig config) {
        this.keys = keys;
        this.vertx = vertx;
        this.config = config;
    }

    void schedule(@Observes StartupEvent event) {
        vertx.setPeriodic(config.idempotencyPurgeInterval().toMillis(), id -> purge().subscribe().with(
                purged -> LOG.debugf("Purged %d expired idempotency keys", purged),
                failure -> LOG.debugf("Idempotency key purge failed: %s", failure.toString())));
    }

    /** Deletes the expired keys now; returns how many. */
    public Uni<Integer> purge() {
        return keys.purgeExpired();
    }
}
