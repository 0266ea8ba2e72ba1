package dev.fastshop.order.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import io.vertx.core.json.JsonObject;

import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;

/**
 * Listens on the real broker (the order tests' vhost) through an exclusive queue bound to an exchange, and collects
 * what arrives, so tests can assert on what the relay actually published. Also publishes, standing in for the worker.
 */
public final class BrokerProbe implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private BrokerProbe(Connection connection, Channel channel) {
        this.connection = connection;
        this.channel = channel;
    }

    public static BrokerProbe connect() {
        Config config = ConfigProvider.getConfig();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.getValue("rabbitmq-host", String.class));
        factory.setPort(config.getValue("rabbitmq-port", Integer.class));
        factory.setUsername(config.getValue("rabbitmq-username", String.class));
        factory.setPassword(config.getValue("rabbitmq-password", String.class));
        factory.setVirtualHost(config.getValue("rabbitmq-virtual-host", String.class));
        try {
            Connection connection = factory.newConnection("order-service-test-probe");
            return new BrokerProbe(connection, connection.createChannel());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot reach the test broker", e);
        }
    }

    /** Starts collecting what is routed to the exchange with this key (declared by the relay or declared here). */
    public BrokerProbe listen(String exchange, String exchangeType, String routingKey) {
        try {
            channel.exchangeDeclare(exchange, exchangeType, true);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, exchange, routingKey);
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                        byte[] body) {
                    received.add(new Received(envelope.getExchange(), envelope.getRoutingKey(), properties,
                            new JsonObject(new String(body, StandardCharsets.UTF_8))));
                }
            });
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot listen on " + exchange, e);
        }
    }

    /**
     * Empties the job queues: no worker consumes them in the test vhost, so without this they would grow run after
     * run.
     */
    public static void purgeJobQueues() {
        try (BrokerProbe broker = connect()) {
            for (JobType type : List.of(JobType.INVOICE, JobType.EMAIL)) {
                broker.channel.queuePurge(Topology.jobQueue(type));
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot purge the job queues", e);
        }
    }

    public void publish(String exchange, String routingKey, JsonObject body) {
        try {
            channel.basicPublish(exchange, routingKey, new AMQP.BasicProperties.Builder()
                    .contentType("application/json").deliveryMode(2).build(), body.toBuffer().getBytes());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish to " + exchange, e);
        }
    }

    /** Messages received so far whose JSON field has the given value. */
    public List<Received> matching(String field, Object value) {
        return received.stream().filter(r -> String.valueOf(value).equals(String.valueOf(r.body().getValue(field))))
                .toList();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception ignored) {
            // The test is over; a broker that already dropped the connection changes nothing.
        }
    }

    public record Received(String exchange, String routingKey, AMQP.BasicProperties properties, JsonObject body) {
    }
}
