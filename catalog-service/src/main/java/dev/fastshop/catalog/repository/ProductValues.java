package dev.fastshop.catalog.repository;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.mutiny.sqlclient.Tuple;

/** The editable columns of a product, in the parameter order of the insert and update statements. */
public record ProductValues(String sku, String name, String brand, String description, String category,
        BigDecimal price, String currency, int stock, JsonNode attributes, BigDecimal rating) {

    Tuple tuple() {
        return Tuple.tuple()
                .addString(sku)
                .addString(name)
                .addString(brand)
                .addString(description)
                .addString(category)
                .addBigDecimal(price)
                .addString(currency)
                .addInteger(stock)
                .addString(attributes.toString())
                .addBigDecimal(rating);
    }
}
