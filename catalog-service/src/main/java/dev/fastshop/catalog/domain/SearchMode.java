package dev.fastshop.catalog.domain;

/**
 * How {@code q} matched, tried in this order until one finds something: every word (full-text), any of the words
 * (full-text, ranked so that products with more of them come first; only for two or more plain words), trigram
 * similarity on the name (typo tolerance).
 */
public enum SearchMode {
    NONE, FULL_TEXT, ANY_WORD, TRIGRAM
}
