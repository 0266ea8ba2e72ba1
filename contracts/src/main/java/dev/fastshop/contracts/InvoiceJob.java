package dev.fastshop.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Render the invoice PDF of an order. Published by the order service, consumed by the worker, answered with a
 * {@link JobCompleted} carrying the PDF or a {@link JobFailed}.
 */
public record InvoiceJob(int schemaVersion, UUID jobId, UUID orderId, Instant orderedAt, String customerEmail,
        Address shippingAddress, List<InvoiceLine> lines, BigDecimal subtotal, BigDecimal taxRate, BigDecimal tax,
        BigDecimal total, String currency) {

    public static final int SCHEMA_VERSION = 1;
}
