package dev.fastshop.worker.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.contracts.EmailJob;
import dev.fastshop.contracts.JobCompleted;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.worker.support.GreenMailResource;
import dev.fastshop.worker.support.Mailbox;
import dev.fastshop.worker.support.RabbitExtension;
import dev.fastshop.worker.support.RabbitTestClient;
import dev.fastshop.worker.support.TestJobs;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
class EmailJobTest {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration NO_SECOND_EMAIL_WINDOW = Duration.ofSeconds(3);
    private static final byte[] INVOICE_PDF = "%PDF-1.7 test invoice".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final RabbitExtension rabbit = new RabbitExtension();

    @Test
    void confirmationEmailArrivesOnceWithHtmlTextAndTheInvoiceAttached() throws Exception {
        String recipient = uniqueRecipient();
        EmailJob job = TestJobs.email(recipient, INVOICE_PDF);

        rabbit.client().publishJob(JobType.EMAIL.key(), job);

        MimeMessage mail = await().atMost(DELIVERY_TIMEOUT)
                .until(() -> Mailbox.messagesTo(recipient), found -> !found.isEmpty())
                .get(0);
        assertEquals(1, Mailbox.messagesTo(recipient).size());
        assertTrue(mail.getSubject().contains(job.orderId().toString().substring(0, 8)), mail.getSubject());
        assertEquals("<order-confirmation." + job.orderId() + "@fastshop.dev>", mail.getMessageID());

        List<Part> parts = Mailbox.leaves(mail);
        String text = content(parts, "text/plain");
        String html = content(parts, "text/html");
        assertTrue(text.contains(TestJobs.TOTAL_TEXT), text);
        assertTrue(html.contains("<strong>" + TestJobs.TOTAL_TEXT + "</strong>"), html);
        Part attachment = parts.stream().filter(part -> "invoice.pdf".equals(fileName(part))).findFirst()
                .orElseThrow(() -> new AssertionError("no invoice.pdf attachment"));
        assertTrue(attachment.isMimeType("application/pdf"));
        try (InputStream in = attachment.getInputStream()) {
            assertArrayEquals(INVOICE_PDF, in.readAllBytes());
        }

        RabbitTestClient.Result result = await().atMost(DELIVERY_TIMEOUT)
                .until(() -> rabbit.client().resultsFor(job.jobId()), found -> !found.isEmpty()).get(0);
        assertEquals(Topology.completedKey(JobType.EMAIL), result.routingKey());
        JobCompleted completed = result.as(JobCompleted.class);
        assertEquals(job.orderId().toString(), completed.reference());
        assertTrue(completed.artifacts().isEmpty());
    }

    @Test
    void duplicateDeliveriesOfAJobSendNoSecondEmail() {
        String recipient = uniqueRecipient();
        EmailJob job = TestJobs.email(recipient, INVOICE_PDF);

        // The same job three times: concurrently (the outbox re-sent it) and after completion (a redelivery).
        rabbit.client().publishJob(JobType.EMAIL.key(), job);
        rabbit.client().publishJob(JobType.EMAIL.key(), job);
        await().atMost(DELIVERY_TIMEOUT).until(() -> Mailbox.messagesTo(recipient).size() == 1);
        rabbit.client().publishJob(JobType.EMAIL.key(), job);

        await().during(NO_SECOND_EMAIL_WINDOW).atMost(NO_SECOND_EMAIL_WINDOW.multipliedBy(2))
                .until(() -> Mailbox.messagesTo(recipient).size() == 1);
        assertEquals(0, rabbit.client().readyMessages(Topology.jobQueue(JobType.EMAIL)));
        assertEquals(1, rabbit.client().resultsFor(job.jobId()).size(), "one JobCompleted for one job id");
    }

    static String uniqueRecipient() {
        return "customer-" + UUID.randomUUID() + "@example.com";
    }

    private static String content(List<Part> parts, String mimeType) throws Exception {
        for (Part part : parts) {
            if (part.isMimeType(mimeType) && fileName(part) == null) {
                return part.getContent().toString();
            }
        }
        throw new AssertionError("no " + mimeType + " body");
    }

    private static String fileName(Part part) {
        try {
            return part.getFileName();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
