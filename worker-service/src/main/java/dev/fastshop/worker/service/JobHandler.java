package dev.fastshop.worker.service;

import java.util.List;
import java.util.UUID;

import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.JobType;

/**
 * Does the work of one job type. Runs on a worker thread and may block. Throws {@link PermanentJobException} when
 * retrying cannot help; any other exception is treated as transient and retried with backoff.
 */
public interface JobHandler<J> {

    JobType type();

    Class<J> jobClass();

    UUID jobId(J job);

    /** What the job is about (an order id, a product id), echoed in the outcome. */
    String reference(J job);

    /** Performs the job and returns its artifacts (empty for side-effect-only jobs). */
    List<Attachment> handle(J job);
}
