package dev.fastshop.worker.messaging;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.worker.client.BrokerClient;
import dev.fastshop.worker.config.WorkerConfig;

/**
 * Declares the exchanges and queues the worker relies on, idempotently, before the messaging channels start
 * consuming (the reactive-messaging lifecycle observes StartupEvent at priority 1000, this runs at 100): a retry must
 * never be published to a delay queue that does not exist yet, or the broker would drop it.
 */
@ApplicationScoped
public class TopologyDeclarer {

    private static final Logger LOG = Logger.getLogger(TopologyDeclarer.class);

    private final BrokerClient broker;
    private final WorkerConfig config;

    public TopologyDeclarer(BrokerClient broker, WorkerConfig config) {
        this.broker = broker;
        this.config = config;
    }

    void onStart(@Observes @Priority(100) StartupEvent event) {
        broker.start();
        broker.exchange(Topology.JOBS_EXCHANGE, "direct");
        broker.exchange(Topology.JOBS_DEAD_LETTER_EXCHANGE, "direct");
        broker.exchange(JobTopology.RETRY_EXCHANGE, "direct");
        broker.exchange(Topology.JOB_RESULTS_EXCHANGE, "topic");
        for (JobType type : JobType.values()) {
            declare(type);
        }
    }

    private void declare(JobType type) {
        String queue = Topology.jobQueue(type);
        broker.queue(queue, Topology.jobQueueArguments(type));
        broker.bind(queue, Topology.JOBS_EXCHANGE, type.key());

        String deadLetters = Topology.deadLetterQueue(type);
        broker.queue(deadLetters, JobTopology.deadLetterQueueArguments());
        broker.bind(deadLetters, Topology.JOBS_DEAD_LETTER_EXCHANGE, type.key());

        for (Duration delay : config.retry().backoff()) {
            String delayQueue = JobTopology.delayQueue(type, delay);
            broker.queue(delayQueue, JobTopology.delayQueueArguments(type, delay));
            broker.bind(delayQueue, JobTopology.RETRY_EXCHANGE, delayQueue);
        }
        WorkerConfig.Consumer consumer = config.consumer(type);
        LOG.infof("consuming %s: prefetch %d, concurrency %d, %d attempts (backoff %s)", queue, consumer.prefetch(),
                consumer.concurrency(), config.retry().backoff().size() + 1, config.retry().backoff());
    }
}
