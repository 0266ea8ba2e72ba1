package dev.fastshop.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import dev.fastshop.gateway.client.CatalogClient;
import dev.fastshop.gateway.config.GatewayConfig;
import dev.fastshop.gateway.domain.StorefrontHome;

/**
 * Aggregates the storefront home page: featured products and categories are fetched from the catalog in parallel and
 * the result is kept for a few seconds, so a burst of visitors costs the catalog two requests per TTL.
 */
@ApplicationScoped
public class StorefrontService {

    private final CatalogClient catalog;
    private final GatewayConfig.Storefront config;
    private final long ttlMillis;
    private volatile Cached cached;

    public StorefrontService(CatalogClient catalog, GatewayConfig config) {
        this.catalog = catalog;
        this.config = config.storefront();
        this.ttlMillis = this.config.cacheTtl().toMillis();
    }

    public Uni<StorefrontHome> home(String requestId) {
        Cached current = cached;
        if (current != null && current.expiresAt() > System.currentTimeMillis()) {
            return Uni.createFrom().item(current.home());
        }
        return Uni.combine().all()
                .unis(catalog.get(config.featuredPath(), requestId), catalog.get(config.categoriesPath(), requestId))
                .with((products, categories) -> new StorefrontHome(items(products), categories))
                .invoke(home -> cached = new Cached(home, System.currentTimeMillis() + ttlMillis));
    }

    /** The catalog lists products as {@code {"items":[…],"nextCursor":…}}; the page only needs the items. */
    private static JsonNode items(JsonNode page) {
        return page.has("items") ? page.get("items") : page;
    }

    private record Cached(StorefrontHome home, long expiresAt) {
    }
}
