package dev.fastshop.catalog.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;

import dev.fastshop.catalog.config.BrokerConfig;
import dev.fastshop.catalog.service.ImageJobs;
import dev.fastshop.contracts.ImageJob;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;

/**
 * Publishes {@link ImageJob}s on a confirm-mode channel of its own: the job queue must be declared (with the shared
 * arguments) before the first job, so that no job is unroutable while no worker has started yet, and the upload only
 * leaves the outbox once the broker confirmed it.
 */
@ApplicationScoped
public class ImageJobPublisher implements ImageJobs {

    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);
    private static final int PERSISTENT = 2;

    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final RabbitMQOptions options;
    private volatile Uni<RabbitMQClient> connection;

    public ImageJobPublisher(Vertx vertx, ObjectMapper mapper, BrokerConfig broker) {
        this.vertx = vertx;
        this.mapper = mapper;
        this.options = new RabbitMQOptions().setHost(broker.host()).setPort(broker.port())
                .setUser(broker.username()).setPassword(broker.password())
                .setVirtualHost(broker.virtualHost()).setConnectionTimeout((int) CONFIRM_TIMEOUT.toMillis())
                .setAutomaticRecoveryEnabled(false).setReconnectAttempts(0)
                .setConnectionName("catalog-service-image-jobs");
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
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(PERSISTENT).messageId(job.jobId().toString()).type("ImageJob").build();
        return client().flatMap(client -> client
                .basicPublish(Topology.JOBS_EXCHANGE, JobType.IMAGE.key(), properties, body)
                .chain(() -> client.waitForConfirms(CONFIRM_TIMEOUT.toMillis()))
                .onFailure().invoke(() -> connection = null));
    }

    private Uni<RabbitMQClient> client() {
        Uni<RabbitMQClient> current = connection;
        if (current == null) {
            current = connect().memoize().indefinitely();
            connection = current;
        }
        return current.onFailure().invoke(() -> connection = null);
    }

    private Uni<RabbitMQClient> connect() {
        RabbitMQClient client = RabbitMQClient.create(vertx, options);
        String queue = Topology.jobQueue(JobType.IMAGE);
        return client.start()
                .chain(client::confirmSelect)
                .chain(() -> client.exchangeDeclare(Topology.JOBS_EXCHANGE, "direct", true, false))
                .chain(() -> client.queueDeclare(queue, true, false, false,
                        new JsonObject(new HashMap<>(Topology.jobQueueArguments(JobType.IMAGE)))))
                .chain(() -> client.queueBind(queue, Topology.JOBS_EXCHANGE, JobType.IMAGE.key()))
                .replaceWith(client)
                .onFailure().call(() -> client.stop().onFailure().recoverWithNull());
    }

    @PreDestroy
    void close() {
        Uni<RabbitMQClient> current = connection;
        if (current != null) {
            current.flatMap(RabbitMQClient::stop).subscribe().with(ignored -> {
            }, ignored -> {
            });
        }
    }
}
