package dev.fastshop.catalog.config;

import io.smallrye.config.ConfigMapping;

/**
 * The broker the catalog's own confirm-mode client (image jobs) connects to: the same one as the messaging
 * connector. The values are defined once, as the connector's global {@code rabbitmq-*} keys; {@code fastshop.broker.*}
 * refers to them in application.properties, since a mapping prefix cannot name dashed root keys.
 */
@ConfigMapping(prefix = "fastshop.broker")
public interface BrokerConfig {

    String host();

    int port();

    String username();

    String password();

    String virtualHost();
}
