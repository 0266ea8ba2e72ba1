package dev.fastshop.catalog.domain;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.fastshop.contracts.Money;

/** A product as served by the API and held in the cache. */
public record Product(long id, String sku, String name, String brand, String description, String category,
        Money price, int stock, JsonNode attributes, BigDecimal rating, JsonNode images, Instant createdAt,
        Instant updatedAt, long version) {

    /**
     * The most stock the API sets or adjusts to. Well inside PostgreSQL's {@code integer} (2147483647): stock plus
     * any delta the API accepts (at most this much either way) cannot overflow it, and releases have headroom.
     */
    public static final int MAX_STOCK = 1_000_000_000;

    /** The fields a client may select with {@code fields=}. */
    public static final java.util.Set<String> FIELDS = java.util.Set.of("id", "sku", "name", "brand", "description",
            "category", "price", "stock", "attributes", "rating", "images", "createdAt", "updatedAt", "version");

    public Product withImages(JsonNode newImages) {
        return new Product(id, sku, name, brand, description, category, price, stock, attributes, rating, newImages,
                createdAt, updatedAt, version);
    }
}
