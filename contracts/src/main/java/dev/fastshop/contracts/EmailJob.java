package dev.fastshop.contracts;

import java.math.BigDecimal;
import java.util.UUID;

/** Send the order confirmation email with the invoice attached. Published by the order service once the invoice is ready. */
public record EmailJob(int schemaVersion, UUID jobId, UUID orderId, String to, String customerName, BigDecimal total,
        String currency, Attachment invoice) {

    public static final int SCHEMA_VERSION = 1;
}
