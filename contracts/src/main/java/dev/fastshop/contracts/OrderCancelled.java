package dev.fastshop.contracts;

import java.time.Instant;
import java.util.UUID;

/** Domain event: an order was cancelled and its stock reservation released. */
public record OrderCancelled(int schemaVersion, UUID orderId, String customerId, Instant cancelledAt) {

    public static final int SCHEMA_VERSION = 1;
}
