package dev.fastshop.worker.config;

import io.smallrye.config.ConfigMapping;

/**
 * The broker the worker's own AMQP client ({@code BrokerClient}) connects to: the same one as the messaging
 * connector. The values are defined once, as the connector's global {@code rabbitmq-*} keys (per profile, in
 * application.properties); {@code fastshop.broker.*} only refers to them there, with the connector's defaults, since a
 * mapping prefix cannot name dashed root keys ({@code rabbitmq-host} is not {@code rabbitmq.host}).
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
