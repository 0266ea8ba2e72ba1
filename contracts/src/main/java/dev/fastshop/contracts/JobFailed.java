package dev.fastshop.contracts;

import java.time.Instant;
import java.util.UUID;

/** A job gave up after its retries, or could not be done at all; {@code reason} is safe to show to an operator. */
public record JobFailed(int schemaVersion, UUID jobId, JobType type, String reference, String reason, int attempts,
        Instant failedAt) {

    public static final int SCHEMA_VERSION = 1;
}
