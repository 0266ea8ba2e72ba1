package dev.fastshop.worker.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.contracts.InvoiceJob;
import dev.fastshop.contracts.InvoiceLine;
import dev.fastshop.worker.support.GreenMailResource;
import dev.fastshop.worker.support.TestJobs;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
class InvoicePdfRendererTest {

    private static final int MANY_LINES = 120;
    private static final String NON_LATIN_NAME = "Teekanne 急須 ☕";

    @Inject
    InvoicePdfRenderer renderer;

    @Test
    void sameJobRendersToTheSameBytes() {
        InvoiceJob job = TestJobs.invoice();

        assertArrayEquals(renderer.render(job), renderer.render(job));
    }

    @Test
    void longInvoiceFlowsOverSeveralPagesWithEveryLine() throws IOException {
        List<InvoiceLine> lines = new ArrayList<>();
        for (int i = 1; i <= MANY_LINES; i++) {
            lines.add(new InvoiceLine("SKU-" + i, "Item number " + i, 1, BigDecimal.ONE, BigDecimal.ONE));
        }
        InvoiceJob base = TestJobs.invoice();
        InvoiceJob job = new InvoiceJob(base.schemaVersion(), base.jobId(), base.orderId(), base.orderedAt(),
                base.customerEmail(), base.shippingAddress(), lines, base.subtotal(), base.taxRate(), base.tax(),
                base.total(), base.currency());

        try (PDDocument document = Loader.loadPDF(renderer.render(job))) {
            assertTrue(document.getNumberOfPages() > 1, "pages: " + document.getNumberOfPages());
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains("Item number 1\n") || text.contains("Item number 1 "), "first line");
            assertTrue(text.contains("Item number " + MANY_LINES), "last line");
            assertTrue(text.contains(TestJobs.TOTAL_TEXT), "total");
        }
    }

    @Test
    void charactersOutsideTheStandardFontsAreReplacedInsteadOfFailingTheJob() throws IOException {
        InvoiceJob base = TestJobs.invoice();
        InvoiceJob job = new InvoiceJob(base.schemaVersion(), base.jobId(), base.orderId(), base.orderedAt(),
                base.customerEmail(), base.shippingAddress(),
                List.of(new InvoiceLine("TEA-1", NON_LATIN_NAME, 1, BigDecimal.TEN, BigDecimal.TEN)),
                base.subtotal(), base.taxRate(), base.tax(), base.total(), base.currency());

        try (PDDocument document = Loader.loadPDF(renderer.render(job))) {
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains("Teekanne"), text);
            assertEquals(1, document.getNumberOfPages());
        }
    }
}
