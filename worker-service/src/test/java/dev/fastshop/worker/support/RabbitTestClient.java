package dev.fastshop.worker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.GetResponse;

import dev.fastshop.contracts.Topology;

/**
 * Plays the publishers (order, catalog) and the result consumers against the worker's vhost with the plain AMQP
 * client: publishes jobs like the outbox does and collects every job result the worker publishes.
 */
public final class RabbitTestClient implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Connection connection;
    private final Channel channel;
    private final List<Result> results = new CopyOnWriteArrayList<>();

    /** A message the worker published to {@code fastshop.job-results}. */
    public record Result(String routingKey, String contentType, byte[] body) {

        public <T> T as(Class<T> type) {
            try {
                return JSON.readValue(body, type);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Connects with the worker's own settings (inside a {@code @QuarkusTest}). */
    public RabbitTestClient() {
        this(ConfigProvider.getConfig());
    }

    private RabbitTestClient(Config config) {
        this(config.getOptionalValue("rabbitmq-host", String.class).orElse("localhost"),
                config.getOptionalValue("rabbitmq-port", Integer.class).orElse(5672),
                config.getOptionalValue("rabbitmq-username", String.class).orElse("guest"),
                config.getOptionalValue("rabbitmq-password", String.class).orElse("guest"),
                config.getOptionalValue("rabbitmq-virtual-host", String.class).orElse("/"));
    }

    public RabbitTestClient(String host, int port, String username, String password, String virtualHost) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        try {
            connection = factory.newConnection("worker-service-tests");
            channel = connection.createChannel();
            channel.confirmSelect();
            channel.exchangeDeclare(Topology.JOB_RESULTS_EXCHANGE, BuiltinExchangeType.TOPIC, true);
            String queue = channel.queueDeclare("worker-tests.results." + UUID.randomUUID(), false, true, true, null)
                    .getQueue();
            channel.queueBind(queue, Topology.JOB_RESULTS_EXCHANGE, "job.#");
            DeliverCallback collect = (tag, delivery) -> results.add(new Result(delivery.getEnvelope().getRoutingKey(),
                    delivery.getProperties().getContentType(), delivery.getBody()));
            channel.basicConsume(queue, true, collect, tag -> {
            });
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to RabbitMQ for the tests", e);
        }
    }

    public void publishJob(String routingKey, Object job) {
        try {
            publishRaw(routingKey, JSON.writeValueAsBytes(job));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void publishRaw(String routingKey, byte[] body) {
        try {
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).build();
            channel.basicPublish(Topology.JOBS_EXCHANGE, routingKey, true, properties, body);
            channel.waitForConfirmsOrDie(5000);
        } catch (IOException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot publish a test job", e);
        }
    }

    /** Every result published so far for a job id (matched on the serialized {@code jobId}). */
    public List<Result> resultsFor(UUID jobId) {
        String marker = "\"jobId\":\"" + jobId + "\"";
        List<Result> matching = new ArrayList<>();
        for (Result result : results) {
            if (new String(result.body(), java.nio.charset.StandardCharsets.UTF_8).contains(marker)) {
                matching.add(result);
            }
        }
        return matching;
    }

    /** Takes (and acknowledges) every message currently in a queue. */
    public synchronized List<GetResponse> drain(String queue) {
        List<GetResponse> messages = new ArrayList<>();
        try {
            GetResponse response;
            while ((response = channel.basicGet(queue, true)) != null) {
                messages.add(response);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }

    public synchronized long readyMessages(String queue) {
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String header(GetResponse message, String name) {
        Map<String, Object> headers = message.getProps().getHeaders();
        Object value = headers == null ? null : headers.get(name);
        return value == null ? null : value.toString();
    }

    @Override
    public void close() throws IOException, TimeoutException {
        connection.close();
    }
}
