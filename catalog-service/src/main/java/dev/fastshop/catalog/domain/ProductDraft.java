package dev.fastshop.catalog.domain;

import java.math.BigDecimal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

/** The editable fields of a product, as an admin sends them (create, replace, and the result of a patch). */
public record ProductDraft(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' or '-'") String sku,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 100) String brand,
        @Size(max = 10_000) String description,
        @NotBlank @Size(max = 64) String category,
        @NotNull @Valid Price price,
        @NotNull @PositiveOrZero @Max(Product.MAX_STOCK) Integer stock,
        JsonNode attributes,
        @DecimalMin("0.0") @DecimalMax("5.0") @Digits(integer = 1, fraction = 1) BigDecimal rating) {

    public record Price(
            @NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal amount,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "an ISO 4217 code such as EUR") String currency) {
    }

    public static ProductDraft of(Product product) {
        return new ProductDraft(product.sku(), product.name(), product.brand(), product.description(),
                product.category(), new Price(product.price().amount(), product.price().currency()), product.stock(),
                product.attributes(), product.rating());
    }
}
