package dev.fastshop.worker.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether the SMTP server accepts connections, as a detail only: the worker stays ready without it, because
 * invoice and image jobs do not need it and email jobs retry with backoff until it is back.
 */
@Readiness
@ApplicationScoped
public class SmtpHealthCheck implements HealthCheck {

    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private final String host;
    private final int port;

    public SmtpHealthCheck(@ConfigProperty(name = "quarkus.mailer.host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "quarkus.mailer.port", defaultValue = "25") int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("smtp")
                .up()
                .withData("server", host + ":" + port)
                .withData("reachable", reachable())
                .build();
    }

    private boolean reachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
