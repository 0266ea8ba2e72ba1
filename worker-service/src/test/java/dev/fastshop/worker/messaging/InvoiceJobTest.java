package dev.fastshop.worker.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.InvoiceJob;
import dev.fastshop.contracts.JobCompleted;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.worker.support.GreenMailResource;
import dev.fastshop.worker.support.RabbitExtension;
import dev.fastshop.worker.support.RabbitTestClient;
import dev.fastshop.worker.support.TestJobs;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
class InvoiceJobTest {

    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(15);

    @RegisterExtension
    static final RabbitExtension rabbit = new RabbitExtension();

    @Test
    void invoiceJobIsAnsweredWithAParsablePdfThatShowsTheOrderTotal() throws IOException {
        InvoiceJob job = TestJobs.invoice();

        rabbit.client().publishJob(JobType.INVOICE.key(), job);

        List<RabbitTestClient.Result> results = await().atMost(RESULT_TIMEOUT)
                .until(() -> rabbit.client().resultsFor(job.jobId()), found -> !found.isEmpty());
        RabbitTestClient.Result result = results.get(0);
        assertEquals(Topology.completedKey(JobType.INVOICE), result.routingKey());
        assertEquals("application/json", result.contentType());
        JobCompleted completed = result.as(JobCompleted.class);
        assertEquals(JobCompleted.SCHEMA_VERSION, completed.schemaVersion());
        assertEquals(JobType.INVOICE, completed.type());
        assertEquals(job.orderId().toString(), completed.reference());
        assertEquals(1, completed.artifacts().size());

        Attachment pdf = completed.artifacts().get(0);
        assertEquals("application/pdf", pdf.contentType());
        assertEquals(sha256(pdf.content()), pdf.sha256());
        try (PDDocument document = Loader.loadPDF(pdf.content())) {
            String text = new PDFTextStripper().getText(document);
            for (String expected : List.of("INVOICE", job.orderId().toString(), TestJobs.TOTAL_TEXT,
                    "Mechanical keyboard", "Ada Lovelace", "2026-11-26")) {
                assertTrue(text.contains(expected), () -> "invoice text lacks '" + expected + "':\n" + text);
            }
        }
    }

    private static String sha256(byte[] content) throws IOException {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
