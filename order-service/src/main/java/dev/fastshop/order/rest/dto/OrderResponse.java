package dev.fastshop.order.rest.dto;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import dev.fastshop.contracts.Address;
import dev.fastshop.order.domain.Order;
import dev.fastshop.order.domain.OrderStatus;
import dev.fastshop.order.rest.Links;

/** An order as the API shows it, with the progress of its jobs. */
public record OrderResponse(UUID id, String customerId, OrderStatus status, String email, Address shippingAddress,
        List<OrderLineResponse> lines, BigDecimal subtotal, BigDecimal tax, BigDecimal total, String currency,
        OffsetDateTime createdAt, OffsetDateTime updatedAt, JobsResponse jobs) {

    public static OrderResponse from(Order order, Links links) {
        return new OrderResponse(order.id(), order.customerId(), order.status(), order.email(),
                order.shippingAddress(), order.lines().stream().map(OrderLineResponse::from).toList(),
                order.subtotal(), order.tax(), order.total(), order.currency(), order.createdAt(), order.updatedAt(),
                JobsResponse.from(order, links));
    }
}
