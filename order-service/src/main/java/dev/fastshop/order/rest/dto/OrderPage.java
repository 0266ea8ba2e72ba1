package dev.fastshop.order.rest.dto;

import java.util.List;

/** A keyset page of orders; pass {@code nextCursor} back as {@code cursor} for the next page (null at the end). */
public record OrderPage(List<OrderResponse> items, String nextCursor) {
}
