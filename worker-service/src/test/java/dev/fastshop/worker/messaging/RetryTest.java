package dev.fastshop.worker.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.rabbitmq.client.GetResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.contracts.EmailJob;
import dev.fastshop.contracts.JobFailed;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.worker.support.GreenMailResource;
import dev.fastshop.worker.support.Mailbox;
import dev.fastshop.worker.support.RabbitExtension;
import dev.fastshop.worker.support.RabbitTestClient;
import dev.fastshop.worker.support.TestJobs;

/**
 * Transient failures for real: the SMTP server is stopped, so sending fails with a refused connection, and the job
 * goes through the delay queues (test backoff 200 ms, 1.5 s, 3 s: four attempts). A send that hangs fails after the
 * mailer's timeout (3 s in tests) and is retried the same way.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class RetryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int ATTEMPTS = 4;
    private static final byte[] INVOICE_PDF = "%PDF-1.7 retry test".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final RabbitExtension rabbit = new RabbitExtension();

    @Inject
    MeterRegistry registry;

    @AfterEach
    void smtpBack() {
        if (!GreenMailResource.smtp().isRunning()) {
            GreenMailResource.startServer();
        }
    }

    @Test
    void jobThatFailsIsRetriedWithBackoffAndThenSucceedsOnce() {
        String recipient = EmailJobTest.uniqueRecipient();
        EmailJob job = TestJobs.email(recipient, INVOICE_PDF);
        double retriedBefore = counter("fastshop.jobs.retried");
        double processedBefore = counter("fastshop.jobs.processed");
        GreenMailResource.stopServer();

        rabbit.client().publishJob(JobType.EMAIL.key(), job);

        // Two failed attempts; the third waits 1.5 s in the second delay queue while SMTP comes back.
        await().atMost(TIMEOUT).until(() -> counter("fastshop.jobs.retried") - retriedBefore >= 2);
        GreenMailResource.startServer();

        await().atMost(TIMEOUT).until(() -> Mailbox.messagesTo(recipient).size() == 1);
        await().atMost(TIMEOUT).until(() -> !rabbit.client().resultsFor(job.jobId()).isEmpty());
        assertEquals(Topology.completedKey(JobType.EMAIL), rabbit.client().resultsFor(job.jobId()).get(0).routingKey());
        // At least the two failures; a third if SMTP was not back when the third attempt came (a slow machine).
        assertTrue(counter("fastshop.jobs.retried") - retriedBefore >= 2);
        assertEquals(1, counter("fastshop.jobs.processed") - processedBefore);
        assertEquals(1, Mailbox.messagesTo(recipient).size(), "one email, however many attempts it took");
    }

    @Test
    void jobStillFailingAfterItsLastRetryIsReportedAndDeadLettered() {
        EmailJob job = TestJobs.email(EmailJobTest.uniqueRecipient(), INVOICE_PDF);
        double deadLetteredBefore = counter("fastshop.jobs.dead_lettered");
        GreenMailResource.stopServer();

        rabbit.client().publishJob(JobType.EMAIL.key(), job);

        RabbitTestClient.Result result = await().atMost(TIMEOUT)
                .until(() -> rabbit.client().resultsFor(job.jobId()), found -> !found.isEmpty()).get(0);
        assertEquals(Topology.failedKey(JobType.EMAIL), result.routingKey());
        JobFailed failed = result.as(JobFailed.class);
        assertEquals(ATTEMPTS, failed.attempts());
        assertTrue(failed.reason().startsWith("gave up after " + ATTEMPTS + " attempts"), failed.reason());

        GetResponse deadLetter = await().atMost(TIMEOUT).until(() -> deadLetterOf(job), found -> found != null);
        assertEquals(failed.reason(), RabbitTestClient.header(deadLetter, JobTopology.REASON_HEADER));
        assertEquals(Integer.toString(ATTEMPTS), RabbitTestClient.header(deadLetter, JobTopology.ATTEMPTS_HEADER));
        assertEquals(1, counter("fastshop.jobs.dead_lettered") - deadLetteredBefore);
    }

    private static GetResponse deadLetterOf(EmailJob job) {
        String marker = job.jobId().toString();
        return rabbit.client().drain(Topology.deadLetterQueue(JobType.EMAIL)).stream()
                .filter(message -> new String(message.getBody(), StandardCharsets.UTF_8).contains(marker))
                .findFirst().orElse(null);
    }

    private double counter(String name) {
        return registry.counter(name, "type", JobType.EMAIL.key()).count();
    }
}
