package dev.fastshop.catalog.domain;

import java.util.List;

/** A node of the category tree. */
public record Category(String slug, String name, List<Category> children) {
}
