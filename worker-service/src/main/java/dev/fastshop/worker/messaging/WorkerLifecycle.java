package dev.fastshop.worker.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;

import dev.fastshop.worker.config.WorkerConfig;
import dev.fastshop.worker.service.JobMetrics;

/**
 * Graceful shutdown: stop taking jobs, let the running ones finish and be acknowledged within the grace period
 * ({@code quarkus.shutdown.timeout}), then let the connector close. Deliveries that were prefetched but not started
 * are never acknowledged, so the broker hands them to another worker when the connection closes.
 */
@ApplicationScoped
public class WorkerLifecycle {

    private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class);
    private static final List<String> CHANNELS = List.of(JobListener.INVOICE_CHANNEL, JobListener.EMAIL_CHANNEL,
            JobListener.IMAGE_CHANNEL);
    private static final long POLL_MILLIS = 50;

    private final ChannelRegistry channels;
    private final JobMetrics metrics;
    private final Duration grace;

    public WorkerLifecycle(ChannelRegistry channels, JobMetrics metrics, WorkerConfig config) {
        this.channels = channels;
        this.metrics = metrics;
        this.grace = config.shutdownGrace();
    }

    // Runs before the connector beans are destroyed (their connections close only after the ShutdownEvent).
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        drain(grace);
    }

    /** Stops consuming and waits for in-flight jobs; true when none is left before the timeout. */
    public boolean drain(Duration timeout) {
        CHANNELS.forEach(channel -> channels.getPausable(channel).pause());
        long deadline = System.nanoTime() + timeout.toNanos();
        LOG.infof("stopped consuming; waiting up to %s for %d in-flight job(s)", timeout, metrics.inFlight());
        while (metrics.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = metrics.inFlight();
        if (left > 0) {
            LOG.warnf("%d job(s) still running after %s; they return to their queue unacknowledged", left, timeout);
        }
        return left == 0;
    }

    /** Takes jobs again after {@link #drain(Duration)} (an operator pause, or a test). */
    public void resume() {
        CHANNELS.forEach(channel -> channels.getPausable(channel).resume());
    }
}
