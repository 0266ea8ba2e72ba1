package dev.fastshop.contracts;

import java.util.Map;

/**
 * Names of the RabbitMQ exchanges, routing keys and queues shared by the services. Every service declares what it
 * uses idempotently; docs/messaging.md describes the whole topology.
 */
public final class Topology {

    /** Topic exchange for domain events. */
    public static final String EVENTS_EXCHANGE = "fastshop.events";
    public static final String ORDER_PLACED = "order.placed";
    public static final String ORDER_CANCELLED = "order.cancelled";
    public static final String PRODUCT_CHANGED = "product.changed";

    /** Direct exchange for work handed to the worker service; the routing key is the job type's name. */
    public static final String JOBS_EXCHANGE = "fastshop.jobs";

    /** Topic exchange for job outcomes: {@code job.completed.<type>} and {@code job.failed.<type>}. */
    public static final String JOB_RESULTS_EXCHANGE = "fastshop.job-results";

    /** Exchange the job queues dead-letter into; the worker routes from there to retry delay queues or the DLQ. */
    public static final String JOBS_DEAD_LETTER_EXCHANGE = "fastshop.jobs.dlx";

    /** Quorum queue of the order service for invoice and email outcomes. */
    public static final String ORDER_RESULTS_QUEUE = "orders.job-results";

    /** Quorum queue of the catalog service for image outcomes. */
    public static final String CATALOG_RESULTS_QUEUE = "catalog.job-results";

    private Topology() {
    }

    /** The quorum queue the worker consumes for a job type, e.g. {@code jobs.invoice}. */
    public static String jobQueue(JobType type) {
        return "jobs." + type.key();
    }

    /** The dead-letter queue for a job type, e.g. {@code jobs.invoice.dlq}. */
    public static String deadLetterQueue(JobType type) {
        return jobQueue(type) + ".dlq";
    }

    /**
     * Arguments of a job queue. Publishers declare the queue too (so no job is unroutable before a worker first
     * starts), and RabbitMQ rejects a redeclaration with other arguments: this method is the one definition.
     */
    public static Map<String, Object> jobQueueArguments(JobType type) {
        return Map.of("x-queue-type", "quorum",
                "x-dead-letter-exchange", JOBS_DEAD_LETTER_EXCHANGE,
                "x-dead-letter-routing-key", type.key(),
                "x-dead-letter-strategy", "at-least-once",
                "x-overflow", "reject-publish");
    }

    public static String completedKey(JobType type) {
        return "job.completed." + type.key();
    }

    public static String failedKey(JobType type) {
        return "job.failed." + type.key();
    }
}
