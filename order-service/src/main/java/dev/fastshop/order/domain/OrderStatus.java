package dev.fastshop.order.domain;

/** Life cycle of an order; only the states before shipping can be cancelled. */
public enum OrderStatus {
    PLACED, CANCELLED, SHIPPED
}
