package dev.fastshop.order.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

import dev.fastshop.contracts.Topology;
import dev.fastshop.order.support.BrokerProbe;
import dev.fastshop.order.support.Catalog;
import dev.fastshop.order.support.CatalogStandIn;
import dev.fastshop.order.support.FreePort;
import dev.fastshop.order.support.Orders;
import dev.fastshop.order.support.OutboxRows;
import dev.fastshop.order.support.TcpProxy;
import dev.fastshop.order.support.Tokens;

/**
 * The relay reaches the broker through a proxy the test opens and closes: RabbitMQ is "down" for this service while
 * the shared broker keeps running for everyone else.
 */
@QuarkusTest
@TestProfile(BrokerDownTest.RelayBehindProxy.class)
@WithTestResource(CatalogStandIn.class)
class BrokerDownTest {

    /** /q/* is served on the management port only. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private static final String PORT_PROPERTY = "fastshop.test.relay-proxy-port";
    private static final Duration OUTAGE = Duration.ofSeconds(2);
    private static final Duration RECOVERY = Duration.ofSeconds(15);

    @Inject
    OutboxRelay relay;

    @Inject
    Pool pool;

    @Test
    void acceptsOrdersWhileTheBrokerIsDownAndPublishesThemWhenItIsBack() {
        String token = Tokens.customer("outage-" + UUID.randomUUID());
        try (BrokerProbe events = BrokerProbe.connect().listen(Topology.EVENTS_EXCHANGE, "topic",
                Topology.ORDER_PLACED)) {
            UUID order = Orders.placed(token, Catalog.product("Umbrella", "15.00", 10), 1);

            await().during(OUTAGE).atMost(OUTAGE.multipliedBy(2))
                    .until(() -> OutboxRows.unpublished(pool, order) == 2);
            assertFalse(relay.connected());
            given().get(management.resolve("/q/health/ready")).then().statusCode(200)
                    .body("checks.find { it.name == 'RabbitMQ (outbox relay)' }.data.broker",
                            equalTo("disconnected"));

            int port = FreePort.remembered(PORT_PROPERTY);
            var config = ConfigProvider.getConfig();
            try (TcpProxy broker = TcpProxy.start(port, config.getValue("rabbitmq-host", String.class),
                    config.getValue("rabbitmq-port", Integer.class))) {
                await().atMost(RECOVERY).until(() -> OutboxRows.unpublished(pool, order) == 0);
                await().atMost(RECOVERY).until(() -> events.matching("orderId", order).size() == 1);
                assertEquals(1, events.matching("orderId", order).size());
            }
        }
    }

    public static class RelayBehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fastshop.broker.port", Integer.toString(FreePort.remembered(PORT_PROPERTY)),
                    "fastshop.outbox.reconnect-delay", "PT0.2S");
        }
    }
}
