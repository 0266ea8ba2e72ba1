package dev.fastshop.catalog.repository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.commons.sql.SqlStatements;

/** Image bytes; an upload also adds its job to the outbox ({@link ImageJobOutboxRepository}). */
@ApplicationScoped
public class ProductImageRepository {

    /** Characters of the sha256 or job id that version an image URL and its ETag. */
    public static final int TAG_LENGTH = 16;

    /** One stored rendition of a product image; {@code etag} is {@code <tag>-<size>}. */
    public record StoredImage(String contentType, byte[] bytes, String etag) {
    }

    private final Pool pool;

    public ProductImageRepository(Pool pool) {
        this.pool = pool;
    }

    /** Replaces the product's image and records its job in the outbox, on the caller's transaction. */
    public Uni<Void> storeOriginal(SqlClient tx, long productId, UUID jobId, String contentType, byte[] bytes,
            String sha256) {
        return SqlStatements
                .execute(tx, "INSERT INTO product_images (product_id, content_type, original, sha256, job_id)"
                        + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (product_id) DO UPDATE SET content_type = $2,"
                        + " original = $3, sha256 = $4, job_id = $5, thumb_128 = NULL, thumb_512 = NULL, thumbs_job = NULL,"
                        + " thumb_content_type = NULL, failure = NULL, uploaded_at = now()",
                        Tuple.of(productId, contentType, io.vertx.core.buffer.Buffer.buffer(bytes), sha256, jobId))
                .chain(() -> SqlStatements.execute(tx,
                        "INSERT INTO image_job_outbox (job_id, product_id) VALUES ($1, $2)",
                        Tuple.of(jobId, productId)))
                .replaceWithVoid();
    }

    /**
     * Stores the thumbnails of a job once: false when the job was already applied or a newer upload replaced the
     * image it was made from.
     */
    public Uni<Boolean> storeThumbnails(SqlClient tx, long productId, UUID jobId, String contentType, byte[] small,
            byte[] medium) {
        return SqlStatements
                .execute(tx, "UPDATE product_images SET thumb_128 = $3, thumb_512 = $4, thumb_content_type = $5,"
                        + " thumbs_job = $2, failure = NULL WHERE product_id = $1 AND job_id = $2"
                        + " AND thumbs_job IS DISTINCT FROM $2",
                        Tuple.of(productId, jobId, io.vertx.core.buffer.Buffer.buffer(small),
                                io.vertx.core.buffer.Buffer.buffer(medium), contentType))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> recordFailure(SqlClient tx, long productId, UUID jobId, String reason) {
        return SqlStatements.execute(tx, "UPDATE product_images SET failure = $3 WHERE product_id = $1 AND job_id = $2"
                + " AND thumbs_job IS NULL AND failure IS DISTINCT FROM $3", Tuple.of(productId, jobId, reason))
                .map(rows -> rows.rowCount() == 1);
    }

    /** {@code size} is original, 512 or 128; empty when there is no such rendition (yet). */
    public Uni<Optional<StoredImage>> find(long productId, String size) {
        String column = switch (size) {
            case "512" -> "thumb_512, thumb_content_type AS type, thumbs_job::text AS tag";
            case "128" -> "thumb_128, thumb_content_type AS type, thumbs_job::text AS tag";
            default -> "original, content_type AS type, sha256 AS tag";
        };
        return SqlStatements
                .execute(pool, "SELECT " + column + " FROM product_images WHERE product_id = $1", Tuple.of(productId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    var row = rows.iterator().next();
                    Buffer bytes = row.getBuffer(0);
                    return bytes == null
                            ? Optional.<StoredImage>empty()
                            : Optional.of(new StoredImage(row.getString("type"), bytes.getBytes(),
                                    row.getString("tag").substring(0, TAG_LENGTH) + "-" + size));
                });
    }
}
