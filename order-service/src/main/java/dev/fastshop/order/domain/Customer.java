package dev.fastshop.order.domain;

/** The authenticated caller: the JWT subject, and whether it may see every customer's orders. */
public record Customer(String id, boolean admin) {
}
