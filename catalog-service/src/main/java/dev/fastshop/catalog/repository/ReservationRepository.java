package dev.fastshop.catalog.repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.catalog.domain.Reservation;
import dev.fastshop.commons.sql.SqlStatements;

/** Reservation rows and the guarded stock updates; every method runs on the caller's transaction. */
@ApplicationScoped
public class ReservationRepository {

    /** Claims the order id; false if a reservation for it already exists (the caller then replays it). */
    public Uni<Boolean> claim(SqlClient tx, UUID orderId) {
        return SqlStatements.execute(tx, "INSERT INTO reservations (order_id, status) VALUES ($1, 'RESERVED')"
                + " ON CONFLICT (order_id) DO NOTHING", Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<Reservation>> find(SqlClient tx, UUID orderId) {
        return SqlStatements.execute(tx, "SELECT r.status, l.product_id, l.quantity FROM reservations r"
                + " LEFT JOIN reservation_lines l ON l.order_id = r.order_id WHERE r.order_id = $1"
                + " ORDER BY l.product_id", Tuple.of(orderId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    String status = null;
                    List<Reservation.Line> lines = new ArrayList<>();
                    for (var row : rows) {
                        status = row.getString("status");
                        if (row.getLong("product_id") != null) {
                            lines.add(new Reservation.Line(row.getLong("product_id"), row.getInteger("quantity")));
                        }
                    }
                    return Optional.of(new Reservation(orderId, status, lines));
                });
    }

    /** Locks the products in id order (no deadlock between two carts) and returns their stock; unknown ids absent. */
    public Uni<Map<Long, Integer>> lockStock(SqlClient tx, Long[] productIds) {
        return SqlStatements
                .execute(tx, "SELECT id, stock FROM products WHERE id = ANY($1) ORDER BY id FOR UPDATE",
                        Tuple.of(productIds))
                .map(rows -> {
                    Map<Long, Integer> stock = new HashMap<>();
                    rows.forEach(row -> stock.put(row.getLong("id"), row.getInteger("stock")));
                    return stock;
                });
    }

    /**
     * Takes the quantities out of stock, each row only if {@code stock >= quantity}. Returns how many rows were
     * decremented: fewer than the lines means a guard refused and the caller must roll back.
     */
    public Uni<Map<Long, Long>> decrement(SqlClient tx, Long[] productIds, Integer[] quantities) {
        return SqlStatements
                .execute(tx, "UPDATE products AS p SET stock = p.stock - l.quantity, version = p.version + 1,"
                        + " updated_at = now() FROM unnest($1::bigint[], $2::int[]) AS l (id, quantity)"
                        + " WHERE p.id = l.id AND p.stock >= l.quantity RETURNING p.id, p.version",
                        Tuple.of(productIds, quantities))
                .map(ReservationRepository::versions);
    }

    /** Records the lines; lines the order id already has are left as they are (its first reservation stands). */
    public Uni<Void> insertLines(SqlClient tx, UUID orderId, Long[] productIds, Integer[] quantities) {
        return SqlStatements.execute(tx, "INSERT INTO reservation_lines (order_id, product_id, quantity)"
                + " SELECT $1, l.id, l.quantity FROM unnest($2::bigint[], $3::int[]) AS l (id, quantity)"
                + " ON CONFLICT DO NOTHING", Tuple.of(orderId, productIds, quantities))
                .replaceWithVoid();
    }

    /**
     * Marks a reservation released; the new versions of the restocked products, empty if nothing was released. An
     * order id with no reservation yet gets a released one without lines: a reservation call that arrives after the
     * release (the caller timed out, gave up and released) then finds it and takes no stock. One upsert, so a
     * reservation still in flight is waited for and released, never missed.
     */
    public Uni<Map<Long, Long>> release(SqlClient tx, UUID orderId) {
        return SqlStatements.execute(tx, "INSERT INTO reservations (order_id, status, released_at)"
                + " VALUES ($1, 'RELEASED', now()) ON CONFLICT (order_id) DO UPDATE SET status = 'RELEASED',"
                + " released_at = now() WHERE reservations.status = 'RESERVED'", Tuple.of(orderId))
                // A new released row has no lines, so the restock below changes nothing for it.
                .flatMap(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().item(Map.<Long, Long>of())
                        : SqlStatements.execute(tx, "UPDATE products AS p SET stock = p.stock + l.quantity,"
                                + " version = p.version + 1, updated_at = now() FROM reservation_lines l"
                                + " WHERE l.order_id = $1 AND p.id = l.product_id RETURNING p.id, p.version",
                                Tuple.of(orderId))
                                .map(ReservationRepository::versions));
    }

    private static Map<Long, Long> versions(RowSet<Row> rows) {
        Map<Long, Long> versions = new HashMap<>();
        rows.forEach(row -> versions.put(row.getLong("id"), row.getLong("version")));
        return versions;
    }
}
