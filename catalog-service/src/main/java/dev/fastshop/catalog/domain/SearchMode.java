package dev.fastshop.catalog.domain;

/** How {@code q} matched: full-text first, trigram similarity on the name when full-text finds nothing. */
public enum SearchMode {
    NONE, FULL_TEXT, TRIGRAM
}
