package dev.fastshop.catalog.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;

import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.ImageJob;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;

/**
 * Publishes {@link ImageJob}s on a confirm-mode channel of its own: the job queue must be declared (with the shared
 * arguments) before the first job, so that no job is unroutable while no worker has started yet, and the upload only
 * leaves the outbox once the broker confirmed it.
 */
@ApplicationScoped
public class ImageJobPublisher {

    static final List<Integer> SIZES = List.of(128, 512);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);
    private static final int PERSISTENT = 2;

    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final RabbitMQOptions options;
    private volatile Uni<RabbitMQClient> connection;

    public ImageJobPublisher(Vertx vertx, ObjectMapper mapper,
            @ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String user,
            @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
            @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost) {
        this.vertx = vertx;
        this.mapper = mapper;
        this.options = new RabbitMQOptions().setHost(host).setPort(port).setUser(user).setPassword(password)
                .setVirtualHost(virtualHost).setConnectionTimeout((int) CONFIRM_TIMEOUT.toMillis())
                .setAutomaticRecoveryEnabled(false).setReconnectAttempts(0)
                .setConnectionName("catalog-service-image-jobs");
    }

    /** Completes once the broker confirmed the job; fails (the job stays in the outbox) otherwise. */
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

    public static ImageJob job(java.util.UUID jobId, long productId, String contentType, byte[] bytes, String sha256) {
        String extension = contentType.endsWith("png") ? "png" : "jpg";
        return new ImageJob(ImageJob.SCHEMA_VERSION, jobId, productId,
                new Attachment("original." + extension, contentType, bytes, sha256), SIZES);
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
