package dev.fastshop.order.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.fastshop.order.support.CatalogStandIn;

@QuarkusTest
@WithTestResource(CatalogStandIn.class)
class RetentionServiceTest {

    private static final String CUSTOMER = "cleanup-customer";

    @Inject
    RetentionService retention;

    @Inject
    Pool pool;

    @Test
    void deletesExpiredKeysAndKeepsLiveOnes() {
        String expired = UUID.randomUUID().toString();
        String live = UUID.randomUUID().toString();
        insert(expired, "now() - interval '1 minute'");
        insert(live, "now() + interval '1 hour'");

        int purged = retention.purge().await().indefinitely();

        assertTrue(purged >= 1);
        assertEquals(0, count(expired));
        assertEquals(1, count(live));
    }

    @Test
    void deletesOldPublishedOutboxRowsAndKeepsRecentOrUnpublishedOnes() {
        UUID oldPublished = outboxRow("now() - interval '2 hours'", "now() - interval '2 hours'");
        UUID recentPublished = outboxRow("now() - interval '1 minute'", "now()");
        UUID oldUnpublished = outboxRow("now() - interval '2 hours'", "null");

        int purged = retention.purge().await().indefinitely();

        assertTrue(purged >= 1);
        assertEquals(0, outboxRows(oldPublished));
        assertEquals(1, outboxRows(recentPublished));
        assertEquals(1, outboxRows(oldUnpublished));
    }

    private UUID outboxRow(String created, String publishedAt) {
        UUID aggregateId = UUID.randomUUID();
        // Never due, so a running relay leaves the unpublished row alone.
        pool.preparedQuery("insert into outbox (aggregate, aggregate_id, type, exchange, routing, payload, created, "
                + "published_at, next_attempt_at) values ('order', $1, 'OrderPlaced', 'fastshop.events', "
                + "'order.placed', '{}', " + created + ", " + publishedAt + ", 'infinity')")
                .execute(Tuple.of(aggregateId)).await().indefinitely();
        return aggregateId;
    }

    private long outboxRows(UUID aggregateId) {
        return pool.preparedQuery("select count(*) from outbox where aggregate_id = $1")
                .execute(Tuple.of(aggregateId)).await().indefinitely().iterator().next().getLong(0);
    }

    private void insert(String key, String expiry) {
        pool.preparedQuery("insert into idempotency_keys (customer_id, key, request_hash, status_code, response, "
                + "created_at, expires_at) values ($1, $2, 'hash', 201, '{}', now(), " + expiry + ")")
                .execute(Tuple.of(CUSTOMER, key)).await().indefinitely();
    }

    private long count(String key) {
        return pool.preparedQuery("select count(*) from idempotency_keys where customer_id = $1 and key = $2")
                .execute(Tuple.of(CUSTOMER, key)).await().indefinitely().iterator().next().getLong(0);
    }
}
