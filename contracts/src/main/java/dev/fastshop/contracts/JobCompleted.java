package dev.fastshop.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job finished. {@code reference} is what the job was about (an order id or a product id); {@code artifacts} holds
 * what it produced (the invoice PDF, the thumbnails), empty for jobs with side effects only (email).
 */
public record JobCompleted(int schemaVersion, UUID jobId, JobType type, String reference, List<Attachment> artifacts,
        Instant completedAt) {

    public static final int SCHEMA_VERSION = 1;
}
