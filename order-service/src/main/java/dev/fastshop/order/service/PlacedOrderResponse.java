package dev.fastshop.order.service;

import dev.fastshop.order.domain.Order;
import dev.fastshop.order.domain.RecordedResponse;

/**
 * The answer to {@code POST /orders} for a new order. Rendered by the API layer, which owns the representation; the
 * service stores it with the Idempotency-Key in the order's own statement, so a replay answers the same bytes.
 */
public interface PlacedOrderResponse {

    RecordedResponse render(Order order);
}
