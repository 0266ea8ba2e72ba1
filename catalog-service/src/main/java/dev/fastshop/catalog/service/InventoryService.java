package dev.fastshop.catalog.service;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.fastshop.catalog.domain.Reservation;
import dev.fastshop.catalog.messaging.ProductEventPublisher;
import dev.fastshop.catalog.repository.ReservationRepository;
import dev.fastshop.commons.rest.ProblemException;

/**
 * Stock reservations for orders. One transaction per reservation: claim the order id (the idempotency guard), lock the
 * products in id order, check, then decrement with a {@code stock >= quantity} guard so that no interleaving can
 * oversell. Any failure rolls back every line.
 */
@ApplicationScoped
public class InventoryService {

    /** A reservation and whether this call created it (201) or replayed an earlier one (200). */
    public record Outcome(Reservation reservation, boolean created, Map<Long, Long> versions) {
    }

    private final Pool pool;
    private final ReservationRepository repository;
    private final ProductCacheService cache;
    private final ProductEventPublisher events;

    public InventoryService(Pool pool, ReservationRepository repository, ProductCacheService cache,
            ProductEventPublisher events) {
        this.pool = pool;
        this.repository = repository;
        this.cache = cache;
        this.events = events;
    }

    public Uni<Outcome> reserve(UUID orderId, List<Reservation.Line> requested) {
        List<Reservation.Line> lines = requested.stream()
                .sorted(Comparator.comparingLong(Reservation.Line::productId))
                .toList();
        Long[] ids = lines.stream().map(Reservation.Line::productId).toArray(Long[]::new);
        Integer[] quantities = lines.stream().map(Reservation.Line::quantity).toArray(Integer[]::new);
        return pool.withTransaction(tx -> repository.claim(tx, orderId).flatMap(claimed -> {
            if (!claimed) {
                return repository.find(tx, orderId)
                        .map(existing -> new Outcome(existing.orElseThrow(), false, Map.of()));
            }
            return repository.lockStock(tx, ids)
                    .invoke(stock -> check(lines, stock))
                    .flatMap(stock -> repository.decrement(tx, ids, quantities))
                    .invoke(versions -> {
                        if (versions.size() != lines.size()) {
                            throw ProblemException.conflict("Not enough stock for this order");
                        }
                    })
                    .call(ignored -> repository.insertLines(tx, orderId, ids, quantities))
                    .map(versions -> new Outcome(new Reservation(orderId, Reservation.RESERVED, lines), true,
                            versions));
        })).call(outcome -> stockChanged(outcome.versions()));
    }

    /** Gives the stock back; idempotent (unknown or already released reservations are fine). */
    public Uni<Void> release(UUID orderId) {
        return pool.withTransaction(tx -> repository.release(tx, orderId)).flatMap(this::stockChanged);
    }

    private static void check(List<Reservation.Line> lines, Map<Long, Integer> stock) {
        List<Long> unknown = lines.stream().map(Reservation.Line::productId).filter(id -> !stock.containsKey(id))
                .toList();
        if (!unknown.isEmpty()) {
            throw new ProblemException(422, "Unprocessable Content", "Unknown products: " + unknown);
        }
        List<Long> insufficient = lines.stream().filter(l -> stock.get(l.productId()) < l.quantity())
                .map(Reservation.Line::productId).toList();
        if (!insufficient.isEmpty()) {
            throw ProblemException.conflict("Not enough stock for products " + insufficient);
        }
    }

    /** Cached products show stock, so they are dropped (not rewritten: that would need another read). */
    private Uni<Void> stockChanged(Map<Long, Long> versions) {
        versions.forEach((id, version) -> events.upserted(id, version).subscribe().with(ignored -> {
        }));
        return cache.evict(List.copyOf(versions.keySet()));
    }
}
