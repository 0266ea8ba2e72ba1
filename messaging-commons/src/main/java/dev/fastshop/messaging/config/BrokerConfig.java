package dev.fastshop.messaging.config;

import io.smallrye.config.ConfigMapping;

/**
 * The broker every hand-built RabbitMQ connection of a service connects to (the order service's outbox relay, the
 * catalog's image jobs, the worker's admin connection): the same one as the SmallRye messaging connector. The values
 * are defined once per profile, as the connector's global {@code rabbitmq-*} keys; each service's
 * application.properties points {@code fastshop.broker.*} at them (with the connector's defaults), since a mapping
 * prefix cannot name dashed root keys ({@code rabbitmq-host} is not {@code rabbitmq.host}).
 */
@ConfigMapping(prefix = "fastshop.broker")
public interface BrokerConfig {

    /** {@code rabbitmq-host} */
    String host();

    /** {@code rabbitmq-port} */
    int port();

    /** {@code rabbitmq-username} */
    String username();

    /** {@code rabbitmq-password} */
    String password();

    /** {@code rabbitmq-virtual-host} */
    String virtualHost();
}
