package dev.fastshop.order.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.order.client.CatalogClient;
import dev.fastshop.order.client.CatalogRestClient.ReservationLine;
import dev.fastshop.order.client.Deadline;
import dev.fastshop.order.support.Catalog;
import dev.fastshop.order.support.CatalogStandIn;
import dev.fastshop.order.support.Orders;
import dev.fastshop.order.support.Tokens;

/**
 * An order service instance that dies between the catalog's reservation and the order's statement leaves stock
 * reserved for an order that does not exist (found by {@code ./fastshop chaos kill-order}); the sweeper gives it back.
 */
@QuarkusTest
@WithTestResource(CatalogStandIn.class)
class ReservationSweeperTest {

    @Inject
    ReservationSweeper sweeper;

    @Inject
    CatalogClient catalog;

    @Inject
    Pool pool;

    @Test
    void theReservationOfAnOrderThatNeverCommittedIsReleased() {
        long product = Catalog.product("Abandoned cart", "5.00", 10);
        UUID orderId = reservedAndPending(product, 3, "now() - interval '1 hour'");
        assertEquals(7, Catalog.stock(product));

        assertTrue(sweeper.sweep().await().indefinitely() >= 1);

        assertEquals("RELEASED", Catalog.reservation(orderId));
        assertEquals(10, Catalog.stock(product));
        assertEquals(0, pendingRows(orderId));
    }

    @Test
    void aReservationWhoseOrderMayStillCommitIsLeftAlone() {
        long product = Catalog.product("Order in flight", "5.00", 10);
        UUID orderId = reservedAndPending(product, 2, "now()");

        sweeper.sweep().await().indefinitely();

        assertEquals("RESERVED", Catalog.reservation(orderId));
        assertEquals(8, Catalog.stock(product));
        assertEquals(1, pendingRows(orderId));
        pool.preparedQuery("delete from pending_reservations where order_id = $1").execute(Tuple.of(orderId))
                .await().indefinitely();
    }

    @Test
    void placedAndRefusedOrdersLeaveNoPendingReservation() {
        long product = Catalog.product("Plenty", "5.00", 1);
        UUID placed = Orders.placed(Tokens.customer("sweeper-placed"), product, 1);
        assertEquals(0, pendingRows(placed));

        Object before = pool.query("select clock_timestamp()").execute().await().indefinitely().iterator().next()
                .getValue(0);
        Orders.place(Tokens.customer("sweeper-refused"), Orders.body(List.of(Orders.line(product, 1))))
                .then().statusCode(409);
        assertEquals(0, pool.preparedQuery("select count(*) from pending_reservations where created_at >= $1")
                .execute(Tuple.of(before)).await().indefinitely().iterator().next().getLong(0));
    }

    private UUID reservedAndPending(long product, int quantity, String createdAt) {
        UUID orderId = UUID.randomUUID();
        catalog.reserve(orderId, List.of(new ReservationLine(product, quantity)), Deadline.in(Duration.ofSeconds(10)))
                .await().indefinitely();
        pool.preparedQuery("insert into pending_reservations (order_id, created_at) values ($1, " + createdAt + ")")
                .execute(Tuple.of(orderId)).await().indefinitely();
        return orderId;
    }

    private long pendingRows(UUID orderId) {
        return pool.preparedQuery("select count(*) from pending_reservations where order_id = $1")
                .execute(Tuple.of(orderId)).await().indefinitely().iterator().next().getLong(0);
    }
}
