package dev.fastshop.catalog.messaging;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;

import dev.fastshop.catalog.config.CatalogConfig;
import dev.fastshop.catalog.repository.ImageJobOutboxRepository;
import dev.fastshop.commons.domain.OutboxWritten;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.messaging.broker.ConfirmingPublisher;
import dev.fastshop.messaging.broker.JobQueues;
import dev.fastshop.messaging.config.BrokerConfig;
import dev.fastshop.messaging.outbox.OutboxRelayEngine;
import dev.fastshop.messaging.outbox.OutboxStore.Backoff;

/**
 * Relays {@code image_job_outbox} to the worker's image queue with messaging-commons' {@link OutboxRelayEngine}, the
 * same engine as the order service's outbox, over {@link ImageJobOutboxRepository}: woken after every upload's commit
 * ({@link OutboxWritten}), polling every {@code catalog.images.retry-interval} otherwise, so an upload accepted while
 * RabbitMQ is down is published once it is back.
 */
@ApplicationScoped
public class ImageOutboxRelay {

    private static final String CONNECTION_NAME = "catalog-service-image-jobs";
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Jobs carry the original image (up to 5 MB each): small batches. */
    private static final int BATCH_SIZE = 20;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final ConfirmingPublisher broker;
    private final OutboxRelayEngine<UUID> engine;

    public ImageOutboxRelay(Vertx vertx, ImageJobOutboxRepository outbox, CatalogConfig config,
            BrokerConfig brokerConfig, MeterRegistry registry) {
        Duration interval = config.images().retryInterval();
        this.broker = new ConfirmingPublisher(vertx, brokerConfig,
                ConfirmingPublisher.Settings.replacedOnFailure(CONNECTION_NAME, CONFIRM_TIMEOUT),
                ImageOutboxRelay::declareJobQueue);
        this.engine = new OutboxRelayEngine<>(vertx, outbox, broker,
                new OutboxRelayEngine.Settings(BATCH_SIZE, interval, interval, interval,
                        new Backoff(interval, MAX_BACKOFF)),
                registry);
    }

    void start(@Observes StartupEvent event) {
        engine.start();
    }

    void stop(@Observes ShutdownEvent event) {
        engine.stop();
        broker.close().onFailure().recoverWithNull().await().atMost(CLOSE_TIMEOUT);
    }

    /** An upload committed its job: relay it now rather than at the next poll. */
    void onOutboxWritten(@Observes OutboxWritten written) {
        engine.wake();
    }

    /** The job queue is declared (with the shared arguments) before the first job, so none is unroutable. */
    private static Uni<Void> declareJobQueue(RabbitMQClient broker) {
        return broker.exchangeDeclare(Topology.JOBS_EXCHANGE, "direct", true, false)
                .chain(() -> JobQueues.declare(broker, JobType.IMAGE));
    }
}
