package dev.fastshop.worker.messaging;

import java.time.Duration;
import java.util.Map;

import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;

/**
 * The worker's own part of the topology (retry delay queues) and the headers it sets. The shared names live in
 * {@link Topology}; docs/messaging.md draws the whole picture.
 */
public final class JobTopology {

    /** Direct exchange the worker publishes retries to; the routing key is the delay queue's name. */
    public static final String RETRY_EXCHANGE = "fastshop.jobs.retry";

    /** Attempts made so far (1 after the first failure); absent on a fresh job. */
    public static final String ATTEMPTS_HEADER = "x-fastshop-attempts";
    /** Why the previous attempt failed (retries). */
    public static final String LAST_ERROR_HEADER = "x-fastshop-last-error";
    /** Why the job was dead-lettered (DLQ). */
    public static final String REASON_HEADER = "x-fastshop-reason";
    /** The job type of a dead letter, so a replay knows its job queue. */
    public static final String JOB_TYPE_HEADER = "x-fastshop-job-type";
    /** When the job was dead-lettered, ISO-8601. */
    public static final String FAILED_AT_HEADER = "x-fastshop-failed-at";

    private JobTopology() {
    }

    /** E.g. {@code jobs.invoice.retry.10s}: the delay is part of the name, as a queue's TTL cannot change. */
    public static String delayQueue(JobType type, Duration delay) {
        long millis = delay.toMillis();
        String label = millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
        return Topology.jobQueue(type) + ".retry." + label;
    }

    /**
     * A delay queue holds each retry for its TTL, then dead-letters it back to the job queue through
     * {@code fastshop.jobs}. Quorum with at-least-once dead-lettering: an expiring retry is never dropped.
     */
    public static Map<String, Object> delayQueueArguments(JobType type, Duration delay) {
        return Map.of("x-queue-type", "quorum",
                "x-message-ttl", delay.toMillis(),
                "x-dead-letter-exchange", Topology.JOBS_EXCHANGE,
                "x-dead-letter-routing-key", type.key(),
                "x-dead-letter-strategy", "at-least-once",
                "x-overflow", "reject-publish");
    }

    public static Map<String, Object> deadLetterQueueArguments() {
        return Map.of("x-queue-type", "quorum");
    }
}
