package dev.fastshop.messaging.broker;

import com.rabbitmq.client.AMQP;

import io.vertx.mutiny.core.buffer.Buffer;

/** One message for {@link ConfirmingPublisher}: where it goes, its AMQP properties and its body. */
public record OutgoingMessage(String exchange, String routingKey, AMQP.BasicProperties properties, Buffer body) {

    public static final String JSON = "application/json";
    /** AMQP delivery mode 2: the broker writes the message to disk (with a durable queue it survives a restart). */
    public static final int PERSISTENT = 2;

    /**
     * The properties every Fastshop message carries: {@code application/json}, persistent, its id (what consumers
     * deduplicate by) and its type. Add more on the builder (the outbox relay adds a timestamp).
     */
    public static AMQP.BasicProperties.Builder json(String messageId, String type) {
        return new AMQP.BasicProperties.Builder().contentType(JSON).deliveryMode(PERSISTENT).messageId(messageId)
                .type(type);
    }
}
