package dev.fastshop.catalog.service;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.fastshop.catalog.domain.Reservation;
import dev.fastshop.catalog.repository.ReservationRepository;
import dev.fastshop.catalog.repository.SqlStates;
import dev.fastshop.commons.domain.DomainException;

/**
 * Stock reservations for orders. One transaction per reservation, its statements pipelined: claim the order id (the
 * idempotency guard), lock the products in id order, decrement with a {@code stock >= quantity} guard so that no
 * interleaving can oversell, record the lines. Any failure rolls back every line.
 */
@ApplicationScoped
public class InventoryService {

    /** A reservation and whether this call created it (201) or replayed an earlier one (200). */
    public record Outcome(Reservation reservation, boolean created, Map<Long, Long> versions) {
    }

    private final Pool pool;
    private final ReservationRepository repository;
    private final ProductCacheService cache;
    private final ProductEvents events;

    public InventoryService(Pool pool, ReservationRepository repository, ProductCacheService cache,
            ProductEvents events) {
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
        // The four statements go out together (pipelined: one round trip) and run in order: any failed guard rolls
        // the whole transaction back, so nothing has to wait for the answer of the statement before it.
        return pool.withTransaction(tx -> Uni.combine().all().unis(repository.claim(tx, orderId),
                repository.lockStock(tx, ids), repository.decrement(tx, ids, quantities),
                repository.insertLines(tx, orderId, ids, quantities)).asTuple().map(done -> {
                    if (!done.getItem1()) {
                        throw new AlreadyReserved();
                    }
                    check(lines, done.getItem2());
                    if (done.getItem3().size() != lines.size()) {
                        throw DomainException.conflict("Not enough stock for this order");
                    }
                    return new Outcome(new Reservation(orderId, Reservation.RESERVED, lines), true, done.getItem3());
                }))
                .onFailure(AlreadyReserved.class).recoverWithUni(() -> repository.find(pool, orderId)
                        .map(existing -> replay(existing.orElseThrow())))
                .call(outcome -> stockChanged(outcome.versions()));
    }

    /**
     * Gives the stock back; idempotent (unknown or already released reservations are fine). Refused (rolled back,
     * 422) only if a product's stock would pass PostgreSQL's integer range, which takes an admin raising it to
     * {@link dev.fastshop.catalog.domain.Product#MAX_STOCK} while more than a billion of its units are reserved.
     */
    public Uni<Void> release(UUID orderId) {
        return pool.withTransaction(tx -> repository.release(tx, orderId))
                .onFailure(failure -> SqlStates.has(failure, SqlStates.OUT_OF_RANGE))
                .transform(failure -> DomainException.rejected(
                        "Releasing this reservation would take a product's stock past the range the catalog stores"))
                .flatMap(this::stockChanged);
    }

    /**
     * A repeated call answers what the first one did. An order id released before its reservation arrived (the order
     * service gave up on a late answer) takes no stock: that reservation is refused.
     */
    private static Outcome replay(Reservation existing) {
        if (!Reservation.RESERVED.equals(existing.status())) {
            throw DomainException.conflict("The reservation of this order id was released; nothing was reserved");
        }
        return new Outcome(existing, false, Map.of());
    }

    private static void check(List<Reservation.Line> lines, Map<Long, Integer> stock) {
        List<Long> unknown = lines.stream().map(Reservation.Line::productId).filter(id -> !stock.containsKey(id))
                .toList();
        if (!unknown.isEmpty()) {
            throw DomainException.rejected("Unknown products: " + unknown);
        }
        List<Long> insufficient = lines.stream().filter(l -> stock.get(l.productId()) < l.quantity())
                .map(Reservation.Line::productId).toList();
        if (!insufficient.isEmpty()) {
            throw DomainException.conflict("Not enough stock for products " + insufficient);
        }
    }

    /** The order id had a reservation already: this transaction is rolled back and that one is replayed. */
    private static final class AlreadyReserved extends RuntimeException {
        AlreadyReserved() {
            super("reservation exists", null, false, false);
        }
    }

    /** Cached products show stock, so they are dropped (not rewritten: that would need another read). */
    private Uni<Void> stockChanged(Map<Long, Long> versions) {
        versions.forEach((id, version) -> events.upserted(id, version).subscribe().with(ignored -> {
        }));
        return cache.evict(List.copyOf(versions.keySet()));
    }
}
