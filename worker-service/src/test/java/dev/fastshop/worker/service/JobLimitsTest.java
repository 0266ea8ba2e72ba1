package dev.fastshop.worker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.ImageJob;
import dev.fastshop.contracts.InvoiceJob;
import dev.fastshop.worker.support.GreenMailResource;
import dev.fastshop.worker.support.TestJobs;

/** The bounds that turn a job into a permanent failure with a reason instead of a huge message or an OOM. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class JobLimitsTest {

    private static final int TINY_PDF_LIMIT = 1024;
    private static final long TINY_PIXEL_LIMIT = 100 * 100;
    private static final long PRODUCT_ID = 1;

    @Inject
    InvoicePdfRenderer renderer;

    @Test
    void invoiceOverTheSizeBoundFailsWithItsSizeInTheReason() {
        InvoiceService invoices = new InvoiceService(renderer, TINY_PDF_LIMIT);
        InvoiceJob job = TestJobs.invoice();

        PermanentJobException failure = assertThrows(PermanentJobException.class, () -> invoices.handle(job));

        assertTrue(failure.getMessage().matches("invoice PDF is \\d+ bytes, over the limit of 1024 bytes"),
                failure.getMessage());
    }

    @Test
    void invoiceWithinTheBoundIsOnePdfArtifact() {
        InvoiceService invoices = new InvoiceService(renderer, 1024 * 1024);
        InvoiceJob job = TestJobs.invoice();

        List<Attachment> artifacts = invoices.handle(job);

        assertEquals(1, artifacts.size());
        assertEquals("invoice-" + job.orderId() + ".pdf", artifacts.get(0).name());
    }

    @Test
    void imageOverThePixelBoundIsRefusedBeforeDecoding() {
        ImageService images = new ImageService(TINY_PIXEL_LIMIT);
        ImageJob job = TestJobs.image(PRODUCT_ID, TestJobs.picture(200, 100, "png"), "image/png");

        PermanentJobException failure = assertThrows(PermanentJobException.class, () -> images.handle(job));

        assertEquals("image has 20000 pixels, over the limit of 10000", failure.getMessage());
    }

    @Test
    void thumbnailSizeOutsideTheAllowedRangeFailsTheJob() {
        ImageService images = new ImageService(TINY_PIXEL_LIMIT);
        ImageJob base = TestJobs.image(PRODUCT_ID, TestJobs.picture(50, 50, "png"), "image/png");
        ImageJob job = new ImageJob(base.schemaVersion(), base.jobId(), PRODUCT_ID, base.original(),
                List.of(128, 4096));

        PermanentJobException failure = assertThrows(PermanentJobException.class, () -> images.handle(job));

        assertEquals("thumbnail size 4096 is outside 16..2048 px", failure.getMessage());
    }
}
