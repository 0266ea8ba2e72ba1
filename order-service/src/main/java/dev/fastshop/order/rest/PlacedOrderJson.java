package dev.fastshop.order.rest;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fastshop.order.domain.Order;
import dev.fastshop.order.domain.RecordedResponse;
import dev.fastshop.order.rest.dto.OrderResponse;
import dev.fastshop.order.service.PlacedOrderResponse;

/**
 * The stored 201 body of a new order. It has no link yet (the invoice is pending), so it is the same whichever
 * prefix a replay arrives through.
 */
@ApplicationScoped
public class PlacedOrderJson implements PlacedOrderResponse {

    private static final int CREATED = 201;

    private final ObjectMapper mapper;

    public PlacedOrderJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public RecordedResponse render(Order order) {
        try {
            return new RecordedResponse(CREATED, Links.DIRECT.order(order.id()),
                    mapper.writeValueAsString(OrderResponse.from(order, Links.DIRECT)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response records always serialize", e);
        }
    }
}
