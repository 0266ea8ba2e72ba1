package dev.fastshop.order.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.contracts.Topology;
import dev.fastshop.order.support.BrokerProbe;
import dev.fastshop.order.support.BrokerProbe.Received;
import dev.fastshop.order.support.Catalog;
import dev.fastshop.order.support.CatalogStandIn;
import dev.fastshop.order.support.Orders;
import dev.fastshop.order.support.OutboxRows;
import dev.fastshop.order.support.Tokens;

@QuarkusTest
@WithTestResource(CatalogStandIn.class)
class OutboxRelayTest {

    /** /q/* is served on the management port only. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private static final Duration DELIVERY = Duration.ofSeconds(10);
    private static final String CUSTOMER = "relay-customer";
    private static final String PRICE = "10.00";

    @Inject
    Pool pool;

    @AfterEach
    void purgeJobQueues() {
        BrokerProbe.purgeJobQueues();
    }

    private final String token = Tokens.customer(CUSTOMER);

    @Test
    void publishesOrderPlacedAndTheInvoiceJobAndMarksThemAfterTheConfirm() {
        try (BrokerProbe events = BrokerProbe.connect().listen(Topology.EVENTS_EXCHANGE, "topic", "order.*");
                BrokerProbe jobs = BrokerProbe.connect().listen(Topology.JOBS_EXCHANGE, "direct", "invoice")) {
            UUID order = Orders.placed(token, Catalog.product("Kettle", PRICE, 100), 3);

            await().atMost(DELIVERY).until(() -> events.matching("orderId", order).size() == 1
                    && jobs.matching("orderId", order).size() == 1);
            Received placed = events.matching("orderId", order).get(0);
            assertEquals(Topology.ORDER_PLACED, placed.routingKey());
            assertEquals("application/json", placed.properties().getContentType());
            assertEquals(1, placed.body().getInteger("schemaVersion"));
            assertEquals(3, placed.body().getInteger("itemCount"));
            assertEquals(CUSTOMER, placed.body().getString("customerId"));
            JsonObject invoice = jobs.matching("orderId", order).get(0).body();
            assertNotNull(invoice.getString("jobId"));
            assertEquals("Kettle", invoice.getJsonArray("lines").getJsonObject(0).getString("name"));
            assertEquals(Orders.EMAIL, invoice.getString("customerEmail"));
            await().atMost(DELIVERY).until(() -> OutboxRows.unpublished(pool, order) == 0);
        }
    }

    @Test
    void publishesRowsLeftUnpublishedByAServiceKilledAfterItsCommit() {
        UUID order = UUID.randomUUID();
        try (BrokerProbe events = BrokerProbe.connect().listen(Topology.EVENTS_EXCHANGE, "topic", "order.*")) {
            // What a crash between commit and publish leaves behind: a committed row nobody has relayed.
            pool.preparedQuery("""
                    insert into outbox (aggregate, aggregate_id, type, exchange, routing, payload, created)
                    values ('order', $1, 'OrderCancelled', $2, $3, $4::text::jsonb, now() - interval '5 minutes')""")
                    .execute(Tuple.of(order, Topology.EVENTS_EXCHANGE, Topology.ORDER_CANCELLED,
                            new JsonObject().put("schemaVersion", 1).put("orderId", order.toString())
                                    .put("customerId", CUSTOMER).put("cancelledAt", "2026-01-01T00:00:00Z")
                                    .encode()))
                    .await().indefinitely();

            await().atMost(DELIVERY).until(() -> events.matching("orderId", order).size() == 1);
            assertEquals(Topology.ORDER_CANCELLED, events.matching("orderId", order).get(0).routingKey());
            await().atMost(DELIVERY).until(() -> OutboxRows.published(pool, order, "OrderCancelled") == 1);
        }
    }

    @Test
    void publishesOrderCancelledOnceForACancellation() {
        try (BrokerProbe events = BrokerProbe.connect().listen(Topology.EVENTS_EXCHANGE, "topic",
                Topology.ORDER_CANCELLED)) {
            UUID order = Orders.placed(token, Catalog.product("Hat", PRICE, 100), 1);
            given().header("Authorization", token).post("/orders/" + order + "/cancel").then().statusCode(200);
            given().header("Authorization", token).post("/orders/" + order + "/cancel").then().statusCode(200);

            await().atMost(DELIVERY).until(() -> events.matching("orderId", order).size() == 1);
            assertEquals(1, OutboxRows.all(pool, order, "OrderCancelled"));
        }
    }

    @Test
    void exportsRelayMetrics() {
        UUID order = Orders.placed(token, Catalog.product("Scarf", PRICE, 100), 1);
        await().atMost(DELIVERY).until(() -> OutboxRows.unpublished(pool, order) == 0);

        given().get(management.resolve("/q/metrics")).then().statusCode(200)
                .body(containsString("fastshop_outbox_published_total{type=\"OrderPlaced\"}"))
                .body(containsString("fastshop_outbox_published_total{type=\"InvoiceJob\"}"))
                .body(containsString("fastshop_outbox_lag_seconds_count"))
                .body(containsString("fastshop_outbox_pending"));
    }
}
