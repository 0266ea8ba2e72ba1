package dev.fastshop.gateway.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/** The storefront's landing data in one response: featured products and the category tree, as the catalog gives them. */
@Schema(description = "Featured products and categories, fetched from the catalog in parallel and cached briefly")
public record StorefrontHome(
        @Schema(description = "Catalog products (same JSON as GET /api/catalog/products items)") JsonNode featured,
        @Schema(description = "Catalog categories (same JSON as GET /api/catalog/categories)") JsonNode categories) {
}
