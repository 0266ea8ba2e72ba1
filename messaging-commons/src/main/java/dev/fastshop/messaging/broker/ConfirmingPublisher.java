package dev.fastshop.messaging.broker;

import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;

import dev.fastshop.messaging.config.BrokerConfig;

/**
 * A service's own confirm-mode connection to the broker of {@link BrokerConfig}, for what the SmallRye connector does
 * not do: a publish whose exchange and routing key vary per message, a batch confirmed as a whole, declarations and
 * queue depths.
 * <ul>
 * <li><b>Lazy connect:</b> the first {@link #connection()} opens the connection (Vert.x RabbitMQ client), puts its
 * channel in confirm mode and runs the owner's {@link Declarations}; concurrent callers share that one attempt.</li>
 * <li><b>Publish and wait for the confirm:</b> {@link #publish(RabbitMQClient, List)} publishes in order and waits
 * for the broker's confirms, so a message counts as sent only once the broker has it.</li>
 * <li><b>Reconnect after a failure:</b> with {@link Settings#replacedOnFailure} a lost connection is dropped and the
 * next use opens a new one (declaring again); {@link #discard} drops one after a failed publish. With
 * {@link Settings#recovering} the client's automatic recovery keeps the same connection instead.</li>
 * <li><b>Close on shutdown:</b> the owner calls {@link #close()}.</li>
 * </ul>
 * A plain class, not a bean: each owner (order {@code OutboxRelay}, catalog {@code ImageOutboxRelay}, worker
 * {@code BrokerClient}) makes its own, with its connection name and declarations.
 */
public class ConfirmingPublisher {

    private static final Logger LOG = Logger.getLogger(ConfirmingPublisher.class);

    /** What a connection declares (exchanges, queues, bindings) before its first use, idempotently. */
    @FunctionalInterface
    public interface Declarations {
        Declarations NONE = broker -> Uni.createFrom().voidItem();

        Uni<Void> declare(RabbitMQClient broker);
    }

    /**
     * @param connectionName
     *            shown in the broker's management UI
     * @param confirmTimeout
     *            how long a publish waits for the broker's confirms
     * @param connectTimeout
     *            how long a connection attempt may take; null: the client's default
     * @param reconnectInterval
     *            null: one attempt per connection, a lost one is replaced on the next use; otherwise the client
     *            reconnects by itself at this interval, for ever (and {@link #connection()} waits for the broker)
     */
    public record Settings(String connectionName, Duration confirmTimeout, Duration connectTimeout,
            Duration reconnectInterval) {

        /**
         * A connection that fails fast: one attempt bounded by the confirm timeout, no automatic recovery; a lost or
         * failed connection is dropped and the next use opens (and declares) a new one.
         */
        public static Settings replacedOnFailure(String connectionName, Duration confirmTimeout) {
            return new Settings(connectionName, confirmTimeout, confirmTimeout, null);
        }

        /** A connection that the client keeps reconnecting every {@code reconnectInterval}, for ever. */
        public static Settings recovering(String connectionName, Duration confirmTimeout,
                Duration reconnectInterval) {
            return new Settings(connectionName, confirmTimeout, null, reconnectInterval);
        }

        boolean recovering() {
            return reconnectInterval != null;
        }
    }

    private final Vertx vertx;
    private final BrokerConfig broker;
    private final Settings settings;
    private final Declarations declarations;
    private final RabbitMQOptions options;

    /** The open connection; guarded by {@code this} for writes. */
    private volatile RabbitMQClient client;
    /** The connection attempt under way, shared by everyone who asks meanwhile. */
    private Uni<RabbitMQClient> opening;
    private boolean closed;

    public ConfirmingPublisher(Vertx vertx, BrokerConfig broker, Settings settings, Declarations declarations) {
        this.vertx = vertx;
        this.broker = broker;
        this.settings = settings;
        this.declarations = declarations;
        this.options = options(broker, settings);
    }

    /** The open connection, or a new one (confirm mode, declarations done) when there is none or it was lost. */
    public Uni<RabbitMQClient> connection() {
        return Uni.createFrom().deferred(this::currentOrOpen);
    }

