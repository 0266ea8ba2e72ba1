package dev.fastshop.order.repository;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Stored responses of {@code POST /orders}, keyed by customer and Idempotency-Key. */
@ApplicationScoped
public class IdempotencyRepository {

    private final Pool pool;

    public IdempotencyRepository(Pool pool) {
        this.pool = pool;
    }

    /** The unexpired entry for this key, or null. */
    public Uni<StoredResponse> find(String customerId, String key) {
        return SqlStatements.execute(pool, """
                select request_hash, status_code, location, response from idempotency_keys
                where customer_id = $1 and key = $2 and expires_at > now()""", Tuple.of(customerId, key))
                .map(rows -> rows.size() == 0 ? null : toStored(rows.iterator().next()));
    }

    /**
     * Claims the key on the order's transaction. Returns false when another request holds it (the caller rolls back
     * and replays that request's response). An expired entry is taken over.
     */
    public Uni<Boolean> claim(SqlClient tx, String customerId, String key, StoredResponse response,
            OffsetDateTime now, OffsetDateTime expiresAt) {
        return SqlStatements.execute(tx, """
                insert into idempotency_keys (customer_id, key, request_hash, status_code, location, response,
                                              created_at, expires_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8)
                on conflict (customer_id, key) do update
                  set request_hash = excluded.request_hash, status_code = excluded.status_code,
                      location = excluded.location, response = excluded.response,
                      created_at = excluded.created_at, expires_at = excluded.expires_at
                  where idempotency_keys.expires_at <= excluded.created_at""",
                Tuple.tuple().addValue(customerId).addValue(key).addValue(response.requestHash())
                        .addValue(response.status()).addValue(response.location()).addValue(response.body())
                        .addValue(now).addValue(expiresAt))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Forgets expired keys; returns how many. */
    public Uni<Integer> purgeExpired() {
        return SqlStatements.execute(pool, "delete from idempotency_keys where expires_at <= now()", Tuple.tuple())
                .map(rows -> rows.rowCount());
    }

    private static StoredResponse toStored(Row row) {
        return new StoredResponse(row.getString("request_hash"), row.getInteger("status_code"),
                row.getString("location"), row.getString("response"));
    }

    /** A response as first sent, replayed byte for byte. */
    public record StoredResponse(String requestHash, int status, String location, String body) {
    }
}
