package dev.fastshop.order.domain;

import java.util.List;

import dev.fastshop.contracts.Address;

/** What a customer asks to buy: the cart's lines, where to send the confirmation, where to ship. */
public record PlaceOrder(List<Line> lines, String email, Address shippingAddress) {

    public record Line(long productId, int quantity) {
    }
}
