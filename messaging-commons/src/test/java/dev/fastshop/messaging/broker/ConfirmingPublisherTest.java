package dev.fastshop.messaging.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;

import dev.fastshop.messaging.broker.ConfirmingPublisher.Settings;
import dev.fastshop.messaging.support.TestBroker;

/** The connection handling of the publisher, without a broker (the services' tests publish to a real one). */
class ConfirmingPublisherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() {
        vertx.closeAndAwait();
    }

    @Test
    void anUnreachableBrokerFailsTheUseAndIsTriedAgainOnTheNextOne() throws Exception {
        AtomicInteger declared = new AtomicInteger();
        ConfirmingPublisher publisher = new ConfirmingPublisher(vertx, TestBroker.at(TestBroker.closedPort()),
                Settings.replacedOnFailure("test-publisher", TIMEOUT), broker -> {
                    declared.incrementAndGet();
                    return Uni.createFrom().voidItem();
                });

        assertThrows(RuntimeException.class, () -> publisher.connection().await().atMost(WAIT));
        assertThrows(RuntimeException.class, () -> publisher.publish(new OutgoingMessage("fastshop.test", "key",
                OutgoingMessage.json("m-1", "Test").build(), Buffer.buffer("{}"))).await().atMost(WAIT));
        assertFalse(publisher.connected());
        assertEquals(0, declared.get(), "nothing is declared without a connection");
    }

    @Test
    void concurrentUsesShareOneConnectionAttemptAndAFailedOneIsReplaced() throws Exception {
        try (TestBroker broker = TestBroker.hangingUp()) {
            ConfirmingPublisher publisher = publisherAt(broker.port());

            CompletableFuture<RabbitMQClient> first = publisher.connection().subscribeAsCompletionStage();
            CompletableFuture<RabbitMQClient> second = publisher.connection().subscribeAsCompletionStage();
            await().atMost(WAIT).until(() -> broker.accepted() == 1);
            broker.release();

            assertFailsWithin(first);
            assertFailsWithin(second);
            assertEquals(1, broker.accepted(), "one attempt for both callers");

            assertThrows(RuntimeException.class, () -> publisher.connection().await().atMost(WAIT));
            assertEquals(2, broker.accepted(), "the next use after a failure opens a new connection");
        }
    }

    @Test
    void aClosedPublisherOpensNothing() throws Exception {
        try (TestBroker broker = TestBroker.hangingUp()) {
            ConfirmingPublisher publisher = publisherAt(broker.port());
            publisher.close().await().atMost(WAIT);

            IllegalStateException closed = assertThrows(IllegalStateException.class,
                    () -> publisher.connection().await().atMost(WAIT));
            assertTrue(closed.getMessage().contains("closed"));
            assertEquals(0, broker.accepted());
        }
    }

    private ConfirmingPublisher publisherAt(int port) {
        return new ConfirmingPublisher(vertx, TestBroker.at(port),
                Settings.replacedOnFailure("test-publisher", TIMEOUT),
                ConfirmingPublisher.Declarations.NONE);
    }

    private static void assertFailsWithin(CompletableFuture<?> future) {
        assertThrows(Exception.class, () -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
}
