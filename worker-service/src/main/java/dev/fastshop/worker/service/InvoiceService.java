package dev.fastshop.worker.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.InvoiceJob;
import dev.fastshop.worker.config.WorkerConfig;

/** Invoice jobs: renders the PDF and returns it as the single artifact, within the configured size bound. */
@ApplicationScoped
public class InvoiceService implements JobHandler<InvoiceJob> {

    static final String PDF = "application/pdf";

    private final InvoicePdfRenderer renderer;
    private final int maxBytes;

    @Inject
    public InvoiceService(InvoicePdfRenderer renderer, WorkerConfig config) {
        this(renderer, config.invoiceMaxBytes());
    }

    InvoiceService(InvoicePdfRenderer renderer, int maxBytes) {
        this.renderer = renderer;
        this.maxBytes = maxBytes;
    }

    @Override
    public List<Attachment> handle(InvoiceJob job) {
        validate(job);
        byte[] pdf = renderer.render(job);
        if (pdf.length > maxBytes) {
            throw new PermanentJobException(
                    "invoice PDF is " + pdf.length + " bytes, over the limit of " + maxBytes + " bytes");
        }
        return List.of(Attachments.of("invoice-" + job.orderId() + ".pdf", PDF, pdf));
    }

    private static void validate(InvoiceJob job) {
        if (job.orderId() == null || job.orderedAt() == null) {
            throw new PermanentJobException("invoice job lacks orderId or orderedAt");
        }
        if (job.lines() == null || job.lines().isEmpty()) {
            throw new PermanentJobException("invoice job has no lines");
        }
        if (job.total() == null || job.currency() == null) {
            throw new PermanentJobException("invoice job lacks total or currency");
        }
    }
}
