package dev.fastshop.order.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.fastshop.order.messaging.OutboxRelay;

/**
 * Reports the outbox relay's broker connection and backlog. Always UP: while RabbitMQ is away orders are still
 * accepted and their events wait in the outbox, so the broker is no reason to take this instance out of service.
 */
@Readiness
@ApplicationScoped
public class BrokerHealthCheck implements HealthCheck {

    private final OutboxRelay relay;

    public BrokerHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("RabbitMQ (outbox relay)").up()
                .withData("broker", relay.connected() ? "connected" : "disconnected")
                .withData("outboxPending", relay.pending())
                .build();
    }
}
