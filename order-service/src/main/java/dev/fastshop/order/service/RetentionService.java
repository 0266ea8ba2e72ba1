package dev.fastshop.order.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import dev.fastshop.order.config.OrderConfig;
import dev.fastshop.order.config.OutboxConfig;
import dev.fastshop.order.repository.IdempotencyRepository;
import dev.fastshop.order.repository.OutboxRepository;

/**
 * Periodically deletes what is only kept for a while: expired Idempotency-Keys, and outbox rows published longer ago
 * than the outbox retention. Both tables then stay the size of their window of traffic instead of growing forever,
 * which keeps the relay's scan for due rows short. Safe on every replica at once: deleting a deleted row is a no-op.
 */
@ApplicationScoped
public class RetentionService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    private final IdempotencyRepository keys;
    private final OutboxRepository outbox;
    private final Vertx vertx;
    private final OrderConfig config;
    private final OutboxConfig outboxConfig;

    public RetentionService(IdempotencyRepository keys, OutboxRepository outbox, Vertx vertx, OrderConfig config,
            OutboxConfig outboxConfig) {
        this.keys = keys;
        this.outbox = outbox;
        this.vertx = vertx;
        this.config = config;
        this.outboxConfig = outboxConfig;
    }

    void schedule(@Observes StartupEvent event) {
        vertx.setPeriodic(config.purgeInterval().toMillis(), id -> purge().subscribe().with(
                purged -> LOG.debugf("Purged %d expired idempotency keys and published outbox rows", purged),
                failure -> LOG.debugf("Retention purge failed: %s", failure.toString())));
    }

    /** Deletes expired keys and old published outbox rows now; returns how many rows in all. */
    public Uni<Integer> purge() {
        return keys.purgeExpired().chain(purgedKeys -> outbox.purgePublished(outboxConfig.retention())
                .map(purgedRows -> purgedKeys + purgedRows));
    }
}
