package dev.fastshop.catalog.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.catalog.config.CatalogConfig;
import dev.fastshop.catalog.domain.CursorPosition;
import dev.fastshop.catalog.domain.Product;
import dev.fastshop.catalog.domain.ProductPage;
import dev.fastshop.catalog.domain.ProductQuery;
import dev.fastshop.catalog.domain.SearchMode;
import dev.fastshop.catalog.domain.SortOrder;
import dev.fastshop.commons.sql.ReadReplicas;
import dev.fastshop.commons.sql.SqlStatements;
import dev.fastshop.contracts.Money;

/**
 * SQL for products on the reactive PostgreSQL pool. Every read counts itself in {@code catalog.db.loads{query}} so
 * benchmarks and tests can see how many queries the cache saved. Pages and searches may read a replica (staleness
 * bounded by the replicas' lag bound, like the page cache's few seconds); a product by id fills the cache, so it reads
 * a replica only once that replica has replayed every product change this instance knows of; batches price carts and
 * always read the primary.
 */
@ApplicationScoped
public class ProductRepository {

    static final String COLUMNS = "p.id, p.sku, p.name, p.brand, p.description, p.category, p.price, p.currency,"
            + " p.stock, p.attributes::text AS attributes, p.rating, p.images::text AS images, p.created_at,"
            + " p.updated_at, p.version";

    private final Pool pool;
    private final ReadReplicas replicas;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final int rankWindow;

    public ProductRepository(Pool pool, ReadReplicas replicas, ObjectMapper mapper, MeterRegistry registry,
            CatalogConfig config) {
        this.pool = pool;
        this.replicas = replicas;
        this.mapper = mapper;
        this.registry = registry;
        this.rankWindow = config.search().rankWindow();
    }

    public Uni<Optional<Product>> findById(long id) {
        countLoad("by-id");
        return replicas.readAfterWrites(reader -> SqlStatements.execute(reader,
                "SELECT " + COLUMNS + " FROM products p WHERE p.id = $1", Tuple.of(id)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toProduct(rows.iterator().next())));
    }

    /** One query for the whole batch, whatever its size (the order service prices a cart with it). */
    public Uni<List<Product>> findByIds(List<Long> ids) {
        countLoad("batch");
        return SqlStatements
                .execute(pool, "SELECT " + COLUMNS + " FROM products p WHERE p.id = ANY($1)",
                        Tuple.of(ids.toArray(Long[]::new)))
                .map(this::toProducts);
    }

    /**
     * One keyset page. With {@code q}, full-text search for every word runs first; when it finds nothing on the first
     * page, full-text search for any of the words, then trigram word similarity on the name (typo tolerance). The
     * cursor remembers which mode was used.
     */
    public Uni<ProductPage> search(ProductQuery query, List<String> categories) {
        if (!query.hasText()) {
            return page(query, categories, SearchMode.NONE);
        }
        if (query.after() != null) {
            return page(query, categories, query.after().mode());
        }
        return page(query, categories, SearchMode.FULL_TEXT)
                .flatMap(page -> page.items().isEmpty() && SearchSql.anyWord(query.q()).isPresent()
                        ? page(query, categories, SearchMode.ANY_WORD)
                        : Uni.createFrom().item(page))
                .flatMap(page -> page.items().isEmpty()
                        ? page(query, categories, SearchMode.TRIGRAM)
                        : Uni.createFrom().item(page));
    }

    private Uni<ProductPage> page(ProductQuery query, List<String> categories, SearchMode mode) {
        countLoad(mode == SearchMode.NONE ? "list" : "search");
        SearchSql sql = SearchSql.build(query, categories, mode, rankWindow);
        return execute(sql, mode).map(rows -> {
            List<Product> items = new ArrayList<>(query.limit());
            String lastKey = null;
            boolean more = false;
            for (Row row : rows) {
                if (items.size() == query.limit()) {
                    more = true;
                    break;
                }
                items.add(toProduct(row));
                lastKey = sortKey(query.sort(), row);
            }
            CursorPosition next = more ? new CursorPosition(mode, lastKey, items.get(items.size() - 1).id()) : null;
            return new ProductPage(List.copyOf(items), next);
        });
    }

    /**
     * The planner cannot estimate how many names a trigram condition matches (it assumes a constant fraction), so
     * with the window's LIMIT it picks a sequential scan that evaluates {@code word_similarity} on tens of thousands
     * of rows (230 ms on 1M products) instead of the trigram index (20 ms). The typo fallback therefore runs with
     * sequential scans disabled for its own transaction only.
     */
    private Uni<RowSet<Row>> execute(SearchSql sql, SearchMode mode) {
        if (mode != SearchMode.TRIGRAM) {
            return replicas.read(reader -> SqlStatements.execute(reader, sql.text(), sql.params()));
        }
        return replicas.read(reader -> reader.withTransaction(
                connection -> SqlStatements.query(connection, "SET LOCAL enable_seqscan = off")
                        .flatMap(ignored -> SqlStatements.execute(connection, sql.text(), sql.params()))));
    }

    /** On {@code client}: the pool, or the caller's transaction. Empty when there is no such product. */
    public Uni<Optional<Product>> setImages(SqlClient client, long id, JsonNode images) {
        return SqlStatements
                .execute(client, "UPDATE products AS p SET images = $2::text::jsonb, version = p.version + 1,"
                        + " updated_at = now() WHERE p.id = $1 RETURNING " + COLUMNS, Tuple.of(id, images.toString()))
                .map(this::first);
    }

    private Optional<Product> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toProduct(rows.iterator().next()));
    }

    private List<Product> toProducts(RowSet<Row> rows) {
        List<Product> products = new ArrayList<>(rows.size());
        rows.forEach(row -> products.add(toProduct(row)));
        return products;
    }

    private void countLoad(String query) {
        registry.counter("catalog.db.loads", "query", query).increment();
    }

    private static String sortKey(SortOrder sort, Row row) {
        return switch (sort) {
            case RELEVANCE -> Float.toString(row.getFloat("rank"));
            case PRICE, PRICE_DESC -> row.getBigDecimal("price").toPlainString();
            case NEWEST -> row.getOffsetDateTime("created_at").toInstant().toString();
        };
    }

    /** The domain view of a product Hibernate Reactive has just written. */
    public Product toProduct(ProductEntity entity) {
        return new Product(entity.id, entity.sku, entity.name, entity.brand, entity.description, entity.category,
                new Money(entity.price, entity.currency), entity.stock, json(entity.attributes), entity.rating,
                json(entity.images), entity.createdAt.toInstant(), entity.updatedAt.toInstant(), entity.version);
    }

    Product toProduct(Row row) {
        return new Product(row.getLong("id"), row.getString("sku"), row.getString("name"), row.getString("brand"),
                row.getString("description"), row.getString("category"),
                new Money(row.getBigDecimal("price"), row.getString("currency")), row.getInteger("stock"),
                json(row.getString("attributes")), row.getBigDecimal("rating"), json(row.getString("images")),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("updated_at")),
                row.getLong("version"));
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is not valid", e);
        }
    }

    private static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }

    static OffsetDateTime offset(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static BigDecimal decimal(String text) {
        return new BigDecimal(text);
    }
}
