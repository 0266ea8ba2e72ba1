package dev.fastshop.worker.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.redis.datasource.RedisDataSource;

import dev.fastshop.worker.config.SmtpConfig;

/**
 * Reports SMTP and Redis as details only; readiness itself is RabbitMQ's (the messaging health check). Neither
 * outage is a reason to take the worker out: email jobs retry with backoff until SMTP is back, and a job whose
 * completion record cannot be read is retried the same way.
 */
@Readiness
@ApplicationScoped
public class DependenciesHealthCheck implements HealthCheck {

    static final String NAME = "worker-dependencies";
    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private final String smtpHost;
    private final int smtpPort;
    private final RedisDataSource redis;

    public DependenciesHealthCheck(SmtpConfig smtp, RedisDataSource redis) {
        this.smtpHost = smtp.host();
        this.smtpPort = smtp.port();
        this.redis = redis;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .up()
                .withData("smtp", smtpHost + ":" + smtpPort)
                .withData("smtpReachable", smtpReachable())
                .withData("redisReachable", redisReachable())
                .build();
    }

    private boolean smtpReachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(smtpHost, smtpPort), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean redisReachable() {
        try {
            redis.execute("PING");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
