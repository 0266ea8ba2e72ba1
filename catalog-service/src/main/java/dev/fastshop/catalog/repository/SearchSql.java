package dev.fastshop.catalog.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.catalog.domain.CursorPosition;
import dev.fastshop.catalog.domain.ProductQuery;
import dev.fastshop.catalog.domain.SearchMode;

/**
 * Builds the keyset query of a product page. Filters become bound parameters, never concatenated text; the sort key
 * and the id tie-breaker compare as a row value so PostgreSQL walks the matching (key, id) btree index.
 * <p>
 * Ranked search ranks a window of at most {@code rankWindow} matches, not every match: a broad term ('black' matches
 * one product in eight) would otherwise fetch and rank a hundred thousand rows to keep twenty. Every page of one
 * query ranks the same window (the first matches in storage order), so its cursor stays consistent.
 */
record SearchSql(String text, Tuple params) {

    private static final String TSQUERY = "websearch_to_tsquery('english', $1)";
    private static final Pattern PLAIN_WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    static SearchSql build(ProductQuery query, List<String> categories, SearchMode mode, int rankWindow) {
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        String rank = "0::real";
        if (mode == SearchMode.FULL_TEXT || mode == SearchMode.ANY_WORD) {
            params.add(mode == SearchMode.ANY_WORD ? anyWord(query.q()).orElse(query.q()) : query.q());
            where.add("p.search @@ " + TSQUERY);
            rank = "ts_rank_cd(p.search, " + TSQUERY + ")";
        } else if (mode == SearchMode.TRIGRAM) {
            params.add(query.q());
            where.add("$1 <% p.name");
            rank = "word_similarity($1, p.name)";
        }
        if (categories.size() == 1) {
            // Equality (not ANY) lets the planner use the (category, sort key, id) indexes.
            params.add(categories.get(0));
            where.add("p.category = $" + params.size());
        } else if (!categories.isEmpty()) {
            params.add(categories.toArray(String[]::new));
            where.add("p.category = ANY($" + params.size() + ")");
        }
        if (query.brand() != null) {
            params.add(query.brand());
            where.add("p.brand = $" + params.size());
        }
        if (query.minPrice() != null) {
            params.add(query.minPrice());
            where.add("p.price >= $" + params.size());
        }
        if (query.maxPrice() != null) {
            params.add(query.maxPrice());
            where.add("p.price <= $" + params.size());
        }
        if (query.inStock()) {
            where.add("p.stock > 0");
        }
        CursorPosition after = query.after();
        String order;
        switch (query.sort()) {
            case RELEVANCE -> {
                if (mode != SearchMode.NONE) {
                    return ranked(query, where, params, rank, rankWindow);
                }
                order = "p.id ASC";
                if (after != null) {
                    params.add(after.id());
                    where.add("p.id > $" + params.size());
                }
            }
            case PRICE -> {
                order = "p.price ASC, p.id ASC";
                keyset(after, params, where, "p.price", ">", after == null ? null : new BigDecimal(after.key()));
            }
            case PRICE_DESC -> {
                order = "p.price DESC, p.id DESC";
                keyset(after, params, where, "p.price", "<", after == null ? null : new BigDecimal(after.key()));
            }
            case NEWEST -> {
                order = "p.created_at DESC, p.id DESC";
                keyset(after, params, where, "p.created_at", "<",
                        after == null ? null : ProductRepository.offset(Instant.parse(after.key())));
            }
            default -> throw new IllegalArgumentException("Unknown sort " + query.sort());
        }
        params.add(query.limit() + 1);
        String sql = "SELECT " + ProductRepository.COLUMNS + ", " + rank + " AS rank FROM products p"
                + where(where) + " ORDER BY " + order + " LIMIT $" + params.size();
        return new SearchSql(sql, Tuple.from(params));
    }

    /** The window of matches is filtered first and ranked once; the cursor applies to the ranked window. */
    private static SearchSql ranked(ProductQuery query, List<String> filters, List<Object> params, String rank,
            int rankWindow) {
        params.add(rankWindow);
        String window = "SELECT p.*, " + rank + " AS rank FROM products p" + where(filters) + " LIMIT $"
                + params.size();
        List<String> keyset = new ArrayList<>();
        CursorPosition after = query.after();
        if (after != null) {
            params.add(Float.parseFloat(after.key()));
            params.add(after.id());
            int k = params.size() - 1;
            keyset.add("(p.rank < $" + k + " OR (p.rank = $" + k + " AND p.id > $" + (k + 1) + "))");
        }
        params.add(query.limit() + 1);
        String sql = "SELECT " + ProductRepository.COLUMNS + ", p.rank FROM (" + window + ") p" + where(keyset)
                + " ORDER BY p.rank DESC, p.id ASC LIMIT $" + params.size();
        return new SearchSql(sql, Tuple.from(params));
    }

    /**
     * {@code lumen floor lamp} → {@code lumen or floor or lamp} in web-search syntax; empty unless {@code q} is two
     * or more plain words (quotes and {@code -} exclusions keep their meaning: no any-word retry for them).
     */
    static Optional<String> anyWord(String q) {
        String[] words = q.trim().split("\\s+");
        if (words.length < 2) {
            return Optional.empty();
        }
        for (String word : words) {
            if (!PLAIN_WORD.matcher(word).matches() || word.equalsIgnoreCase("or")) {
                return Optional.empty();
            }
        }
        return Optional.of(String.join(" or ", words));
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void keyset(CursorPosition after, List<Object> params, List<String> where, String column,
            String operator, Object key) {
        if (after == null) {
            return;
        }
        params.add(key);
        params.add(after.id());
        where.add("(" + column + ", p.id) " + operator + " ($" + (params.size() - 1) + ", $" + params.size() + ")");
    }
}
