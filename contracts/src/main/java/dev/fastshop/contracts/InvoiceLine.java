package dev.fastshop.contracts;

import java.math.BigDecimal;

/** One line of an invoice: snapshot of the product at order time. */
public record InvoiceLine(String sku, String name, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {
}
