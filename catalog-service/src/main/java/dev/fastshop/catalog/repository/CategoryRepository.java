package dev.fastshop.catalog.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.fastshop.commons.sql.ReadReplicas;
import dev.fastshop.commons.sql.SqlStatements;

/** Reads the category tree as flat rows, from a replica when there is one. */
@ApplicationScoped
public class CategoryRepository {

    /** One row of the tree; {@code parentSlug} is null for a root. */
    public record CategoryRow(String slug, String name, String parentSlug) {
    }

    private final ReadReplicas replicas;

    public CategoryRepository(ReadReplicas replicas) {
        this.replicas = replicas;
    }

    public Uni<List<CategoryRow>> findAll() {
        return replicas.read(reader -> SqlStatements.query(reader, "SELECT c.slug, c.name, p.slug AS parent"
                + " FROM categories c LEFT JOIN categories p ON p.id = c.parent_id ORDER BY c.name"))
                .map(rows -> {
                    List<CategoryRow> result = new java.util.ArrayList<>();
                    rows.forEach(r -> result.add(
                            new CategoryRow(r.getString("slug"), r.getString("name"), r.getString("parent"))));
                    return result;
                });
    }
}
