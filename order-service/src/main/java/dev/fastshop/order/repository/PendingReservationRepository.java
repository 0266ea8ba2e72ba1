package dev.fastshop.order.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.commons.sql.SqlStatements;

/**
 * Stock reservations taken for orders that have not committed yet (table {@code pending_reservations}): recorded
 * before the catalog is asked, consumed by {@link OrderRepository#place}. What is left is the sweeper's to release.
 */
@ApplicationScoped
public class PendingReservationRepository {

    private final Pool pool;

    public PendingReservationRepository(Pool pool) {
        this.pool = pool;
    }

    /** Notes that a reservation is about to be taken for this order id. */
    public Uni<Void> record(UUID orderId) {
        return SqlStatements.execute(pool, "insert into pending_reservations (order_id) values ($1)",
                Tuple.of(orderId)).replaceWithVoid();
    }

    /** Forgets a pending reservation that was released. */
    public Uni<Void> forget(UUID orderId) {
        return SqlStatements.execute(pool, "delete from pending_reservations where order_id = $1", Tuple.of(orderId))
                .replaceWithVoid();
    }

    /**
     * Marks up to {@code limit} pending reservations older than {@code age} abandoned, oldest first, and returns their
     * order ids (with those marked before whose release has not got through yet). From then on no order can consume
     * them. Rows an order is placing right now (locked) are skipped, so are those another replica is marking.
     */
    public Uni<List<UUID>> abandon(Duration age, int limit) {
        return SqlStatements.execute(pool, """
                update pending_reservations set abandoned_at = coalesce(abandoned_at, now())
                where order_id in (select order_id from pending_reservations
                                   where created_at < now() - $1 * interval '1 millisecond'
                                   order by created_at limit $2 for update skip locked)
                returning order_id""", Tuple.of(age.toMillis(), limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        ids.add(row.getUUID("order_id"));
                    }
                    return ids;
                });
    }
}
