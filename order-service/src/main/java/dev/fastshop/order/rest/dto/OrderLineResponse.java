package dev.fastshop.order.rest.dto;

import java.math.BigDecimal;

import dev.fastshop.order.domain.OrderLine;

public record OrderLineResponse(long productId, String sku, String name, BigDecimal unitPrice, int quantity,
        BigDecimal lineTotal) {

    static OrderLineResponse from(OrderLine line) {
        return new OrderLineResponse(line.productId(), line.sku(), line.name(), line.unitPrice(), line.quantity(),
                line.lineTotal());
    }
}
