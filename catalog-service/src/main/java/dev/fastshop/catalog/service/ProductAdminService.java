package dev.fastshop.catalog.service;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;

import dev.fastshop.catalog.domain.Product;
import dev.fastshop.catalog.domain.ProductDraft;
import dev.fastshop.catalog.messaging.ProductEventPublisher;
import dev.fastshop.catalog.repository.ProductRepository;
import dev.fastshop.catalog.repository.ProductValues;
import dev.fastshop.commons.rest.Problem;
import dev.fastshop.commons.rest.ProblemException;

/**
 * Admin writes. Each successful write goes through to the cache (the product key holds the new version at once) and
 * announces {@code product.changed} so that other instances drop their local copy.
 */
@ApplicationScoped
public class ProductAdminService {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final Pool pool;
    private final ProductRepository repository;
    private final ProductCacheService cache;
    private final ProductEventPublisher events;
    private final Validator validator;
    private final ObjectMapper mapper;

    public ProductAdminService(Pool pool, ProductRepository repository, ProductCacheService cache,
            ProductEventPublisher events, Validator validator, ObjectMapper mapper) {
        this.pool = pool;
        this.repository = repository;
        this.cache = cache;
        this.events = events;
        this.validator = validator;
        this.mapper = mapper;
    }

    public Uni<Product> create(ProductDraft draft) {
        return repository.insert(pool, values(draft))
                .onFailure(PgException.class).transform(ProductAdminService::translate)
                .call(this::changed);
    }

    /** Replaces a product; with {@code expectedVersion} only if nobody changed it since (else 412). */
    public Uni<Product> replace(long id, ProductDraft draft, Long expectedVersion) {
        return repository.update(pool, id, values(draft), expectedVersion)
                .onFailure(PgException.class).transform(ProductAdminService::translate)
                .flatMap(updated -> updated.isPresent()
                        ? Uni.createFrom().item(updated.get())
                        : whyNotUpdated(id))
                .call(this::changed);
    }

    /** JSON merge patch (RFC 7396) over the current product; the result is validated like a full replacement. */
    public Uni<Product> patch(long id, JsonNode patch, Long expectedVersion) {
        if (!patch.isObject()) {
            throw new ProblemException(400, "Bad Request", "A merge patch must be a JSON object");
        }
        return repository.findById(id).flatMap(current -> {
            Product product = current.orElseThrow(() -> ProblemException.notFound("No product with id " + id));
            if (expectedVersion != null && expectedVersion != product.version()) {
                throw preconditionFailed();
            }
            ObjectNode merged = mapper.valueToTree(ProductDraft.of(product));
            merge(merged, (ObjectNode) patch);
            ProductDraft draft = parse(merged);
            return replace(id, draft, product.version());
        });
    }

    public Uni<Void> delete(long id) {
        return repository.delete(id).flatMap(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("No product with id " + id);
            }
            events.deleted(id).subscribe().with(ignored -> {
            });
            return cache.evict(List.of(id));
        });
    }

    /** Adds {@code delta} (negative to remove) to the stock; refused with 409 if stock would drop below zero. */
    public Uni<Product> adjustStock(long id, int delta) {
        return repository.adjustStock(id, delta)
                .flatMap(updated -> updated.isPresent()
                        ? Uni.createFrom().item(updated.get())
                        : repository.exists(id).map(exists -> {
                            throw exists
                                    ? ProblemException.conflict("Stock of product " + id + " cannot go below zero")
                                    : ProblemException.notFound("No product with id " + id);
                        }))
                .call(this::changed);
    }

    /** Validates a draft (for bodies that did not pass through bean validation, e.g. a merged patch). */
    public ProductDraft validate(ProductDraft draft) {
        Set<ConstraintViolation<ProductDraft>> violations = validator.validate(draft);
        if (!violations.isEmpty()) {
            List<Problem.InvalidParam> params = violations.stream()
                    .map(v -> new Problem.InvalidParam(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(Comparator.comparing(Problem.InvalidParam::name))
                    .toList();
            throw new ProblemException(400, "Bad Request", "Invalid field '" + params.get(0).name() + "': "
                    + params.get(0).reason(), params, java.util.Map.of());
        }
        return draft;
    }

    private Uni<Void> changed(Product product) {
        events.upserted(product.id(), product.version()).subscribe().with(ignored -> {
        });
        return cache.put(product);
    }

    private <T> Uni<T> whyNotUpdated(long id) {
        return repository.exists(id).map(exists -> {
            throw exists ? preconditionFailed() : ProblemException.notFound("No product with id " + id);
        });
    }

    private ProductDraft parse(ObjectNode merged) {
        try {
            return validate(mapper.treeToValue(merged, ProductDraft.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ProblemException(400, "Bad Request", "The patch gives a field a value of the wrong type");
        }
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            JsonNode existing = target.get(field.getKey());
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && existing != null && existing.isObject()
                    && !"attributes".equals(field.getKey())) {
                merge((ObjectNode) existing, (ObjectNode) value);
            } else {
                target.set(field.getKey(), value);
            }
        });
    }

    private static ProductValues values(ProductDraft draft) {
        JsonNode attributes = draft.attributes();
        if (attributes != null && !attributes.isObject()) {
            throw ProblemException.badParameter("attributes", "must be a JSON object");
        }
        return new ProductValues(draft.sku(), draft.name().strip(), draft.brand().strip(),
                draft.description() == null ? "" : draft.description().strip(), draft.category(),
                draft.price().amount(), draft.price().currency(), draft.stock(),
                attributes == null
                        ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        : attributes,
                draft.rating());
    }

    private static Throwable translate(Throwable failure) {
        PgException pg = (PgException) failure;
        if (UNIQUE_VIOLATION.equals(pg.getSqlState())) {
            return ProblemException.conflict("A product with this sku already exists");
        }
        if (FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
            return ProblemException.badParameter("category", "no such category");
        }
        return failure;
    }

    private static ProblemException preconditionFailed() {
        return new ProblemException(412, "Precondition Failed",
                "The product changed since the version in If-Match; fetch it again");
    }
}
