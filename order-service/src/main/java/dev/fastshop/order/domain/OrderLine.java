package dev.fastshop.order.domain;

import java.math.BigDecimal;

/** A line of an order: the product's sku, name and price as they were when the order was placed. */
public record OrderLine(long productId, String sku, String name, BigDecimal unitPrice, int quantity) {

    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
