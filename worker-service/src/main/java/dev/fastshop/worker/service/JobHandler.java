package dev.fastshop.worker.service;

import java.util.List;

import dev.fastshop.contracts.Attachment;

/**
 * Does the work of one job type ({@link JobKind} describes its messages). Runs on a worker thread and may block.
 * Throws {@link PermanentJobException} when retrying cannot help; any other exception is treated as transient and
 * retried with backoff.
 */
public interface JobHandler<J> {

    /** Performs the job and returns its artifacts (empty for side-effect-only jobs). */
    List<Attachment> handle(J job);
}
