package dev.fastshop.order.support;

import java.util.UUID;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the outbox table directly, to assert what the relay did. */
public final class OutboxRows {

    private OutboxRows() {
    }

    public static long unpublished(Pool pool, UUID orderId) {
        return count(pool, "select count(*) from outbox where aggregate_id = $1 and published_at is null", orderId);
    }

    public static long published(Pool pool, UUID orderId, String type) {
        return count(pool, "select count(*) from outbox where aggregate_id = $1 and type = $2 "
                + "and published_at is not null", orderId, type);
    }

    public static long all(Pool pool, UUID orderId, String type) {
        return count(pool, "select count(*) from outbox where aggregate_id = $1 and type = $2", orderId, type);
    }

    /** A top-level field of the event's JSON payload (null if the payload is not an object with that field). */
    public static String payloadField(Pool pool, UUID orderId, String type, String field) {
        return pool.preparedQuery("select payload ->> $3 from outbox where aggregate_id = $1 and type = $2")
                .execute(Tuple.of(orderId, type, field)).await().indefinitely().iterator().next().getString(0);
    }

    private static long count(Pool pool, String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next()
                .getLong(0);
    }
}
