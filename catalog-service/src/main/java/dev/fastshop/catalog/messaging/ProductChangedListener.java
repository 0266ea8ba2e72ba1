package dev.fastshop.catalog.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.vertx.core.json.JsonObject;

import dev.fastshop.catalog.service.ProductCacheService;

/**
 * Consumes {@code product.changed} through this instance's own exclusive queue and drops the local copy of the
 * product. Reads only the field it needs, so newer event versions are understood too.
 */
@ApplicationScoped
public class ProductChangedListener {

    private final ProductCacheService cache;

    public ProductChangedListener(ProductCacheService cache) {
        this.cache = cache;
    }

    @Incoming("product-changed-in")
    public void onProductChanged(JsonObject event) {
        Long productId = event.getLong("productId");
        if (productId != null) {
            cache.evictLocal(productId);
        }
    }
}
