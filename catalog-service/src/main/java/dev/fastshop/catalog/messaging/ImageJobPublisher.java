package dev.fastshop.catalog.messaging;

import java.time.Duration;
import java.util.HashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;

import dev.fastshop.catalog.service.ImageJobs;
import dev.fastshop.contracts.ImageJob;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.messaging.broker.ConfirmingPublisher;
import dev.fastshop.messaging.broker.OutgoingMessage;
import dev.fastshop.messaging.config.BrokerConfig;

/**
 * Publishes {@link ImageJob}s on a confirm-mode connection of its own (messaging-commons'
 * {@link ConfirmingPublisher}): the job queue must be declared (with the shared arguments) before the first job, so
 * that no job is unroutable while no worker has started yet, and the upload only leaves the outbox once the broker
 * confirmed it.
 */
@ApplicationScoped
public class ImageJobPublisher implements ImageJobs {

    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);
    private static final String CONNECTION_NAME = "catalog-service-image-jobs";

    private final ObjectMapper mapper;
    private final ConfirmingPublisher broker;

    public ImageJobPublisher(Vertx vertx, ObjectMapper mapper, BrokerConfig brokerConfig) {
        this.mapper = mapper;
        this.broker = new ConfirmingPublisher(vertx, brokerConfig,
                ConfirmingPublisher.Settings.replacedOnFailure(CONNECTION_NAME, CONFIRM_TIMEOUT),
                ImageJobPublisher::declareJobQueue);
    }

    /** Completes once the broker confirmed the job; fails (the job stays in the outbox) otherwise. */
    @Override
    public Uni<Void> publish(ImageJob job) {
        Buffer body;
        try {
            body = Buffer.buffer(mapper.writeValueAsBytes(job));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return broker.publish(new OutgoingMessage(Topology.JOBS_EXCHANGE, JobType.IMAGE.key(),
                OutgoingMessage.json(job.jobId().toString(), "ImageJob").build(), body));
    }

    private static Uni<Void> declareJobQueue(RabbitMQClient broker) {
        String queue = Topology.jobQueue(JobType.IMAGE);
        return broker.exchangeDeclare(Topology.JOBS_EXCHANGE, "direct", true, false)
                .chain(() -> broker.queueDeclare(queue, true, false, false,
                        new JsonObject(new HashMap<>(Topology.jobQueueArguments(JobType.IMAGE)))))
                .chain(() -> broker.queueBind(queue, Topology.JOBS_EXCHANGE, JobType.IMAGE.key()));
    }

    @PreDestroy
    void close() {
        broker.close().subscribe().with(ignored -> {
        }, ignored -> {
        });
    }
}
