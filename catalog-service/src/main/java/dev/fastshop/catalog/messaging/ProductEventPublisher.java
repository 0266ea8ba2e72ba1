package dev.fastshop.catalog.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import io.vertx.core.json.JsonObject;

import dev.fastshop.catalog.service.ProductEvents;
import dev.fastshop.contracts.ProductChanged;
import dev.fastshop.contracts.Topology;

/**
 * Publishes {@link ProductChanged} so that every catalog instance drops its local copy. Best effort by design: the
 * product key in Redis is already written through and local copies expire after a short TTL, so a lost event delays
 * freshness on other instances by at most that TTL and never fails the write.
 */
@ApplicationScoped
public class ProductEventPublisher implements ProductEvents {

    private static final Logger LOG = Logger.getLogger(ProductEventPublisher.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(2);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final MutinyEmitter<JsonObject> emitter;
    private final ObjectMapper mapper;

    public ProductEventPublisher(@Channel("product-changed-out") MutinyEmitter<JsonObject> emitter,
            ObjectMapper mapper) {
        this.emitter = emitter;
        this.mapper = mapper;
    }

    @Override
    public Uni<Void> upserted(long productId, long version) {
        return publish(new ProductChanged(ProductChanged.SCHEMA_VERSION, productId, version,
                ProductChanged.Change.UPSERTED, Instant.now()));
    }

    @Override
    public Uni<Void> deleted(long productId) {
        return publish(new ProductChanged(ProductChanged.SCHEMA_VERSION, productId, 0, ProductChanged.Change.DELETED,
                Instant.now()));
    }

    private Uni<Void> publish(ProductChanged event) {
        JsonObject payload = new JsonObject(mapper.convertValue(event, MAP));
        OutgoingRabbitMQMetadata metadata = OutgoingRabbitMQMetadata.builder()
                .withRoutingKey(Topology.PRODUCT_CHANGED)
                .withContentType("application/json")
                .withHeader("schemaVersion", ProductChanged.SCHEMA_VERSION)
                .build();
        return emitter.sendMessage(Message.of(payload).addMetadata(metadata))
                .ifNoItem().after(CONFIRM_TIMEOUT).fail()
                .onFailure().invoke(failure -> LOG.warnf("product.changed for product %d not confirmed: %s",
                        event.productId(), failure.getMessage()))
                .onFailure().recoverWithNull();
    }
}
