package dev.fastshop.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Domain event: an order was accepted. */
public record OrderPlaced(int schemaVersion, UUID orderId, String customerId, BigDecimal total, String currency,
        int itemCount, Instant placedAt) {

    public static final int SCHEMA_VERSION = 1;
}
