package dev.fastshop.catalog.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.vertx.core.json.JsonObject;

import dev.fastshop.catalog.service.ProductImageService;
import dev.fastshop.contracts.JobCompleted;
import dev.fastshop.contracts.JobFailed;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;

/**
 * Applies image job outcomes from {@code catalog.job-results}. Acknowledged only after the result is stored; a result
 * that cannot be read is rejected (dead-lettered by the queue's policy, never redelivered in a loop).
 */
@ApplicationScoped
public class ImageResultListener {

    private static final Logger LOG = Logger.getLogger(ImageResultListener.class);

    private final ProductImageService images;
    private final ObjectMapper mapper;

    public ImageResultListener(ProductImageService images, ObjectMapper mapper) {
        this.images = images;
        this.mapper = mapper;
    }

    @Incoming("image-results")
    public Uni<Void> onResult(Message<JsonObject> message) {
        String routingKey = message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(IncomingRabbitMQMetadata::getRoutingKey).orElse("");
        Uni<Void> applied;
        try {
            applied = apply(routingKey, message.getPayload());
        } catch (RuntimeException e) {
            LOG.warnf("Unreadable image job result (%s): %s", routingKey, e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return applied.flatMap(ignored -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(failure -> Uni.createFrom().completionStage(message.nack(failure)));
    }

    private Uni<Void> apply(String routingKey, JsonObject payload) {
        if (routingKey.equals(Topology.completedKey(JobType.IMAGE))) {
            JobCompleted result = mapper.convertValue(payload.getMap(), JobCompleted.class);
            return images.thumbnailsReady(productId(result.reference()), result.jobId(), result.artifacts());
        }
        if (routingKey.equals(Topology.failedKey(JobType.IMAGE))) {
            JobFailed result = mapper.convertValue(payload.getMap(), JobFailed.class);
            return images.thumbnailsFailed(productId(result.reference()), result.jobId(), result.reason());
        }
        throw new IllegalArgumentException("unexpected routing key " + routingKey);
    }

    private static long productId(String reference) {
        return Long.parseLong(reference);
    }
}
