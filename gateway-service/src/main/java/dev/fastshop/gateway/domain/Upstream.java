package dev.fastshop.gateway.domain;

/**
 * The services behind the gateway; the name is also the Stork service name and the metrics tag. The public prefix is
 * what the gateway puts before an upstream's own paths ({@code /products/1} → {@code /api/catalog/products/1}).
 */
public enum Upstream {
    CATALOG("catalog", "/api/catalog"), ORDER("order", "/api");

    private final String serviceName;
    private final String publicPrefix;

    Upstream(String serviceName, String publicPrefix) {
        this.serviceName = serviceName;
        this.publicPrefix = publicPrefix;
    }

    public String serviceName() {
        return serviceName;
    }

    public String publicPrefix() {
        return publicPrefix;
    }
}
