package dev.fastshop.worker.service;

import java.math.BigDecimal;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

import dev.fastshop.contracts.InvoiceJob;
import dev.fastshop.invoice.InvoicePdf;
import dev.fastshop.worker.config.WorkerConfig;

/**
 * The invoice renderer of the shared {@code invoice-pdf} module, with the seller from this worker's config. Started
 * eagerly: the renderer's first font lookup scans the system fonts, which belongs to startup, not to the first job.
 */
@Startup
@ApplicationScoped
public class InvoicePdfRenderer {

    private final InvoicePdf pdf;

    public InvoicePdfRenderer(WorkerConfig config) {
        WorkerConfig.Seller seller = config.seller();
        this.pdf = new InvoicePdf(new InvoicePdf.Seller(seller.name(), seller.address(), seller.vatId()));
    }

    public byte[] render(InvoiceJob job) {
        return pdf.render(job);
    }

    static String money(BigDecimal amount) {
        return InvoicePdf.money(amount);
    }
}
