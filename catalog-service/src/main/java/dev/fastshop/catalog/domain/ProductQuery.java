package dev.fastshop.catalog.domain;

import java.math.BigDecimal;

/**
 * A validated, normalized product list request. {@link #filterKey()} identifies the result set independent of the
 * page: cursors are bound to it.
 */
public record ProductQuery(String q, String category, String brand, BigDecimal minPrice, BigDecimal maxPrice,
        boolean inStock, SortOrder sort, int limit, CursorPosition after) {

    public boolean hasText() {
        return q != null;
    }

    public String filterKey() {
        return String.join("|", nullSafe(q), nullSafe(category), nullSafe(brand),
                minPrice == null ? "" : minPrice.stripTrailingZeros().toPlainString(),
                maxPrice == null ? "" : maxPrice.stripTrailingZeros().toPlainString(), Boolean.toString(inStock),
                sort.param());
    }

    /** Identifies this exact page, for the page cache. */
    public String pageKey() {
        return filterKey() + "|" + limit + "|" + (after == null ? "" : after.toString());
    }

    private static String nullSafe(String value) {
        return value == null ? "" : value;
    }
}
