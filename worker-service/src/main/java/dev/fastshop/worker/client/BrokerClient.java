package dev.fastshop.worker.client;

import java.time.Duration;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;

import dev.fastshop.messaging.broker.ConfirmingPublisher;
import dev.fastshop.messaging.config.BrokerConfig;

/**
 * A small AMQP connection of its own for what the messaging connector does not do: declaring the whole job topology
 * before the channels start, and reading queue depths. It is messaging-commons' {@link ConfirmingPublisher} to the
 * connector's broker ({@link BrokerConfig}), kept up by the client's automatic recovery (every 2 s, for ever), so
 * starting waits for the broker. The worker's outcomes do not go through it: they are the connector's emitters.
 */
@ApplicationScoped
public class BrokerClient {

    private static final String CONNECTION_NAME = "worker-service-admin";
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RECONNECT_INTERVAL = Duration.ofSeconds(2);

    private final ConfirmingPublisher broker;
    private volatile RabbitMQClient client;

    public BrokerClient(Vertx vertx, BrokerConfig brokerConfig) {
        this.broker = new ConfirmingPublisher(vertx, brokerConfig,
                ConfirmingPublisher.Settings.recovering(CONNECTION_NAME, CONFIRM_TIMEOUT, RECONNECT_INTERVAL),
                ConfirmingPublisher.Declarations.NONE);
    }

    public synchronized void start() {
        if (client == null) {
            client = broker.connection().await().indefinitely();
        }
    }

    public void exchange(String name, String type) {
        started().exchangeDeclareAndAwait(name, type, true, false);
    }

    public void queue(String name, Map<String, Object> arguments) {
        started().queueDeclareAndAwait(name, true, false, false, new JsonObject(arguments));
    }

    public void bind(String queue, String exchange, String routingKey) {
        started().queueBindAndAwait(queue, exchange, routingKey);
    }

    public Uni<Long> messageCount(String queue) {
        return Uni.createFrom().deferred(() -> started().messageCount(queue));
    }

    public boolean isConnected() {
        return client != null && broker.connected();
    }

    private RabbitMQClient started() {
        RabbitMQClient current = client;
        if (current == null) {
            throw new IllegalStateException(CONNECTION_NAME + " is not started");
        }
        return current;
    }

    @PreDestroy
    void stop() {
        if (client != null) {
            broker.close().await().indefinitely();
        }
    }
}
