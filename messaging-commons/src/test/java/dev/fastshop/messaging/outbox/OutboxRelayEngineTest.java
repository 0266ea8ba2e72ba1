package dev.fastshop.messaging.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlClient;

import dev.fastshop.messaging.broker.ConfirmingPublisher;
import dev.fastshop.messaging.broker.ConfirmingPublisher.Settings;
import dev.fastshop.messaging.support.TestBroker;

/** The relay's loop without a broker: the services' tests relay real rows to a real one. */
class OutboxRelayEngineTest {

    private static final Duration SHORT = Duration.ofMillis(50);

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() {
        vertx.closeAndAwait();
    }

    @Test
    void claimsNothingWhileTheBrokerIsUnreachableAndStillReportsTheBacklog() throws Exception {
        CountingStore store = new CountingStore(7);
        ConfirmingPublisher publisher = new ConfirmingPublisher(vertx, TestBroker.at(TestBroker.closedPort()),
                Settings.replacedOnFailure("test-relay", Duration.ofSeconds(1)), ConfirmingPublisher.Declarations.NONE);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OutboxRelayEngine<Long> relay = new OutboxRelayEngine<>(vertx, store, publisher,
                new OutboxRelayEngine.Settings(200, SHORT, SHORT, SHORT, new OutboxStore.Backoff(SHORT, SHORT)),
                registry);

        relay.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.pending() == 7);
            relay.wake();
            Thread.sleep(500);

            assertEquals(0, store.claims.get(), "no row is claimed without a connection");
            assertFalse(relay.connected());
            assertEquals(7.0, registry.get("fastshop.outbox.pending").gauge().value());
            assertNotNull(registry.get("fastshop.outbox.lag").timer());
        } finally {
            relay.stop();
        }
    }

    /** Counts claims; never holds a row. */
    private static final class CountingStore implements OutboxStore<Long> {

        private final AtomicInteger claims = new AtomicInteger();
        private final long pending;

        CountingStore(long pending) {
            this.pending = pending;
        }

        @Override
        public <T> Uni<T> inTransaction(Function<SqlClient, Uni<T>> work) {
            return work.apply(null);
        }

        @Override
        public Uni<List<Pending<Long>>> claim(SqlClient tx, int limit) {
            claims.incrementAndGet();
            return Uni.createFrom().item(List.of());
        }

        @Override
        public Uni<List<Sent>> markPublished(SqlClient tx, List<Long> ids) {
            return Uni.createFrom().item(List.of());
        }

        @Override
        public Uni<Void> markFailed(SqlClient tx, List<Long> ids, String error, Backoff backoff) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Long> countPending() {
            return Uni.createFrom().item(pending);
        }
    }
}
