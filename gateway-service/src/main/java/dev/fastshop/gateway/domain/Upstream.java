package dev.fastshop.gateway.domain;

/** The services behind the gateway; the name is also the Stork service name and the metrics tag. */
public enum Upstream {
    CATALOG("catalog"), ORDER("order");

    private final String serviceName;

    Upstream(String serviceName) {
        this.serviceName = serviceName;
    }

    public String serviceName() {
        return serviceName;
    }
}
