package dev.fastshop.worker.client;

import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;

import dev.fastshop.worker.config.BrokerConfig;

/**
 * A small AMQP connection of its own for what the messaging connector does not do: declaring the whole job topology
 * before the channels start, and reading queue depths. Connects to the connector's broker ({@link BrokerConfig}).
 */
@ApplicationScoped
public class BrokerClient {

    private final RabbitMQClient client;
    private volatile boolean started;

    public BrokerClient(Vertx vertx, BrokerConfig broker) {
        RabbitMQOptions options = new RabbitMQOptions()
                .setHost(broker.host())
                .setPort(broker.port())
                .setUser(broker.username())
                .setPassword(broker.password())
                .setVirtualHost(broker.virtualHost())
                .setConnectionName("worker-service-admin")
                .setAutomaticRecoveryEnabled(true)
                .setReconnectAttempts(Integer.MAX_VALUE)
                .setReconnectInterval(2000);
        this.client = RabbitMQClient.create(vertx, options);
    }

    public synchronized void start() {
        if (!started) {
            client.startAndAwait();
            started = true;
        }
    }

    public void exchange(String name, String type) {
        client.exchangeDeclareAndAwait(name, type, true, false);
    }

    public void queue(String name, Map<String, Object> arguments) {
        client.queueDeclareAndAwait(name, true, false, false, new JsonObject(arguments));
    }

    public void bind(String queue, String exchange, String routingKey) {
        client.queueBindAndAwait(queue, exchange, routingKey);
    }

    public Uni<Long> messageCount(String queue) {
        return client.messageCount(queue);
    }

    public boolean isConnected() {
        return started && client.isConnected();
    }

    @PreDestroy
    void stop() {
        if (started) {
            client.stopAndAwait();
        }
    }
}
