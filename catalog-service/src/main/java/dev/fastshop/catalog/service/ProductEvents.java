package dev.fastshop.catalog.service;

import io.smallrye.mutiny.Uni;

/**
 * Tells the other catalog instances that a product changed, so they drop their local copies. Best effort: a lost
 * event only delays freshness by the local copies' TTL, and never fails the write. Implemented by messaging.
 */
public interface ProductEvents {

    Uni<Void> upserted(long productId, long version);

    Uni<Void> deleted(long productId);
}
