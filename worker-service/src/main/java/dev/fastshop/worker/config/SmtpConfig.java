package dev.fastshop.worker.config;

import io.smallrye.config.ConfigMapping;

/**
 * The SMTP server the readiness details probe ({@code DependenciesHealthCheck}): the mailer's. The values are defined
 * once, as {@code quarkus.mailer.host} / {@code quarkus.mailer.port}; {@code fastshop.smtp.*} only refers to them in
 * application.properties.
 */
@ConfigMapping(prefix = "fastshop.smtp")
public interface SmtpConfig {

    /** {@code quarkus.mailer.host} */
    String host();

    /** {@code quarkus.mailer.port} */
    int port();
}