    /**
     * Publishes the messages in order on {@code broker} and completes once the broker confirmed them (it waits for
     * every confirm outstanding on the channel), or fails after the confirm timeout. The connection is left as it is:
     * a caller that gives up on it after a failure calls {@link #discard}.
     */
    public Uni<Void> publish(RabbitMQClient broker, List<OutgoingMessage> messages) {
        return Multi.createFrom().iterable(messages)
                .onItem().transformToUniAndConcatenate(message -> broker.basicPublish(message.exchange(),
                        message.routingKey(), message.properties(), message.body()))
                .collect().last()
                .chain(() -> broker.waitForConfirms(settings.confirmTimeout().toMillis()));
    }

    /**
     * Connects if needed, publishes one message and completes once the broker confirmed it. If the publish or the
     * confirm fails, the connection is dropped and the next use opens a new one.
     */
    public Uni<Void> publish(OutgoingMessage message) {
        return connection().chain(broker -> publish(broker, List.of(message))
                .onFailure().invoke(() -> discard(broker)));
    }

    /** Whether a connection is open right now. */
    public boolean connected() {
        RabbitMQClient current = client;
        return current != null && current.isConnected();
    }

    /** Drops a connection that failed (stopping it in the background); the next use opens a new one. */
    public void discard(RabbitMQClient broker) {
        synchronized (this) {
            if (client == broker) {
                client = null;
            }
        }
        stopQuietly(broker);
    }

    /** Stops the open connection; nothing is opened any more. */
    public Uni<Void> close() {
        RabbitMQClient current;
        synchronized (this) {
            closed = true;
            current = client;
            client = null;
        }
        return current == null ? Uni.createFrom().voidItem() : current.stop();
    }

    private synchronized Uni<RabbitMQClient> currentOrOpen() {
        if (closed) {
            return Uni.createFrom().failure(new IllegalStateException(settings.connectionName() + " is closed"));
        }
        RabbitMQClient current = client;
        if (current != null) {
            if (settings.recovering() || current.isConnected()) {
                return Uni.createFrom().item(current);
            }
            client = null;
            stopQuietly(current);
        }
        if (opening == null) {
            opening = open().memoize().indefinitely();
        }
        return opening;
    }

    private Uni<RabbitMQClient> open() {
        RabbitMQClient fresh = RabbitMQClient.create(vertx, options);
        return fresh.start()
                .chain(fresh::confirmSelect)
                .chain(() -> declarations.declare(fresh))
                .onItemOrFailure().transformToUni((ignored, failure) -> opened(fresh, failure));
    }

    private Uni<RabbitMQClient> opened(RabbitMQClient fresh, Throwable failure) {
        boolean kept;
        synchronized (this) {
            opening = null;
            kept = failure == null && !closed;
            if (kept) {
                client = fresh;
            }
        }
        if (kept) {
            LOG.infof("%s connected to %s:%d", settings.connectionName(), broker.host(), broker.port());
            return Uni.createFrom().item(fresh);
        }
        Throwable cause = failure != null
                ? failure
                : new IllegalStateException(settings.connectionName() + " is closed");
        return fresh.stop().onFailure().recoverWithNull().chain(() -> Uni.createFrom().failure(cause));
    }

    private static void stopQuietly(RabbitMQClient broker) {
        broker.stop().subscribe().with(ignored -> {
        }, ignored -> {
        });
    }

    private static RabbitMQOptions options(BrokerConfig broker, Settings settings) {
        RabbitMQOptions options = new RabbitMQOptions().setHost(broker.host()).setPort(broker.port())
                .setUser(broker.username()).setPassword(broker.password()).setVirtualHost(broker.virtualHost())
                .setConnectionName(settings.connectionName());
        if (settings.connectTimeout() != null) {
            options.setConnectionTimeout((int) settings.connectTimeout().toMillis());
        }
        if (settings.recovering()) {
            return options.setAutomaticRecoveryEnabled(true).setReconnectAttempts(Integer.MAX_VALUE)
                    .setReconnectInterval(settings.reconnectInterval().toMillis());
        }
        return options.setAutomaticRecoveryEnabled(false).setReconnectAttempts(0);
    }
}
