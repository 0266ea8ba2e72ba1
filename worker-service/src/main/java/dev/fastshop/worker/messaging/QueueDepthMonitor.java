package dev.fastshop.worker.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.worker.client.BrokerClient;
import dev.fastshop.worker.config.WorkerConfig;
import dev.fastshop.worker.service.JobMetrics;

/**
 * Feeds the {@code fastshop.jobs.queue_depth{queue}} gauges (ready messages of each job queue and DLQ), the signal an
 * autoscaler (KEDA, HPA on external metrics) scales workers on.
 */
@ApplicationScoped
public class QueueDepthMonitor {

    private static final Logger LOG = Logger.getLogger(QueueDepthMonitor.class);

    private final Vertx vertx;
    private final BrokerClient broker;
    private final JobMetrics metrics;
    private final long intervalMillis;
    private final List<String> queues = new ArrayList<>();
    private long timer = -1;

    public QueueDepthMonitor(Vertx vertx, BrokerClient broker, JobMetrics metrics, WorkerConfig config) {
        this.vertx = vertx;
        this.broker = broker;
        this.metrics = metrics;
        this.intervalMillis = config.queueDepthInterval().toMillis();
        for (JobType type : JobType.values()) {
            queues.add(Topology.jobQueue(type));
            queues.add(Topology.deadLetterQueue(type));
        }
    }

    // After TopologyDeclarer (priority 100): the queues exist.
    void onStart(@Observes @Priority(200) StartupEvent event) {
        refresh();
        timer = vertx.setPeriodic(intervalMillis, id -> refresh());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void refresh() {
        for (String queue : queues) {
            broker.messageCount(queue).subscribe().with(
                    depth -> metrics.queueDepth(queue, depth),
                    failure -> LOG.debugf("depth of %s unavailable: %s", queue, failure.getMessage()));
        }
    }
}
