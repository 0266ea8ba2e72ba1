package dev.fastshop.contracts;

import java.time.Instant;

/** Domain event: a product was created, updated or deleted; catalog instances drop what they cache for it. */
public record ProductChanged(int schemaVersion, long productId, long version, Change change, Instant changedAt) {

    public static final int SCHEMA_VERSION = 1;

    public enum Change {
        UPSERTED, DELETED
    }
}
