package dev.fastshop.catalog.domain;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.fastshop.contracts.Money;

/** A product as served by the API and held in the cache. */
public record Product(long id, String sku, String name, String brand, String description, String category,
        Money price, int stock, JsonNode attributes, BigDecimal rating, JsonNode images, Instant createdAt,
        Instant updatedAt, long version) {

    /** The fields a client may select with {@code fields=}. */
    public static final java.util.Set<String> FIELDS = java.util.Set.of("id", "sku", "name", "brand", "description",
            "category", "price", "stock", "attributes", "rating", "images", "createdAt", "updatedAt", "version");
}
