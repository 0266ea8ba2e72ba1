package dev.fastshop.catalog.repository;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.ColumnTransformer;

/**
 * A product row as Hibernate Reactive writes it (admin create, replace, delete, stock adjustment). {@code version}
 * is the optimistic lock and the ETag. The generated {@code search} vector is not mapped: PostgreSQL computes it. Read
 * paths do not load entities: {@link ProductRepository} selects exactly the columns a page needs.
 */
@Entity
@Table(name = "products")
public class ProductEntity {

    /** The version of a product that was never changed (the column's default). */
    static final long FIRST_VERSION = 1;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String sku;
    public String name;
    public String brand;
    public String description;
    public String category;
    public BigDecimal price;
    public String currency;
    public int stock;

    /**
     * JSON object, kept as text here: the API hands it through, it never needs a Java type. Written through
     * {@code text} because the reactive client would encode a Java string bound to {@code jsonb} as a JSON string.
     */
    @ColumnTransformer(read = "attributes::text", write = "?::text::jsonb")
    public String attributes;

    public BigDecimal rating;

    @ColumnTransformer(read = "images::text", write = "?::text::jsonb")
    public String images = "{}";

    /** Set by the writer, to the microsecond PostgreSQL keeps, so an answer shows what a later read will. */
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Version
    public long version = FIRST_VERSION;
}
