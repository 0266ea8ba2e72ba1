package dev.fastshop.order.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.commons.sql.SqlStatements;
import dev.fastshop.order.domain.RecordedResponse;

/**
 * Stored responses of {@code POST /orders}, keyed by customer and Idempotency-Key. A key is claimed by the statement
 * that places the order ({@link OrderRepository#place}).
 */
@ApplicationScoped
public class IdempotencyRepository {

    private final Pool pool;

    public IdempotencyRepository(Pool pool) {
        this.pool = pool;
    }

    /** The unexpired entry for this key, or null. */
    public Uni<Entry> find(String customerId, String key) {
        return SqlStatements.execute(pool, """
                select request_hash, status_code, location, response from idempotency_keys
                where customer_id = $1 and key = $2 and expires_at > now()""", Tuple.of(customerId, key))
                .map(rows -> rows.size() == 0 ? null : toStored(rows.iterator().next()));
    }

    /** Forgets expired keys; returns how many. */
    public Uni<Integer> purgeExpired() {
        return SqlStatements.execute(pool, "delete from idempotency_keys where expires_at <= now()", Tuple.tuple())
                .map(rows -> rows.rowCount());
    }

    private static Entry toStored(Row row) {
        return new Entry(row.getString("request_hash"), new RecordedResponse(row.getInteger("status_code"),
                row.getString("location"), row.getString("response")));
    }

    /** A key's entry: the hash of the request that claimed it and the response first sent. */
    public record Entry(String requestHash, RecordedResponse response) {
    }
}
