package dev.fastshop.catalog.rest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.fastshop.catalog.domain.CursorPosition;
import dev.fastshop.catalog.domain.Product;
import dev.fastshop.catalog.domain.ProductQuery;
import dev.fastshop.catalog.domain.SortOrder;
import dev.fastshop.catalog.service.CursorCodec;
import dev.fastshop.commons.json.ControlCharacters;
import dev.fastshop.commons.rest.Problem;
import dev.fastshop.commons.rest.ProblemException;

/**
 * Turns raw query parameters into a {@link ProductQuery}. Parameters arrive as strings so that a bad value is a 400
 * naming the parameter (all bad parameters at once), never a framework 404.
 */
final class ProductQueryParser {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final int MAX_TEXT = 200;
    private static final BigDecimal MAX_PRICE = new BigDecimal("9999999999.99");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final List<Problem.InvalidParam> invalid = new ArrayList<>();

    private ProductQueryParser() {
    }

    record Parsed(ProductQuery query, Set<String> fields) {
    }

    static Parsed parse(Map<String, String> raw, CursorCodec cursors) {
        return new ProductQueryParser().doParse(raw, cursors);
    }

    private Parsed doParse(Map<String, String> given, CursorCodec cursors) {
        Map<String, String> raw = withoutUnsafeText(given);
        String q = text(raw, "q", true);
        String category = text(raw, "category", false);
        String brand = text(raw, "brand", false);
        BigDecimal minPrice = price(raw, "minPrice");
        BigDecimal maxPrice = price(raw, "maxPrice");
        if (minPrice != null && maxPrice != null && minPrice.compareTo(maxPrice) > 0) {
            reject("maxPrice", "must not be below minPrice");
        }
        boolean inStock = bool(raw, "inStock");
        SortOrder sort = sort(raw, q != null);
        int limit = limit(raw);
        Set<String> fields = fields(raw);
        if (!invalid.isEmpty()) {
            throw failure();
        }
        ProductQuery query = new ProductQuery(q, category, brand, minPrice, maxPrice, inStock, sort, limit, null);
        String cursor = raw.get("cursor");
        if (cursor == null || cursor.isEmpty()) {
            return new Parsed(query, fields);
        }
        CursorPosition after = cursors.decode(cursor, query.filterKey());
        return new Parsed(new ProductQuery(q, category, brand, minPrice, maxPrice, inStock, sort, limit, after),
                fields);
    }

    /** Parses {@code fields=id,name}; null means every field. */
    static Set<String> fields(String value) {
        ProductQueryParser parser = new ProductQueryParser();
        Set<String> fields = parser
                .fields(parser.withoutUnsafeText(value == null ? Map.of() : Map.of("fields", value)));
        if (!parser.invalid.isEmpty()) {
            throw parser.failure();
        }
        return fields;
    }

    /** Rejects every parameter holding control characters (NUL reaching PostgreSQL was a 500) and drops it. */
    private Map<String, String> withoutUnsafeText(Map<String, String> raw) {
        Map<String, String> safe = new HashMap<>(raw);
        safe.entrySet().removeIf(parameter -> {
            boolean unsafe = ControlCharacters.in(parameter.getValue());
            if (unsafe) {
                reject(parameter.getKey(), ControlCharacters.REASON);
            }
            return unsafe;
        });
        return safe;
    }

    private String text(Map<String, String> raw, String name, boolean lowerCase) {
        String value = raw.get(name);
        if (value == null) {
            return null;
        }
        String normalized = WHITESPACE.matcher(value.strip()).replaceAll(" ");
        if (normalized.isEmpty()) {
            reject(name, "must not be blank");
            return null;
        }
        if (normalized.length() > MAX_TEXT) {
            reject(name, "must be at most " + MAX_TEXT + " characters");
            return null;
        }
        return lowerCase ? normalized.toLowerCase(Locale.ROOT) : normalized;
    }

    private BigDecimal price(Map<String, String> raw, String name) {
        String value = raw.get(name);
        if (value == null) {
            return null;
        }
        try {
            BigDecimal price = new BigDecimal(value.strip());
            if (price.signum() < 0 || price.compareTo(MAX_PRICE) > 0 || price.scale() > 2) {
                reject(name, "must be an amount between 0 and " + MAX_PRICE + " with at most 2 decimals");
                return null;
            }
            return price;
        } catch (NumberFormatException e) {
            reject(name, "must be a decimal amount such as 19.99");
            return null;
        }
    }

    private boolean bool(Map<String, String> raw, String name) {
        String value = raw.get(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        reject(name, "must be true or false");
        return false;
    }

    private SortOrder sort(Map<String, String> raw, boolean hasText) {
        String value = raw.get("sort");
        if (value == null) {
            return hasText ? SortOrder.RELEVANCE : SortOrder.NEWEST;
        }
        SortOrder sort = SortOrder.fromParam(value).orElse(null);
        if (sort == null) {
            reject("sort", "must be one of relevance, price, -price, newest");
            return SortOrder.NEWEST;
        }
        if (sort == SortOrder.RELEVANCE && !hasText) {
            reject("sort", "relevance needs a search text in q");
        }
        return sort;
    }

    private int limit(Map<String, String> raw) {
        String value = raw.get("limit");
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below with the same message as an out-of-range number
        }
        reject("limit", "must be an integer from 1 to " + MAX_LIMIT);
        return DEFAULT_LIMIT;
    }

    private Set<String> fields(Map<String, String> raw) {
        String value = raw.get("fields");
        if (value == null) {
            return null;
        }
        Set<String> fields = new LinkedHashSet<>();
        for (String field : Arrays.asList(value.split(",", -1))) {
            String name = field.strip();
            if (!Product.FIELDS.contains(name)) {
                reject("fields", "unknown field '" + name + "'; known: " + String.join(",", Product.FIELDS.stream()
                        .sorted().toList()));
                return null;
            }
            fields.add(name);
        }
        return fields;
    }

    private void reject(String name, String reason) {
        invalid.add(new Problem.InvalidParam(name, reason));
    }

    private ProblemException failure() {
        if (invalid.size() == 1) {
            return ProblemException.badParameter(invalid.get(0).name(), invalid.get(0).reason());
        }
        return new ProblemException(400, "Bad Request", invalid.size() + " parameters are invalid: "
                + String.join(", ", invalid.stream().map(Problem.InvalidParam::name).toList()), invalid, Map.of());
    }
}
