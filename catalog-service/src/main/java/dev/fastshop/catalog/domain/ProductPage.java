package dev.fastshop.catalog.domain;

import java.util.List;

/** One page of products and where the next one starts ({@code null} on the last page). */
public record ProductPage(List<Product> items, CursorPosition next) {
}
