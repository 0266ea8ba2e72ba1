package dev.fastshop.messaging.outbox;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;

import dev.fastshop.messaging.broker.ConfirmingPublisher;
import dev.fastshop.messaging.broker.OutgoingMessage;
import dev.fastshop.messaging.outbox.OutboxStore.Pending;
import dev.fastshop.messaging.outbox.OutboxStore.Sent;

/**
 * Relays the rows of an {@link OutboxStore} to RabbitMQ. A cycle takes the publisher's connection (no rows are
 * claimed while there is none), claims due rows in a transaction ({@code FOR UPDATE SKIP LOCKED}, so replicas share
 * the work without overlap), publishes them on the confirm-mode channel, waits for the broker's confirms and only then
 * marks them published, in the claiming transaction. A failed batch gets its backoff and the connection is dropped;
 * delivery is at least once and consumers deduplicate by message or job id.
 * <p>
 * {@link #wake()} (after a commit that added rows) starts a cycle at once; polling is the fallback for rows committed
 * by other replicas, retries and rows left over by a crash. A full batch starts the next cycle at once; a cycle that
 * could not reach the broker or the database waits the reconnect delay.
 * <p>
 * Metrics: gauge {@code fastshop.outbox.pending} (refreshed from the store), counter
 * {@code fastshop.outbox.published{type}}, timer {@code fastshop.outbox.lag} (commit to confirm, SLO buckets 50 ms …
 * 5 s). A plain class: the service's {@code messaging/} adapter makes one and drives it from its lifecycle events.
 */
public class OutboxRelayEngine<K> {

    private static final Logger LOG = Logger.getLogger(OutboxRelayEngine.class);
    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

    /**
     * @param batchSize
     *            rows claimed (and confirmed) per cycle
     * @param pollInterval
     *            the fallback poll; wakes make most cycles
     * @param reconnectDelay
     *            the wait after a cycle that could not reach the broker or the database
     * @param pendingRefresh
     *            refresh period of the pending gauge
     * @param backoff
     *            the retry delay of a row whose publish failed
     */
    public record Settings(int batchSize, Duration pollInterval, Duration reconnectDelay, Duration pendingRefresh,
            OutboxStore.Backoff backoff) {
    }

    private final Vertx vertx;
    private final OutboxStore<K> store;
    private final ConfirmingPublisher publisher;
    private final Settings settings;
    private final MeterRegistry registry;
    private final Timer lag;
    private final AtomicLong pending = new AtomicLong();
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();

    private volatile Context context;
    private volatile boolean stopped;
    /** Set while the broker is unreachable, so an outage is logged once, not on every reconnection attempt. */
    private volatile boolean unreachable;
    private long timerId = -1;

    public OutboxRelayEngine(Vertx vertx, OutboxStore<K> store, ConfirmingPublisher publisher, Settings settings,
            MeterRegistry registry) {
        this.vertx = vertx;
        this.store = store;
        this.publisher = publisher;
        this.settings = settings;
        this.registry = registry;
        this.lag = Timer.builder("fastshop.outbox.lag").description("Time from commit to broker confirm")
                .serviceLevelObjectives(LAG_BUCKETS).register(registry);
        Gauge.builder("fastshop.outbox.pending", pending, AtomicLong::get)
                .description("Outbox rows not yet published").register(registry);
    }

    /** Starts relaying (a first cycle now) and refreshing the pending gauge. */
    public void start() {
        context = vertx.getDelegate().getOrCreateContext();
        context.runOnContext(v -> trigger());
        vertx.setPeriodic(settings.pendingRefresh().toMillis(), id -> refreshPending());
    }

    /** No cycle starts after this; the publisher's owner closes the connection. */
    public void stop() {
        stopped = true;
    }

    /** Asks for a cycle now (after a commit that added rows). Cheap, callable from any thread. */
    public void wake() {
        Context relayContext = context;
        if (relayContext == null || stopped) {
            return;
        }
        wakeRequested.set(true);
        relayContext.runOnContext(v -> trigger());
    }

    /** Whether the relay currently holds a broker connection. */
    public boolean connected() {
        return publisher.connected();
    }

    /** Rows not yet published, as of the last refresh (less those relayed since). */
    public long pending() {
        return pending.get();
    }

    private void trigger() {
        if (stopped || !running.compareAndSet(false, true)) {
            return;
        }
        wakeRequested.set(false);
        cycle().subscribe().with(this::finish, failure -> {
            if (!unreachable) {
                LOG.warnf("Outbox relay cycle failed: %s", failure.toString());
            }
            finish(-1);
        });
    }

    /** @param relayed rows relayed by the cycle, or -1 when the broker or the database was unreachable */
    private void finish(int relayed) {
        running.set(false);
        if (stopped) {
            return;
        }
        if (relayed >= settings.batchSize() || wakeRequested.get()) {
            context.runOnContext(v -> trigger());
            return;
        }
        vertx.cancelTimer(timerId);
        long delay = relayed < 0 ? settings.reconnectDelay().toMillis() : settings.pollInterval().toMillis();
        timerId = vertx.setTimer(delay, id -> context.runOnContext(v -> trigger()));
    }

    private Uni<Integer> cycle() {
        return connection().chain(broker -> store.inTransaction(tx -> store.claim(tx, settings.batchSize())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<K> ids = rows.stream().map(Pending::id).toList();
                    return publisher.publish(broker, rows.stream().map(OutboxRelayEngine::message).toList())
                            .chain(() -> store.markPublished(tx, ids))
                            .invoke(this::record)
                            .map(List::size)
                            .onFailure().recoverWithUni(failure -> {
                                LOG.warnf("Publishing %d outbox rows failed, will retry: %s", ids.size(),
                                        failure.toString());
                                publisher.discard(broker);
                                return store.markFailed(tx, ids, failure.toString(), settings.backoff())
                                        .replaceWith(-1);
                            });
                })));
    }

    /** The publisher's connection; an outage is logged once, when it starts. */
    private Uni<RabbitMQClient> connection() {
        return publisher.connection()
                .invoke(() -> unreachable = false)
                .onFailure().invoke(failure -> {
                    if (!unreachable) {
                        unreachable = true;
                        LOG.warnf("Outbox relay cannot reach the broker (%s); retrying every %d ms, events wait in "
                                + "the outbox", failure.toString(), settings.reconnectDelay().toMillis());
                    }
                });
    }

    private void record(List<Sent> done) {
        for (Sent row : done) {
            lag.record(row.lag());
            published.computeIfAbsent(row.type(), type -> Counter.builder("fastshop.outbox.published")
                    .description("Outbox rows confirmed by the broker").tag("type", type).register(registry))
                    .increment();
        }
        pending.updateAndGet(value -> Math.max(0, value - done.size()));
    }

    private void refreshPending() {
        store.countPending().subscribe().with(pending::set,
                failure -> LOG.debugf("Cannot count pending outbox rows: %s", failure.toString()));
    }

    private static OutgoingMessage message(Pending<?> row) {
        return new OutgoingMessage(row.exchange(), row.routingKey(),
                OutgoingMessage.json(row.messageId(), row.type()).timestamp(new Date()).build(),
                Buffer.buffer(row.payload()));
    }
}
