package dev.fastshop.order.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The transactional outbox. Producers add rows on their business transaction; the relay claims due rows with
 * {@code FOR UPDATE SKIP LOCKED} (so replicas never take the same row) and marks them after the broker confirmed.
 */
@ApplicationScoped
public class OutboxRepository {

    private static final int MAX_ERROR_LENGTH = 500;

    private final Pool pool;

    public OutboxRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> add(SqlClient tx, List<OutboxMessage> messages) {
        List<Tuple> rows = messages.stream()
                .map(m -> Tuple.tuple().addValue(m.aggregate()).addValue(m.aggregateId()).addValue(m.type())
                        .addValue(m.exchange()).addValue(m.routing()).addValue(m.payload()))
                .toList();
        return SqlStatements.executeBatch(tx, """
                insert into outbox (aggregate, aggregate_id, type, exchange, routing, payload)
                values ($1, $2, $3, $4, $5, $6::text::jsonb)""", rows).replaceWithVoid();
    }

    /** Locks up to {@code limit} due rows that no other relay holds, oldest first. */
    public Uni<List<PendingMessage>> claim(SqlClient tx, int limit) {
        return SqlStatements.execute(tx, """
                select id, type, exchange, routing, payload::text as payload from outbox
                where published_at is null and next_attempt_at <= now()
                order by id limit $1 for update skip locked""", Tuple.of(limit))
                .map(rows -> {
                    List<PendingMessage> claimed = new ArrayList<>(rows.size());
                    rows.forEach(row -> claimed.add(new PendingMessage(row.getLong("id"), row.getString("type"),
                            row.getString("exchange"), row.getString("routing"), row.getString("payload"))));
                    return claimed;
                });
    }

    /** Marks rows published; returns each row's type and its lag from commit to confirm. */
    public Uni<List<Published>> markPublished(SqlClient tx, Long[] ids) {
        return SqlStatements.execute(tx, """
                update outbox set published_at = clock_timestamp(), attempts = attempts + 1, last_error = null
                where id = any($1)
                returning type, extract(epoch from (published_at - created)) * 1000 as lag_ms""", Tuple.of(ids))
                .map(rows -> {
                    List<Published> published = new ArrayList<>(rows.size());
                    rows.forEach(row -> published.add(new Published(row.getString("type"),
                            Duration.ofMillis(Math.max(0, row.getDouble("lag_ms").longValue())))));
                    return published;
                });
    }

    /** Schedules another attempt with exponential backoff: base × 2^attempts, capped. */
    public Uni<Void> markFailed(SqlClient tx, Long[] ids, String error, Duration base, Duration max) {
        String reason = error == null ? "unknown" : error.substring(0, Math.min(error.length(), MAX_ERROR_LENGTH));
        return SqlStatements.execute(tx, """
                update outbox set attempts = attempts + 1, last_error = $2,
                       next_attempt_at = clock_timestamp()
                           + least($4::bigint, $3::bigint * power(2, least(attempts, 20))::bigint)
                             * interval '1 millisecond'
                where id = any($1)""", Tuple.of(ids, reason, base.toMillis(), max.toMillis())).replaceWithVoid();
    }

    /** Deletes published rows created longer ago than {@code retention}; returns how many. */
    public Uni<Integer> purgePublished(Duration retention) {
        return SqlStatements.execute(pool, """
                delete from outbox
                where created < clock_timestamp() - $1 * interval '1 millisecond' and published_at is not null""",
                Tuple.of(retention.toMillis())).map(rows -> rows.rowCount());
    }

    public Uni<Long> countPending() {
        return SqlStatements.execute(pool, "select count(*) from outbox where published_at is null", Tuple.tuple())
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** A row to add: JSON payload plus where it goes. */
    public record OutboxMessage(String aggregate, UUID aggregateId, String type, String exchange, String routing,
            String payload) {
    }

    /** A claimed row waiting for its publish. */
    public record PendingMessage(long id, String type, String exchange, String routing, String payload) {
    }

    public record Published(String type, Duration lag) {
    }

}
