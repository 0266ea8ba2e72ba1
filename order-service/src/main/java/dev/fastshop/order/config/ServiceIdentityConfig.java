package dev.fastshop.order.config;

import io.smallrye.config.ConfigMapping;

/**
 * The order service's own credential towards the catalog: it signs its service tokens with this key, so the catalog
 * accepts reservations from it and never from a customer.
 */
@ConfigMapping(prefix = "fastshop.service-identity")
public interface ServiceIdentityConfig {

    /** File with the RS256 private key (PKCS#8 PEM, {@code -----BEGIN PRIVATE KEY-----}). */
    String keyLocation();

    /** {@code iss} of the service token: the issuer the catalog trusts. */
    String issuer();

    /** {@code aud} of the service token. */
    String audience();
}
