package dev.fastshop.order.messaging;

import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.rabbitmq.client.AMQP;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.rabbitmq.RabbitMQOptions;

import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.order.config.OutboxConfig;
import dev.fastshop.order.domain.OutboxWritten;
import dev.fastshop.order.repository.OutboxRepository;
import dev.fastshop.order.repository.OutboxRepository.PendingMessage;
import dev.fastshop.order.repository.OutboxRepository.Published;

/**
 * Relays outbox rows to RabbitMQ. A cycle claims due rows ({@code FOR UPDATE SKIP LOCKED}, so replicas share the
 * work without overlap), publishes them on a confirm-mode channel, waits for the broker's confirms and only then marks
 * them published, all in the claiming transaction. A failed batch is retried with exponential backoff; delivery is at
 * least once and consumers deduplicate by message or job id.
 * <p>
 * Commits call {@link #wake()} so an event leaves within milliseconds; polling is the fallback for rows committed by
 * other replicas, retries and rows left over by a crash. The relay owns its broker connection (Vert.x RabbitMQ client)
 * because it routes each row to its own exchange and key and needs batch confirms.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String JSON = "application/json";
    private static final int PERSISTENT = 2;
    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

    private final Vertx vertx;
    private final Pool pool;
    private final OutboxRepository outbox;
    private final OutboxConfig config;
    private final MeterRegistry registry;
    private final Timer lag;
    private final AtomicLong pending = new AtomicLong();
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();

    private volatile Context context;
    private volatile RabbitMQClient client;
    private volatile boolean stopped;
    /** Set while the broker is unreachable, so an outage is logged once, not on every reconnection attempt. */
    private volatile boolean unreachable;
    private long timerId = -1;

    public OutboxRelay(Vertx vertx, Pool pool, OutboxRepository outbox, OutboxConfig config,
            MeterRegistry registry) {
        this.vertx = vertx;
        this.pool = pool;
        this.outbox = outbox;
        this.config = config;
        this.registry = registry;
        this.lag = Timer.builder("fastshop.outbox.lag").description("Time from commit to broker confirm")
                .serviceLevelObjectives(LAG_BUCKETS).register(registry);
        Gauge.builder("fastshop.outbox.pending", pending, AtomicLong::get)
                .description("Outbox rows not yet published").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Outbox relay disabled");
            return;
        }
        context = vertx.getDelegate().getOrCreateContext();
        context.runOnContext(v -> trigger());
        vertx.setPeriodic(config.pendingRefresh().toMillis(), id -> refreshPending());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        RabbitMQClient current = client;
        if (current != null) {
            current.stop().onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(5));
        }
    }

    /** Asks for a cycle now (after a commit that added rows). Cheap, callable from any thread. */
    /** Committed outbox rows are relayed now rather than at the next poll. */
    void onOutboxWritten(@Observes OutboxWritten written) {
        wake();
    }

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
        RabbitMQClient current = client;
        return current != null && current.isConnected();
    }

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
        if (relayed >= config.batchSize() || wakeRequested.get()) {
            context.runOnContext(v -> trigger());
            return;
        }
        vertx.cancelTimer(timerId);
        long delay = relayed < 0 ? config.reconnectDelay().toMillis() : config.pollInterval().toMillis();
        timerId = vertx.setTimer(delay, id -> context.runOnContext(v -> trigger()));
    }

    private Uni<Integer> cycle() {
        return connection().chain(broker -> pool.withTransaction(tx -> outbox.claim(tx, config.batchSize())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Long[] ids = rows.stream().map(PendingMessage::id).toArray(Long[]::new);
                    return publish(broker, rows)
                            .chain(() -> outbox.markPublished(tx, ids))
                            .invoke(this::record)
                            .map(done -> done.size())
                            .onFailure().recoverWithUni(failure -> {
                                LOG.warnf("Publishing %d outbox rows failed, will retry: %s", ids.length,
                                        failure.toString());
                                discard(broker);
                                return outbox.markFailed(tx, ids, failure.toString(), config.baseBackoff(),
                                        config.maxBackoff()).replaceWith(-1);
                            });
                })));
    }

    private Uni<Void> publish(RabbitMQClient broker, List<PendingMessage> rows) {
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> broker.basicPublish(row.exchange(), row.routing(),
                        properties(row), Buffer.buffer(row.payload())))
                .collect().last()
                .chain(() -> broker.waitForConfirms(config.confirmTimeout().toMillis()));
    }

    private void record(List<Published> done) {
        for (Published row : done) {
            lag.record(row.lag());
            published.computeIfAbsent(row.type(), type -> Counter.builder("fastshop.outbox.published")
                    .description("Outbox rows confirmed by the broker").tag("type", type).register(registry))
                    .increment();
        }
        pending.updateAndGet(value -> Math.max(0, value - done.size()));
    }

    /** The current confirm-mode connection, opened (and the topology declared) when there is none. */
    private Uni<RabbitMQClient> connection() {
        RabbitMQClient current = client;
        if (current != null && current.isConnected()) {
            return Uni.createFrom().item(current);
        }
        if (current != null) {
            discard(current);
        }
        RabbitMQClient fresh = RabbitMQClient.create(vertx, options());
        return fresh.start()
                .chain(fresh::confirmSelect)
                .chain(() -> declareTopology(fresh))
                .map(ignored -> {
                    client = fresh;
                    unreachable = false;
                    LOG.infof("Outbox relay connected to %s:%d", config.broker().host(), config.broker().port());
                    return fresh;
                })
                .onFailure().call(failure -> {
                    if (!unreachable) {
                        unreachable = true;
                        LOG.warnf("Outbox relay cannot reach the broker (%s); retrying every %d ms, events wait in "
                                + "the outbox", failure.toString(), config.reconnectDelay().toMillis());
                    }
                    return fresh.stop().onFailure().recoverWithNull();
                });
    }

    /** Idempotent: the same declarations as every other publisher of these names (see docs/messaging.md). */
    private Uni<Void> declareTopology(RabbitMQClient broker) {
        return broker.exchangeDeclare(Topology.EVENTS_EXCHANGE, "topic", true, false)
                .chain(() -> broker.exchangeDeclare(Topology.JOBS_EXCHANGE, "direct", true, false))
                .chain(() -> broker.exchangeDeclare(Topology.JOB_RESULTS_EXCHANGE, "topic", true, false))
                .chain(() -> declareJobQueue(broker, JobType.INVOICE))
                .chain(() -> declareJobQueue(broker, JobType.EMAIL));
    }

    private static Uni<Void> declareJobQueue(RabbitMQClient broker, JobType type) {
        String queue = Topology.jobQueue(type);
        return broker.queueDeclare(queue, true, false, false,
                new JsonObject(new HashMap<>(Topology.jobQueueArguments(type))))
                .chain(() -> broker.queueBind(queue, Topology.JOBS_EXCHANGE, type.key()));
    }

    private void discard(RabbitMQClient broker) {
        if (client == broker) {
            client = null;
        }
        broker.stop().subscribe().with(ignored -> {
        }, ignored -> {
        });
    }

    private void refreshPending() {
        outbox.countPending().subscribe().with(pending::set,
                failure -> LOG.debugf("Cannot count pending outbox rows: %s", failure.toString()));
    }

    private RabbitMQOptions options() {
        OutboxConfig.Broker broker = config.broker();
        return new RabbitMQOptions().setHost(broker.host()).setPort(broker.port()).setUser(broker.username())
                .setPassword(broker.password()).setVirtualHost(broker.virtualHost())
                .setConnectionTimeout((int) config.confirmTimeout().toMillis())
                .setAutomaticRecoveryEnabled(false).setReconnectAttempts(0)
                .setConnectionName("order-service-outbox-relay");
    }

    private static AMQP.BasicProperties properties(PendingMessage row) {
        return new AMQP.BasicProperties.Builder().contentType(JSON).deliveryMode(PERSISTENT)
                .messageId("order-outbox-" + row.id()).type(row.type()).timestamp(new Date()).build();
    }
}
