package dev.fastshop.messaging.outbox;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * A service's outbox table as the {@link OutboxRelayEngine} sees it. Each service implements it in its
 * {@code repository/} package over its own table; producers keep writing rows through that repository's own methods,
 * in their business transaction.
 * <p>
 * A relay cycle runs in one transaction ({@link #inTransaction}): {@link #claim} locks due rows that no other replica
 * holds ({@code FOR UPDATE SKIP LOCKED}), then, after the broker confirmed them, {@link #markPublished}, or else
 * {@link #markFailed}, on the same transaction. A crash in between leaves the rows due, so delivery is at least once.
 *
 * @param <K>
 *            a row's identity
 */
public interface OutboxStore<K> {

    /** Runs {@code work} in one transaction on the store's database; commits when it succeeds. */
    <T> Uni<T> inTransaction(Function<SqlClient, Uni<T>> work);

    /** Locks up to {@code limit} due rows that no other relay holds, oldest first. */
    Uni<List<Pending<K>>> claim(SqlClient tx, int limit);

    /** Marks rows sent (or removes them); returns each one's type and its lag from commit to confirm. */
    Uni<List<Sent>> markPublished(SqlClient tx, List<K> ids);

    /** Schedules another attempt of rows whose publish failed, {@code backoff} after this one. */
    Uni<Void> markFailed(SqlClient tx, List<K> ids, String error, Backoff backoff);

    /** Rows not yet sent (for the pending gauge). */
    Uni<Long> countPending();

    /**
     * A claimed row: its identity, its type (the AMQP {@code type} and the metric tag), where it goes, the AMQP
     * {@code message-id} consumers deduplicate by, and its JSON payload.
     */
    record Pending<K>(K id, String type, String exchange, String routingKey, String messageId, String payload) {
    }

    /** A row the broker confirmed: its type and the time from its commit to the confirm. */
    record Sent(String type, Duration lag) {
    }

    /** The failure text a store keeps on a row: the error, at most 500 characters. */
    static String failureReason(String error) {
        return error == null ? "unknown" : error.substring(0, Math.min(error.length(), 500));
    }

    /** The retry delay of a row that failed: {@code base × 2^attempts so far}, at most {@code max}. */
    record Backoff(Duration base, Duration max) {

        /**
         * A failed row's next attempt time in SQL, for a table with an {@code attempts} column (the attempts before
         * this one), with {@code base} in milliseconds as parameter $3 and {@code max} as $4.
         */
        public static final String NEXT_ATTEMPT_SQL = "clock_timestamp()"
                + " + least($4::bigint, $3::bigint * power(2, least(attempts, 20))::bigint) * interval '1 millisecond'";
    }
}
