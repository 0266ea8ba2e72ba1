package dev.fastshop.worker.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.fastshop.contracts.JobType;

/**
 * Typed configuration of the worker ({@code fastshop.worker.*}). Prefetch and concurrency are also referenced by the
 * connector ({@code max-outstanding-messages}) and worker-pool ({@code max-concurrency}) settings in
 * application.properties, so each value is defined once.
 */
@ConfigMapping(prefix = "fastshop.worker")
public interface WorkerConfig {

    Consumer invoice();

    Consumer email();

    Consumer image();

    Retry retry();

    /** Largest invoice PDF the worker returns in a message; a bigger one fails the job. */
    @WithDefault("1048576")
    @Min(1024)
    int invoiceMaxBytes();

    /** Largest image (width × height) the worker decodes; bigger ones fail the job instead of exhausting memory. */
    @WithDefault("40000000")
    @Min(1)
    long imageMaxPixels();

    /** How long the completion record of a job is kept to recognise redeliveries. */
    @WithDefault("7d")
    Duration completionTtl();

    /**
     * Lease of the claim one delivery takes on a job id, renewed every third of it while the job runs and ended when
     * the delivery finishes: a redelivered job of a worker that died runs again at most this long after.
     */
    @WithDefault("15s")
    Duration claimTtl();

    /** How often the depth of the job queues and DLQs is read for the {@code fastshop.jobs.queue_depth} gauges. */
    @WithDefault("10s")
    Duration queueDepthInterval();

    /**
     * How long a shutdown waits for in-flight jobs after consumption stopped: {@code quarkus.shutdown.timeout}, which
     * application.properties refers to, so the drain and Quarkus's own shutdown share one grace period.
     */
    Duration shutdownGrace();

    Seller seller();

    default Consumer consumer(JobType type) {
        return switch (type) {
            case INVOICE -> invoice();
            case EMAIL -> email();
            case IMAGE -> image();
        };
    }

    interface Consumer {

        /** Unacknowledged deliveries the broker pushes to this worker at once (basic.qos). */
        @WithDefault("16")
        @Min(1)
        int prefetch();

        /** Jobs of this type processed in parallel on worker threads. */
        @WithDefault("4")
        @Min(1)
        int concurrency();
    }

    interface Retry {

        /**
         * Delays before the second, third, … attempt of a job that failed transiently; one delay queue each. The job
         * has {@code backoff.size() + 1} attempts.
         */
        @WithDefault("1s,10s,60s")
        List<Duration> backoff();
    }

    interface Seller {

        String name();

        String address();

        String vatId();
    }
}
