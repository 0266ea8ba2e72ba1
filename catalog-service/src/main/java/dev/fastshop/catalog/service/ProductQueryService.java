package dev.fastshop.catalog.service;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.fastshop.catalog.domain.Category;
import dev.fastshop.catalog.domain.Product;
import dev.fastshop.catalog.domain.ProductPage;
import dev.fastshop.catalog.domain.ProductQuery;
import dev.fastshop.catalog.repository.ProductRepository;
import dev.fastshop.commons.domain.DomainException;

/** Read side of the catalog: cached single products and pages, uncached batches, the category tree. */
@ApplicationScoped
public class ProductQueryService {

    private final ProductRepository repository;
    private final ProductCacheService cache;
    private final CategoryService categories;

    public ProductQueryService(ProductRepository repository, ProductCacheService cache, CategoryService categories) {
        this.repository = repository;
        this.cache = cache;
        this.categories = categories;
    }

    public Uni<Product> product(long id) {
        return cache.product(id, () -> repository.findById(id))
                .map(found -> found.orElseThrow(() -> DomainException.notFound("No product with id " + id)));
    }

    public Uni<ProductPage> page(ProductQuery query) {
        Uni<List<String>> slugs = query.category() == null
                ? Uni.createFrom().item(List.of())
                : categories.withDescendants(query.category());
        return slugs.flatMap(list -> {
            if (query.category() != null && list.isEmpty()) {
                // An unknown category matches nothing; no need to ask the database.
                return Uni.createFrom().item(new ProductPage(List.of(), null));
            }
            return cache.page(query.pageKey(), () -> repository.search(query, list));
        });
    }

    /**
     * Current products straight from PostgreSQL in one query: callers price carts with it, so it is never served from
     * a cache. Result order follows the request; unknown ids are absent.
     */
    public Uni<List<Product>> batch(List<Long> ids) {
        List<Long> distinct = List.copyOf(new LinkedHashSet<>(ids));
        return repository.findByIds(distinct).map(found -> {
            Map<Long, Product> byId = found.stream().collect(Collectors.toMap(Product::id, Function.identity()));
            return distinct.stream().filter(byId::containsKey).map(byId::get).toList();
        });
    }

    public Uni<List<Category>> categories() {
        return categories.tree();
    }
}
