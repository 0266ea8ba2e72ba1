package dev.fastshop.worker.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;

import dev.fastshop.contracts.JobCompleted;
import dev.fastshop.contracts.JobFailed;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;

/**
 * Publishes what becomes of a job — its outcome, a retry, a dead letter — and returns only once the broker has
 * confirmed the message (publisher confirms), so the caller may then acknowledge the job.
 */
@ApplicationScoped
public class JobOutcomePublisher {

    static final String JSON = "application/json";
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);
    private static final int PERSISTENT = 2;
    private static final int MAX_HEADER_CHARS = 1000;

    private final MutinyEmitter<byte[]> results;
    private final MutinyEmitter<byte[]> retries;
    private final MutinyEmitter<byte[]> deadLetters;
    private final ObjectMapper json;

    public JobOutcomePublisher(@Channel("job-results") MutinyEmitter<byte[]> results,
            @Channel("job-retries") MutinyEmitter<byte[]> retries,
            @Channel("job-dead-letters") MutinyEmitter<byte[]> deadLetters, ObjectMapper json) {
        this.results = results;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    public void completed(JobCompleted outcome) {
        send(results, Topology.completedKey(outcome.type()), serialize(outcome), JSON, Map.of());
    }

    public void failed(JobFailed outcome) {
        send(results, Topology.failedKey(outcome.type()), serialize(outcome), JSON, Map.of());
    }

    /** Parks the job in the delay queue for {@code delay}; it returns to the job queue when the TTL expires. */
    public void retry(JobType type, byte[] body, int attempts, String error, Duration delay) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(JobTopology.ATTEMPTS_HEADER, attempts);
        headers.put(JobTopology.LAST_ERROR_HEADER, bounded(error));
        send(retries, JobTopology.delayQueue(type, delay), body, JSON, headers);
    }

    /** Moves the job to its DLQ with the reason in the headers, for {@code ./fastshop dlq list|replay}. */
    public void deadLetter(JobType type, byte[] body, String contentType, int attempts, String reason) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(JobTopology.ATTEMPTS_HEADER, attempts);
        headers.put(JobTopology.REASON_HEADER, bounded(reason));
        headers.put(JobTopology.JOB_TYPE_HEADER, type.key());
        headers.put(JobTopology.FAILED_AT_HEADER, Instant.now().toString());
        send(deadLetters, type.key(), body, contentType, headers);
    }

    private static void send(MutinyEmitter<byte[]> emitter, String routingKey, byte[] body, String contentType,
            Map<String, Object> headers) {
        OutgoingRabbitMQMetadata metadata = new OutgoingRabbitMQMetadata.Builder()
                .withRoutingKey(routingKey)
                .withContentType(contentType)
                .withDeliveryMode(PERSISTENT)
                .withHeaders(headers)
                .build();
        emitter.sendMessage(Message.of(body, Metadata.of(metadata))).await().atMost(CONFIRM_TIMEOUT);
    }

    private byte[] serialize(Object outcome) {
        try {
            return json.writeValueAsBytes(outcome);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + outcome.getClass().getSimpleName(), e);
        }
    }

    private static String bounded(String text) {
        String value = text == null ? "unknown error" : text;
        return value.length() <= MAX_HEADER_CHARS ? value : value.substring(0, MAX_HEADER_CHARS);
    }
}
