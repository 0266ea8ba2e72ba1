package dev.fastshop.order.domain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import dev.fastshop.contracts.Address;

/** An order with its lines and the progress of its invoice and confirmation email jobs. */
public record Order(UUID id, String customerId, OrderStatus status, String email, Address shippingAddress,
        List<OrderLine> lines, BigDecimal subtotal, BigDecimal tax, BigDecimal total, String currency,
        OffsetDateTime createdAt, OffsetDateTime updatedAt, OrderJob invoiceJob, OrderJob emailJob) {

    public boolean cancellable() {
        return status == OrderStatus.PLACED;
    }
}
