package dev.fastshop.order.rest.dto;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** One cart line: a product and how many of it. */
public record OrderLineRequest(@NotNull @Positive Long productId,
        @NotNull @Min(MIN_QUANTITY) @Max(MAX_QUANTITY) Integer quantity) {

    public static final int MIN_QUANTITY = 1;
    public static final int MAX_QUANTITY = 99;
}
