package dev.fastshop.order.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;

import dev.fastshop.commons.domain.OutboxWritten;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.messaging.broker.ConfirmingPublisher;
import dev.fastshop.messaging.broker.JobQueues;
import dev.fastshop.messaging.config.BrokerConfig;
import dev.fastshop.messaging.outbox.OutboxRelayEngine;
import dev.fastshop.messaging.outbox.OutboxStore.Backoff;
import dev.fastshop.order.config.OutboxConfig;
import dev.fastshop.order.repository.OutboxRepository;

/**
 * Relays the {@code outbox} table to RabbitMQ with messaging-commons' {@link OutboxRelayEngine} (claim with
 * {@code FOR UPDATE SKIP LOCKED}, publish on a confirm-mode channel, mark after the broker's confirms, exponential
 * backoff) over {@link OutboxRepository}. This class wires it to the service: its settings, its broker connection
 * (with the declarations of everything the order service publishes to), its lifecycle, and the wake-up after every
 * commit that added rows ({@link OutboxWritten}).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String CONNECTION_NAME = "order-service-outbox-relay";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final OutboxConfig config;
    private final ConfirmingPublisher broker;
    private final OutboxRelayEngine<Long> engine;

    public OutboxRelay(Vertx vertx, OutboxRepository outbox, OutboxConfig config, BrokerConfig brokerConfig,
            MeterRegistry registry) {
        this.config = config;
        this.broker = new ConfirmingPublisher(vertx, brokerConfig,
                ConfirmingPublisher.Settings.replacedOnFailure(CONNECTION_NAME, config.confirmTimeout()),
                OutboxRelay::declareTopology);
        this.engine = new OutboxRelayEngine<>(vertx, outbox, broker,
                new OutboxRelayEngine.Settings(config.batchSize(), config.pollInterval(), config.reconnectDelay(),
                        config.pendingRefresh(), new Backoff(config.baseBackoff(), config.maxBackoff())),
                registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Outbox relay disabled");
            return;
        }
        engine.start();
    }

    void stop(@Observes ShutdownEvent event) {
        engine.stop();
        broker.close().onFailure().recoverWithNull().await().atMost(CLOSE_TIMEOUT);
    }

    /** Committed outbox rows are relayed now rather than at the next poll. */
    void onOutboxWritten(@Observes OutboxWritten written) {
        wake();
    }

    /** Asks for a cycle now. Cheap, callable from any thread. */
    public void wake() {
        engine.wake();
    }

    /** Whether the relay currently holds a broker connection. */
    public boolean connected() {
        return engine.connected();
    }

    public long pending() {
        return engine.pending();
    }

    /**
     * Declared on every (re)connection, idempotently: the same declarations as every other publisher of these names
     * (see docs/messaging.md).
     */
    private static Uni<Void> declareTopology(RabbitMQClient broker) {
        return broker.exchangeDeclare(Topology.EVENTS_EXCHANGE, "topic", true, false)
                .chain(() -> broker.exchangeDeclare(Topology.JOBS_EXCHANGE, "direct", true, false))
                .chain(() -> broker.exchangeDeclare(Topology.JOB_RESULTS_EXCHANGE, "topic", true, false))
                .chain(() -> JobQueues.declare(broker, JobType.INVOICE))
                .chain(() -> JobQueues.declare(broker, JobType.EMAIL));
    }
}
