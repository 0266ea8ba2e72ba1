package dev.fastshop.catalog.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.commons.sql.SqlStatements;
import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.ImageJob;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.messaging.outbox.OutboxStore;

/**
 * The {@code image_job_outbox} table as messaging-commons' relay engine sees it. Uploads add their row in
 * {@link ProductImageRepository#storeOriginal}; a claimed row becomes the {@link ImageJob} of the image it points at
 * (the original's bytes travel in the message), and a row whose image was replaced since is dropped, never sent.
 */
@ApplicationScoped
public class ImageJobOutboxRepository implements OutboxStore<UUID> {

    private static final List<Integer> THUMBNAIL_SIZES = List.of(128, 512);
    private static final String TYPE = "ImageJob";

    private final Pool pool;
    private final ObjectMapper mapper;

    public ImageJobOutboxRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    @Override
    public <T> Uni<T> inTransaction(Function<SqlClient, Uni<T>> work) {
        return pool.withTransaction(tx -> work.apply(tx));
    }

    @Override
    public Uni<List<Pending<UUID>>> claim(SqlClient tx, int limit) {
        return SqlStatements.query(tx, "DELETE FROM image_job_outbox o WHERE NOT EXISTS (SELECT 1 FROM product_images i"
                + " WHERE i.product_id = o.product_id AND i.job_id = o.job_id)")
                .chain(() -> SqlStatements.execute(tx,
                        "SELECT o.job_id, o.product_id, i.content_type, i.original, i.sha256"
                                + " FROM image_job_outbox o JOIN product_images i ON i.product_id = o.product_id"
                                + " AND i.job_id = o.job_id WHERE o.next_attempt_at <= now() ORDER BY o.created_at LIMIT $1"
                                + " FOR UPDATE OF o SKIP LOCKED",
                        Tuple.of(limit)))
                .map(rows -> {
                    List<Pending<UUID>> claimed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        UUID jobId = row.getUUID("job_id");
                        claimed.add(new Pending<>(jobId, TYPE, Topology.JOBS_EXCHANGE, JobType.IMAGE.key(),
                                jobId.toString(), json(job(row))));
                    }
                    return claimed;
                });
    }

    /** Sent rows are deleted: nothing reads them afterwards. */
    @Override
    public Uni<List<Sent>> markPublished(SqlClient tx, List<UUID> ids) {
        return SqlStatements.execute(tx, "DELETE FROM image_job_outbox WHERE job_id = ANY($1)"
                + " RETURNING extract(epoch from (clock_timestamp() - created_at)) * 1000 AS lag_ms",
                Tuple.of(ids.toArray(new UUID[0])))
                .map(rows -> {
                    List<Sent> sent = new ArrayList<>(rows.size());
                    rows.forEach(row -> sent.add(new Sent(TYPE,
                            Duration.ofMillis(Math.max(0, row.getDouble("lag_ms").longValue())))));
                    return sent;
                });
    }

    /** Another attempt after {@code base × 2^attempts}, capped, as the order service's outbox does. */
    @Override
    public Uni<Void> markFailed(SqlClient tx, List<UUID> ids, String error, Backoff backoff) {
        return SqlStatements.execute(tx, "UPDATE image_job_outbox SET attempts = attempts + 1, last_error = $2,"
                + " next_attempt_at = " + Backoff.NEXT_ATTEMPT_SQL + " WHERE job_id = ANY($1)",
                Tuple.of(ids.toArray(new UUID[0]), OutboxStore.failureReason(error), backoff.base().toMillis(),
                        backoff.max().toMillis()))
                .replaceWithVoid();
    }

    @Override
    public Uni<Long> countPending() {
        return SqlStatements.query(pool, "SELECT count(*) FROM image_job_outbox")
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The thumbnail job of an upload: the original and the sizes to render. */
    private static ImageJob job(Row row) {
        String contentType = row.getString("content_type");
        String extension = contentType.endsWith("png") ? "png" : "jpg";
        return new ImageJob(ImageJob.SCHEMA_VERSION, row.getUUID("job_id"), row.getLong("product_id"),
                new Attachment("original." + extension, contentType, row.getBuffer("original").getBytes(),
                        row.getString("sha256")),
                THUMBNAIL_SIZES);
    }

    private String json(ImageJob job) {
        try {
            return mapper.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An image job always serializes", e);
        }
    }
}
