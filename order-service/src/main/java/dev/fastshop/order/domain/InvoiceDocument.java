package dev.fastshop.order.domain;

/** The invoice PDF of an order as rendered by the worker. */
public record InvoiceDocument(byte[] content, String contentType, String sha256) {
}
