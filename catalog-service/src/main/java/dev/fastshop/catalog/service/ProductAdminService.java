package dev.fastshop.catalog.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.ConstraintViolationException.ConstraintKind;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.fastshop.catalog.domain.Product;
import dev.fastshop.catalog.domain.ProductDraft;
import dev.fastshop.catalog.repository.ProductEntity;
import dev.fastshop.catalog.repository.ProductEntityRepository;
import dev.fastshop.catalog.repository.ProductRepository;
import dev.fastshop.catalog.repository.SqlStates;
import dev.fastshop.commons.domain.DomainException;

/**
 * Admin writes, through Hibernate Reactive: each runs in one transaction, {@code version} is the optimistic lock.
 * Each successful write goes through to the cache (the product key holds the new version at once) and announces
 * {@code product.changed} so that other instances drop their local copy.
 */
@ApplicationScoped
public class ProductAdminService {

    private final ProductEntityRepository entities;
    private final ProductRepository repository;
    private final ProductCacheService cache;
    private final ProductEvents events;
    private final Validator validator;

    public ProductAdminService(ProductEntityRepository entities, ProductRepository repository,
            ProductCacheService cache, ProductEvents events, Validator validator) {
        this.entities = entities;
        this.repository = repository;
        this.cache = cache;
        this.events = events;
        this.validator = validator;
    }

    public Uni<Product> create(ProductDraft draft) {
        ProductEntity entity = new ProductEntity();
        entity.createdAt = now();
        apply(entity, draft);
        return written(Panache.withTransaction(() -> entities.persist(entity)), null);
    }

    /** Replaces a product; with {@code expectedVersion} only if nobody changed it since (else 412). */
    public Uni<Product> replace(long id, ProductDraft draft, Long expectedVersion) {
        return written(Panache.withTransaction(() -> entities.findById(id).map(entity -> {
            if (entity == null) {
                throw notFound(id);
            }
            if (expectedVersion != null && entity.version != expectedVersion) {
                throw preconditionFailed();
            }
            apply(entity, draft);
            return entity;
        })), expectedVersion);
    }

    /**
     * Changes some fields of the current product: {@code change} turns it into the new draft (the REST layer applies
     * a JSON merge patch there), which is validated like a full replacement.
     */
    public Uni<Product> patch(long id, Function<Product, ProductDraft> change, Long expectedVersion) {
        return repository.findById(id).flatMap(current -> {
            Product product = current.orElseThrow(() -> notFound(id));
            if (expectedVersion != null && expectedVersion != product.version()) {
                throw preconditionFailed();
            }
            return replace(id, validate(change.apply(product)), product.version());
        });
    }

    public Uni<Void> delete(long id) {
        return Panache.withTransaction(() -> entities.deleteById(id)).flatMap(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
            events.deleted(id).subscribe().with(ignored -> {
            });
            return cache.evict(List.of(id));
        });
    }

    /**
     * Adds {@code delta} (negative to remove) to the stock; refused with 409 if stock would drop below zero, 422 if
     * it would exceed {@link Product#MAX_STOCK}.
     */
    public Uni<Product> adjustStock(long id, int delta) {
        return written(Panache.withTransaction(() -> entities.adjustStock(id, delta)
                .flatMap(updated -> entities.findById(id).map(entity -> {
                    if (entity == null) {
                        throw notFound(id);
                    }
                    if (updated == 0 && (long) entity.stock + delta < 0) {
                        throw DomainException.conflict("Stock of product " + id + " cannot go below zero");
                    }
                    if (updated == 0) {
                        throw outOfRange("Stock of product " + id + " would exceed " + Product.MAX_STOCK);
                    }
                    return entity;
                }))), null);
    }

    /** Validates a draft (for bodies that did not pass through bean validation, e.g. a merged patch). */
    public ProductDraft validate(ProductDraft draft) {
        Set<ConstraintViolation<ProductDraft>> violations = validator.validate(draft);
        if (!violations.isEmpty()) {
            List<DomainException.FieldError> params = violations.stream()
                    .map(v -> new DomainException.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(Comparator.comparing(DomainException.FieldError::field))
                    .toList();
            throw DomainException.invalid("Invalid field '" + params.get(0).field() + "': " + params.get(0).reason(),
                    params);
        }
        return draft;
    }

    private Uni<Void> changed(Product product) {
        events.upserted(product.id(), product.version()).subscribe().with(ignored -> {
        });
        return cache.put(product);
    }

    /** The written entity as a product, its write announced; database refusals become problems. */
    private Uni<Product> written(Uni<ProductEntity> write, Long expectedVersion) {
        return write.onFailure().transform(failure -> translate(failure, expectedVersion))
                .map(repository::toProduct)
                .call(this::changed);
    }

    private static void apply(ProductEntity entity, ProductDraft draft) {
        JsonNode attributes = draft.attributes();
        if (attributes != null && !attributes.isObject()) {
            throw DomainException.invalid("attributes", "must be a JSON object");
        }
        entity.sku = draft.sku();
        entity.name = draft.name().strip();
        entity.brand = draft.brand().strip();
        entity.description = draft.description() == null ? "" : draft.description().strip();
        entity.category = draft.category();
        entity.price = draft.price().amount();
        entity.currency = draft.price().currency();
        entity.stock = draft.stock();
        entity.attributes = attributes == null ? "{}" : attributes.toString();
        entity.rating = draft.rating();
        entity.updatedAt = now();
    }

    /** PostgreSQL keeps microseconds: the answer shows the time as a later read will. */
    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** Hibernate Reactive reports a refused statement as its own exception, sometimes suppressed by the rollback's. */
    private static Throwable translate(Throwable failure, Long expectedVersion) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            for (Throwable candidate : withSuppressed(cause)) {
                ConstraintKind kind = candidate instanceof ConstraintViolationException violation
                        ? violation.getKind()
                        : null;
                if (kind == ConstraintKind.UNIQUE) {
                    return DomainException.conflict("A product with this sku already exists");
                }
                if (kind == ConstraintKind.FOREIGN_KEY) {
                    return DomainException.invalid("category", "no such category");
                }
                if (SqlStates.has(candidate, SqlStates.OUT_OF_RANGE)) {
                    // Stock above MAX_STOCK (only releases put it there) plus a delta: past PostgreSQL's integer.
                    return outOfRange("The change would take a number past the range the catalog stores");
                }
                if (candidate instanceof StaleStateException || candidate instanceof OptimisticLockException) {
                    // Changed between our read and our write (an order reserved stock, another admin saved).
                    return expectedVersion != null
                            ? preconditionFailed()
                            : DomainException.conflict("The product changed while it was saved; try again");
                }
            }
        }
        return failure;
    }

    private static List<Throwable> withSuppressed(Throwable failure) {
        List<Throwable> all = new ArrayList<>();
        all.add(failure);
        all.addAll(List.of(failure.getSuppressed()));
        return all;
    }

    private static DomainException notFound(long id) {
        return DomainException.notFound("No product with id " + id);
    }

    private static DomainException outOfRange(String detail) {
        return DomainException.rejected(detail);
    }

    private static DomainException preconditionFailed() {
        return new DomainException(DomainException.Kind.STALE,
                "The product changed since the version in If-Match; fetch it again");
    }
}
