package dev.fastshop.order.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.fastshop.invoice.InvoicePdf;
import dev.fastshop.order.config.DiagnosticsConfig;
import dev.fastshop.order.config.OrderConfig;
import dev.fastshop.order.domain.Order;

/**
 * Diagnostics only ({@code fastshop.diagnostics.inline-invoice}): renders the invoice PDF inside the request, as a
 * shop without a worker would, so the benchmark can compare {@code POST /orders} with and without it. The bytes are
 * dropped; the invoice job is queued as always.
 */
@ApplicationScoped
public class InlineInvoiceService {

    private final InvoicePdf pdf;
    private final OutboxMessages messages;
    private final OrderConfig config;

    public InlineInvoiceService(DiagnosticsConfig diagnostics, OutboxMessages messages, OrderConfig config) {
        // The seller printed does not change the work; the worker prints the configured one.
        this.pdf = diagnostics.inlineInvoice() ? new InvoicePdf(new InvoicePdf.Seller("Fastshop", "", "")) : null;
        this.messages = messages;
        this.config = config;
    }

    /** Renders the order's invoice on a worker thread when the mode is on; nothing otherwise. */
    public Uni<Void> render(Order order) {
        if (pdf == null) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> pdf.render(messages.invoiceJob(order, config.taxRate())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .replaceWithVoid();
    }
}
