package dev.fastshop.catalog.domain;

/**
 * Where the previous page ended: the search mode, the sort key of the last row (as text: a price, an instant or a
 * rank) and its id.
 */
public record CursorPosition(SearchMode mode, String key, long id) {
}
