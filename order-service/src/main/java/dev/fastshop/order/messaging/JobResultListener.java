package dev.fastshop.order.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import dev.fastshop.contracts.JobCompleted;
import dev.fastshop.contracts.JobFailed;
import dev.fastshop.order.service.JobResultService;

/**
 * Consumes {@code orders.job-results}. The routing key ({@code job.completed.*} or {@code job.failed.*}) says which
 * record the body is; unknown fields are ignored. A transient failure is retried a few times before the message is
 * rejected to the dead-letter queue; a result that cannot be read goes there at once.
 */
@ApplicationScoped
public class JobResultListener {

    private static final Logger LOG = Logger.getLogger(JobResultListener.class);
    private static final String COMPLETED_PREFIX = "job.completed.";
    private static final String FAILED_PREFIX = "job.failed.";
    private static final int ATTEMPTS = 3;

    private final JobResultService results;
    private final ObjectMapper reader;

    public JobResultListener(JobResultService results, ObjectMapper mapper) {
        this.results = results;
        this.reader = mapper.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Incoming("job-results")
    public Uni<Void> consume(Message<Object> message) {
        String routingKey = message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(IncomingRabbitMQMetadata::getRoutingKey).orElse("");
        Uni<Void> applied;
        try {
            applied = apply(routingKey, body(message.getPayload()));
        } catch (Exception unreadable) {
            LOG.errorf("Unreadable job result (routing key %s): %s", routingKey, unreadable.toString());
            return Uni.createFrom().completionStage(message.nack(unreadable));
        }
        return applied
                .onFailure().retry().withBackOff(Duration.ofMillis(200)).atMost(ATTEMPTS - 1)
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.errorf("Could not apply job result (routing key %s): %s", routingKey, failure.toString());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    private Uni<Void> apply(String routingKey, byte[] body) throws IOException {
        if (routingKey.startsWith(COMPLETED_PREFIX)) {
            JobCompleted completed = reader.readValue(body, JobCompleted.class);
            return Uni.createFrom().deferred(() -> results.completed(completed));
        }
        if (routingKey.startsWith(FAILED_PREFIX)) {
            JobFailed failed = reader.readValue(body, JobFailed.class);
            return Uni.createFrom().deferred(() -> results.failed(failed));
        }
        throw new IllegalArgumentException("unexpected routing key '" + routingKey + "'");
    }

    /** The connector hands JSON bodies over already decoded; anything else arrives as bytes. */
    private static byte[] body(Object payload) {
        if (payload instanceof JsonObject json) {
            return json.toBuffer().getBytes();
        }
        if (payload instanceof JsonArray json) {
            return json.toBuffer().getBytes();
        }
        if (payload instanceof Buffer buffer) {
            return buffer.getBytes();
        }
        if (payload instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
            return buffer.getBytes();
        }
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        return String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
    }
}
