package dev.fastshop.order.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.commons.sql.SqlStatements;
import dev.fastshop.messaging.outbox.OutboxStore;

/**
 * The transactional outbox (table {@code outbox}), the one way rows are written to it besides the placing statement
 * of {@link OrderRepository#place}: producers add rows with {@link #add} on their SQL transaction. As the relay's
 * {@link OutboxStore} it claims due rows with {@code FOR UPDATE SKIP LOCKED} (so replicas never take the same row) and
 * marks them after the broker confirmed.
 */
@ApplicationScoped
public class OutboxRepository implements OutboxStore<Long> {

    private static final String MESSAGE_ID_PREFIX = "order-outbox-";

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

    @Override
    public <T> Uni<T> inTransaction(Function<SqlClient, Uni<T>> work) {
        return pool.withTransaction(tx -> work.apply(tx));
    }

    /** Locks up to {@code limit} due rows that no other relay holds, oldest first. */
    @Override
    public Uni<List<Pending<Long>>> claim(SqlClient tx, int limit) {
        return SqlStatements.execute(tx, """
                select id, type, exchange, routing, payload::text as payload from outbox
                where published_at is null and next_attempt_at <= now()
                order by id limit $1 for update skip locked""", Tuple.of(limit))
                .map(rows -> {
                    List<Pending<Long>> claimed = new ArrayList<>(rows.size());
                    rows.forEach(row -> claimed.add(new Pending<>(row.getLong("id"), row.getString("type"),
                            row.getString("exchange"), row.getString("routing"),
                            MESSAGE_ID_PREFIX + row.getLong("id"), row.getString("payload"))));
                    return claimed;
                });
    }

    /** Marks rows published; returns each row's type and its lag from commit to confirm. */
    @Override
    public Uni<List<Sent>> markPublished(SqlClient tx, List<Long> ids) {
        return SqlStatements.execute(tx, """
                update outbox set published_at = clock_timestamp(), attempts = attempts + 1, last_error = null
                where id = any($1)
                returning type, extract(epoch from (published_at - created)) * 1000 as lag_ms""",
                Tuple.of(ids.toArray(new Long[0])))
                .map(rows -> {
                    List<Sent> published = new ArrayList<>(rows.size());
                    rows.forEach(row -> published.add(new Sent(row.getString("type"),
                            Duration.ofMillis(Math.max(0, row.getDouble("lag_ms").longValue())))));
                    return published;
                });
    }

    /** Schedules another attempt with exponential backoff: base × 2^attempts, capped. */
    @Override
    public Uni<Void> markFailed(SqlClient tx, List<Long> ids, String error, Backoff backoff) {
        return SqlStatements.execute(tx, "update outbox set attempts = attempts + 1, last_error = $2,"
                + " next_attempt_at = " + Backoff.NEXT_ATTEMPT_SQL + " where id = any($1)",
                Tuple.of(ids.toArray(new Long[0]), OutboxStore.failureReason(error), backoff.base().toMillis(),
                        backoff.max().toMillis()))
                .replaceWithVoid();
    }

    /** Deletes published rows created longer ago than {@code retention}; returns how many. */
    public Uni<Integer> purgePublished(Duration retention) {
        return SqlStatements.execute(pool, """
                delete from outbox
                where created < clock_timestamp() - $1 * interval '1 millisecond' and published_at is not null""",
                Tuple.of(retention.toMillis())).map(rows -> rows.rowCount());
    }

    @Override
    public Uni<Long> countPending() {
        return SqlStatements.execute(pool, "select count(*) from outbox where published_at is null", Tuple.tuple())
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** A row to add: JSON payload plus where it goes. */
    public record OutboxMessage(String aggregate, UUID aggregateId, String type, String exchange, String routing,
            String payload) {
    }
}
