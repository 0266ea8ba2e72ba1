package dev.fastshop.catalog.domain;

import java.util.Arrays;
import java.util.Optional;

/** Orders of a product list; each ends with the id so that keyset pagination has a total order. */
public enum SortOrder {
    RELEVANCE("relevance"), PRICE("price"), PRICE_DESC("-price"), NEWEST("newest");

    private final String param;

    SortOrder(String param) {
        this.param = param;
    }

    public String param() {
        return param;
    }

    public static Optional<SortOrder> fromParam(String value) {
        return Arrays.stream(values()).filter(s -> s.param.equals(value)).findFirst();
    }
}
