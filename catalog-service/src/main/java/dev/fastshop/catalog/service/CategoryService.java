package dev.fastshop.catalog.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.fastshop.catalog.domain.Category;
import dev.fastshop.catalog.repository.CategoryRepository;
import dev.fastshop.catalog.repository.CategoryRepository.CategoryRow;

/**
 * The category tree is small reference data that changes with a migration, so every instance keeps it in memory and
 * reloads it once a minute.
 */
@ApplicationScoped
public class CategoryService {

    private static final Duration REFRESH = Duration.ofMinutes(1);

    private record Snapshot(List<Category> roots, Map<String, List<String>> subtree, long loadedAt) {
    }

    private final CategoryRepository repository;
    private final Uni<Snapshot> load;
    private volatile Snapshot snapshot;

    public CategoryService(CategoryRepository repository) {
        this.repository = repository;
        this.load = Uni.createFrom().deferred(repository::findAll).map(CategoryService::snapshotOf)
                .invoke(s -> snapshot = s)
                .memoize().until(() -> snapshot == null
                        || System.currentTimeMillis() - snapshot.loadedAt() > REFRESH.toMillis());
    }

    public Uni<List<Category>> tree() {
        return current().map(Snapshot::roots);
    }

    /** The slug itself and all its descendants; empty when the slug is unknown. */
    public Uni<List<String>> withDescendants(String slug) {
        return current().map(s -> s.subtree().getOrDefault(slug, List.of()));
    }

    private Uni<Snapshot> current() {
        Snapshot s = snapshot;
        if (s != null && System.currentTimeMillis() - s.loadedAt() <= REFRESH.toMillis()) {
            return Uni.createFrom().item(s);
        }
        return load;
    }

    private static Snapshot snapshotOf(List<CategoryRow> rows) {
        Map<String, List<CategoryRow>> children = new HashMap<>();
        for (CategoryRow row : rows) {
            children.computeIfAbsent(row.parentSlug(), k -> new ArrayList<>()).add(row);
        }
        Map<String, List<String>> subtree = new HashMap<>();
        for (CategoryRow row : rows) {
            List<String> slugs = new ArrayList<>();
            collect(row, children, slugs);
            subtree.put(row.slug(), List.copyOf(slugs));
        }
        List<Category> roots = children.getOrDefault(null, List.of()).stream().map(r -> node(r, children)).toList();
        return new Snapshot(roots, subtree, System.currentTimeMillis());
    }

    private static void collect(CategoryRow row, Map<String, List<CategoryRow>> children, List<String> into) {
        into.add(row.slug());
        children.getOrDefault(row.slug(), List.of()).forEach(c -> collect(c, children, into));
    }

    private static Category node(CategoryRow row, Map<String, List<CategoryRow>> children) {
        return new Category(row.slug(), row.name(),
                children.getOrDefault(row.slug(), List.of()).stream().map(c -> node(c, children)).toList());
    }
}
