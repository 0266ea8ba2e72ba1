package dev.fastshop.order.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import dev.fastshop.order.client.CatalogClient;
import dev.fastshop.order.client.Deadline;
import dev.fastshop.order.config.OrderConfig;
import dev.fastshop.order.repository.PendingReservationRepository;

/**
 * Gives back the stock of reservations whose order never committed: an instance killed between the reservation and
 * the order's statement, a reservation call that timed out after the catalog took it, a release that did not get
 * through. Every {@code fastshop.order.sweep-interval} it marks pending reservations older than
 * {@code fastshop.order.reservation-timeout} abandoned (no order can consume them after that), releases each at the
 * catalog (idempotent) and forgets it; one whose release fails is tried again on the next sweep. Safe on every
 * replica at once: rows are marked with {@code SKIP LOCKED}, and releasing twice changes nothing.
 * <p>
 * Metric: counter {@code fastshop.reservations.abandoned} (released by the sweeper).
 */
@ApplicationScoped
public class ReservationSweeper {

    private static final Logger LOG = Logger.getLogger(ReservationSweeper.class);
    private static final int BATCH = 100;

    private final PendingReservationRepository pending;
    private final CatalogClient catalog;
    private final Vertx vertx;
    private final OrderConfig config;
    private final Counter released;

    public ReservationSweeper(PendingReservationRepository pending, CatalogClient catalog, Vertx vertx,
            OrderConfig config, MeterRegistry registry) {
        this.pending = pending;
        this.catalog = catalog;
        this.vertx = vertx;
        this.config = config;
        this.released = Counter.builder("fastshop.reservations.abandoned")
                .description("Reservations of orders that never committed, released by the sweeper")
                .register(registry);
    }

    void schedule(@Observes StartupEvent event) {
        vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweep().subscribe().with(
                count -> {
                },
                failure -> LOG.warnf("Reservation sweep failed: %s", failure.toString())));
    }

    /** Releases the abandoned reservations now; returns how many were released. */
    public Uni<Integer> sweep() {
        return pending.abandon(config.reservationTimeout(), BATCH)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(this::release)
                .collect().asList()
                .map(results -> (int) results.stream().filter(Boolean::booleanValue).count());
    }

    private Uni<Boolean> release(UUID orderId) {
        return catalog.release(orderId, Deadline.in(config.catalogBudget())).chain(() -> pending.forget(orderId))
                .map(ignored -> {
                    released.increment();
                    LOG.warnf("Released the reservation of order %s, which never committed", orderId);
                    return true;
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Could not release the reservation of abandoned order %s yet: %s", orderId,
                            failure.toString());
                    return false;
                });
    }
}
