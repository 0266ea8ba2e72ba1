package dev.fastshop.catalog.repository;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;

import dev.fastshop.catalog.domain.Product;

/** Admin writes of products through Hibernate Reactive; callers run them in a transaction. */
@ApplicationScoped
public class ProductEntityRepository implements PanacheRepository<ProductEntity> {

    /**
     * Adds {@code delta} to the stock in one guarded statement, so concurrent adjustments and reservations never
     * interleave a read and a write: 0 when the product is unknown, or the stock would drop below zero or rise above
     * {@link Product#MAX_STOCK} (a decrease is always allowed down to zero).
     */
    public Uni<Integer> adjustStock(long id, int delta) {
        return update("stock = stock + ?1, version = version + 1, updatedAt = ?2 where id = ?3 and stock + ?1 >= 0"
                + " and (?1 <= 0 or stock + ?1 <= ?4)", delta, OffsetDateTime.now(), id, Product.MAX_STOCK);
    }
}
