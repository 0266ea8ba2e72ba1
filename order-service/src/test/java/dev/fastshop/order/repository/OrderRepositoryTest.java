package dev.fastshop.order.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.contracts.Address;
import dev.fastshop.contracts.JobType;
import dev.fastshop.order.domain.JobStatus;
import dev.fastshop.order.domain.Order;
import dev.fastshop.order.domain.OrderJob;
import dev.fastshop.order.domain.OrderLine;
import dev.fastshop.order.domain.OrderStatus;
import dev.fastshop.order.domain.RecordedResponse;
import dev.fastshop.order.repository.OrderRepository.Placement;
import dev.fastshop.order.support.CatalogStandIn;

/** An order commits only together with its pending reservation, never after the sweeper gave that stock back. */
@QuarkusTest
@WithTestResource(CatalogStandIn.class)
class OrderRepositoryTest {

    @Inject
    OrderRepository orders;

    @Inject
    PendingReservationRepository pending;

    @Inject
    Pool pool;

    @Test
    void anOrderConsumesItsPendingReservation() {
        Order order = order();
        pending.record(order.id()).await().indefinitely();

        assertEquals(Placement.PLACED, place(order));

        assertEquals(1, count("select count(*) from orders where id = $1", order.id()));
        assertEquals(0, count("select count(*) from pending_reservations where order_id = $1", order.id()));
    }

    @Test
    void anOrderWhosePendingReservationWasAbandonedIsNotWritten() {
        Order order = order();
        pending.record(order.id()).await().indefinitely();
        pool.preparedQuery("update pending_reservations set abandoned_at = now() where order_id = $1")
                .execute(Tuple.of(order.id())).await().indefinitely();

        assertEquals(Placement.RESERVATION_LAPSED, place(order));

        assertEquals(0, count("select count(*) from orders where id = $1", order.id()));
        assertEquals(0, count("select count(*) from idempotency_keys where key = $1", order.id().toString()));
        assertEquals(1, count("select count(*) from pending_reservations where order_id = $1", order.id()));
    }

    @Test
    void anOrderWithoutAPendingReservationIsNotWritten() {
        Order order = order();

        assertEquals(Placement.RESERVATION_LAPSED, place(order));

        assertEquals(0, count("select count(*) from orders where id = $1", order.id()));
    }

    private Placement place(Order order) {
        return orders.place(order, order.id().toString(), "hash", new RecordedResponse(201, "/orders/" + order.id(),
                "{}"), order.createdAt().plusHours(1), List.of()).await().indefinitely();
    }

    private long count(String sql, Object param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().indefinitely().iterator().next().getLong(0);
    }

    private static Order order() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        BigDecimal price = new BigDecimal("10.00");
        return new Order(UUID.randomUUID(), "repository-test", OrderStatus.PLACED, "ada@example.com",
                new Address("Ada", "1 Row", null, "10115", "Berlin", "DE"),
                List.of(new OrderLine(1, "SKU-1", "Thing", price, 1)), price, BigDecimal.ZERO, price, "EUR", now, now,
                new OrderJob(UUID.randomUUID(), JobType.INVOICE, JobStatus.PENDING, null),
                new OrderJob(UUID.randomUUID(), JobType.EMAIL, JobStatus.PENDING, null));
    }
}
