package dev.fastshop.order.rest.dto;

import java.util.List;

import dev.fastshop.order.rest.Links;
import dev.fastshop.order.service.OrderQueryService;

/** A keyset page of orders; pass {@code nextCursor} back as {@code cursor} for the next page (null at the end). */
public record OrderPage(List<OrderResponse> items, String nextCursor) {

    public static OrderPage from(OrderQueryService.Page page, Links links) {
        return new OrderPage(page.orders().stream().map(order -> OrderResponse.from(order, links)).toList(),
                page.next() == null ? null : page.next().encode());
    }
}
