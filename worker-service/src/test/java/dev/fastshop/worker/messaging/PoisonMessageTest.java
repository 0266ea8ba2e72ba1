package dev.fastshop.worker.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.rabbitmq.client.GetResponse;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.contracts.InvoiceJob;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.worker.support.GreenMailResource;
import dev.fastshop.worker.support.RabbitExtension;
import dev.fastshop.worker.support.RabbitTestClient;
import dev.fastshop.worker.support.TestJobs;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
class PoisonMessageTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @RegisterExtension
    static final RabbitExtension rabbit = new RabbitExtension();

    @Test
    void unparsableMessageGoesStraightToTheDeadLetterQueueWhileTheNextJobIsProcessed() {
        byte[] poison = ("{\"schemaVersion\":1,\"jobId\":\"not-a-uuid\",\"lines\":[ poison "
                + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        InvoiceJob next = TestJobs.invoice();

        rabbit.client().publishRaw(JobType.INVOICE.key(), poison);
        rabbit.client().publishJob(JobType.INVOICE.key(), next);

        await().atMost(TIMEOUT).until(() -> !rabbit.client().resultsFor(next.jobId()).isEmpty());
        assertEquals(Topology.completedKey(JobType.INVOICE),
                rabbit.client().resultsFor(next.jobId()).get(0).routingKey());

        GetResponse deadLetter = await().atMost(TIMEOUT).until(
                () -> rabbit.client().drain(Topology.deadLetterQueue(JobType.INVOICE)).stream()
                        .filter(message -> Arrays.equals(poison, message.getBody())).findFirst().orElse(null),
                found -> found != null);
        String reason = RabbitTestClient.header(deadLetter, JobTopology.REASON_HEADER);
        assertTrue(reason.startsWith("unparsable invoice job"), reason);
        assertEquals("0", RabbitTestClient.header(deadLetter, JobTopology.ATTEMPTS_HEADER));
    }
}
