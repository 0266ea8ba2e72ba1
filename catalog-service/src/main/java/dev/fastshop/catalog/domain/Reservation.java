package dev.fastshop.catalog.domain;

import java.util.List;
import java.util.UUID;

/** Stock held for an order: all lines or none. */
public record Reservation(UUID orderId, String status, List<Line> lines) {

    public static final String RESERVED = "RESERVED";

    public record Line(long productId, int quantity) {
    }
}
