package dev.fastshop.order.rest.dto;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.fastshop.order.domain.PlaceOrder;

/** Body of {@code POST /orders}. Unknown fields are rejected (strict parsing). */
public record PlaceOrderRequest(
        @NotNull @Size(min = 1, max = MAX_LINES) List<@NotNull @Valid OrderLineRequest> lines,
        @NotBlank @Email @Size(max = 254) String email,
        @NotNull @Valid ShippingAddressRequest shippingAddress) {

    public static final int MAX_LINES = 50;

    public PlaceOrder toCommand() {
        return new PlaceOrder(lines.stream().map(line -> new PlaceOrder.Line(line.productId(), line.quantity()))
                .toList(), email, shippingAddress.toAddress());
    }
}
