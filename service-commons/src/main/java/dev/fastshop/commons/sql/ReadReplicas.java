package dev.fastshop.commons.sql;

import java.net.SocketException;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * Routes reads to PostgreSQL streaming replicas, each with its own pool, and everything else to the primary.
 * <p>
 * A monitor samples the primary's WAL position and each replica's replay position every {@code checkInterval}. A
 * replica's lag is how long ago the primary had written the first WAL the replica has not replayed yet, so an idle
 * primary means no lag, unlike {@code now() - pg_last_xact_replay_timestamp()}. Three kinds of read:
 * <ul>
 * <li>{@link #read}: staleness up to {@code maxLag} is fine (search, listings, categories). A replica that is
 * down or lags more gets no reads; with none left, the primary serves them.</li>
 * <li>{@link #readAfterWrites}: the read must see every write this instance made or heard of ({@link #wrote()}),
 * e.g. a cache fill after a change. A replica qualifies once its replay position has passed the primary's position
 * sampled after that write; until then the primary answers.</li>
 * <li>{@link #readAfter}: the read must see the writes a client was told of ({@link #primaryPosition()}
 * after its write): a replica that has replayed that far, else the primary.</li>
 * </ul>
 * A read that fails on a replica runs again on the primary. Without replica URLs every read runs on the primary.
 * Reads are counted in {@code fastshop.db.reads{target,reason}}.
 */
public final class ReadReplicas {

    private static final Logger LOG = Logger.getLogger(ReadReplicas.class);
    private static final String PRIMARY_LSN = "SELECT (pg_current_wal_lsn() - '0/0')::bigint AS lsn";
    private static final String REPLAY_LSN = "SELECT pg_is_in_recovery() AS standby,"
            + " (pg_last_wal_replay_lsn() - '0/0')::bigint AS lsn";

    private record Sample(long nanos, long lsn) {
    }

    private final class Replica {
        final String name;
        final Pool pool;
        volatile boolean fit;
        volatile long replayLsn = -1;
        volatile double lagSeconds = Double.NaN;
        volatile String problem;

        Replica(String name, Pool pool) {
            this.name = name;
            this.pool = pool;
        }
    }

    private final Pool primary;
    private final List<Replica> replicas;
    private final long maxLagNanos;
    private final Duration probeTimeout;
    private final MeterRegistry registry;
    private final Counter toReplica;
    /** Bumped by every write; the monitor turns the latest bump into a fence. */
    private final AtomicLong writes = new AtomicLong();
    private volatile long fencedWrites;
    /** The primary's WAL position that replicas must have replayed to serve reads after writes. */
    private volatile long fence;
    private final AtomicInteger next = new AtomicInteger();
    /** The primary's recent WAL positions, oldest first; written by the monitor only. */
    private final Deque<Sample> history = new ConcurrentLinkedDeque<>();
    private final Vertx vertx;
    private final long timer;
    private volatile boolean checking;

    private ReadReplicas(Vertx vertx, Pool primary, ReadReplicasConfig config, String user, String password,
            MeterRegistry registry) {
        this.vertx = vertx;
        this.primary = primary;
        this.registry = registry;
        this.maxLagNanos = config.maxLag().toNanos();
        // A replica that does not answer within this is down for routing: a black-holed host must not keep reads.
        this.probeTimeout = config.checkInterval().multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0
                ? config.checkInterval().multipliedBy(2)
                : Duration.ofSeconds(1);
        this.toReplica = registry.counter("fastshop.db.reads", "target", "replica", "reason", "routed");
        this.replicas = config.urls().orElse(List.of()).stream()
                .map(url -> replica(vertx, url, user, password, config.poolSize())).toList();
        this.timer = replicas.isEmpty()
                ? -1
                : vertx.setPeriodic(0, config.checkInterval().toMillis(), ignored -> check());
    }

    /**
     * Routes to the replicas {@code config} lists, or to the primary alone if there are none. A URL without
     * credentials uses the primary's {@code user} and {@code password}: a streaming replica has the same roles.
     */
    public static ReadReplicas create(Vertx vertx, Pool primary, ReadReplicasConfig config, String user,
            String password, MeterRegistry registry) {
        return new ReadReplicas(vertx, primary, config, user, password, registry);
    }

    private Replica replica(Vertx vertx, String url, String user, String password, int poolSize) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setCachePreparedStatements(true);
        if (!url.contains("@")) {
            options.setUser(user).setPassword(password);
        }
        String name = options.getHost() + ":" + options.getPort();
        Pool pool = Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(poolSize).setName("read-replica-" + name))
                .connectingTo(options).using(vertx.getDelegate()).build());
        Replica replica = new Replica(name, pool);
        Gauge.builder("fastshop.db.replica.lag", replica, r -> r.lagSeconds).baseUnit("seconds")
                .tag("replica", name).description("How far the replica's replay is behind the primary")
                .register(registry);
        Gauge.builder("fastshop.db.replica.fit", replica, r -> r.fit ? 1 : 0).tag("replica", name)
                .description("1 while the replica is up and within the lag bound").register(registry);
        return replica;
    }

    /** Runs {@code query} on a replica at most {@code maxLag} behind, or on the primary. */
    public <T> Uni<T> read(Function<Pool, Uni<T>> query) {
        return run(pick(0), query);
    }

    /** Runs {@code query} where it sees every write this instance made or was told of ({@link #wrote()}). */
    public <T> Uni<T> readAfterWrites(Function<Pool, Uni<T>> query) {
        if (!replicas.isEmpty() && writes.get() != fencedWrites) {
            return run(toPrimary("write-pending"), query);
        }
        return run(pick(fence), query);
    }

    /**
     * Runs {@code query} where it sees the writes up to {@code position} ({@link WalPosition#NONE}: on any fit
     * replica). When a replica found nothing ({@code absent}), once more on the primary: a client that did not carry
     * the position of its own write (a new order) still finds it.
     */
    public <T> Uni<T> readAfter(WalPosition position, Function<Pool, Uni<T>> query, Predicate<T> absent) {
        return caughtUp(position.value()).flatMap(reader -> reader == primary
                ? query.apply(primary)
                : run(reader, query).flatMap(found -> absent.test(found)
                        ? query.apply(toPrimary("absent-on-replica"))
                        : Uni.createFrom().item(found)));
    }

    /**
     * A fit replica known to have replayed {@code required}; else a fit one that says so when asked now (a round trip
     * to the replica, which a client reading right after its write usually passes: replay takes about a millisecond
     * here, less than the client's next request); else the primary.
     */
    private Uni<Pool> caughtUp(long required) {
        if (replicas.isEmpty()) {
            return Uni.createFrom().item(primary);
        }
        Choice known = choose(required);
        if (known.replica() != null) {
            toReplica.increment();
            return Uni.createFrom().item(known.replica().pool);
        }
        Replica candidate = choose(0).replica();
        if (candidate == null) {
            return Uni.createFrom().item(toPrimary(known.reason()));
        }
        return candidate.pool.query(REPLAY_LSN).execute().map(rows -> rows.iterator().next().getLong("lsn"))
                .ifNoItem().after(probeTimeout).fail()
                .map(replayed -> {
                    if (replayed != null && replayed >= required) {
                        candidate.replayLsn = Math.max(candidate.replayLsn, replayed);
                        toReplica.increment();
                        return candidate.pool;
                    }
                    return toPrimary("write-pending");
                })
                .onFailure().recoverWithItem(() -> toPrimary("replica-failed"));
    }

    /**
     * A replica's failure is never the client's: the query runs again on the primary. A replica that lost its
     * connection or refuses new ones gets no more reads until the monitor finds it answering again, so a replica
     * stopped mid-run costs the reads in flight one retry each, not an error.
     */
    private <T> Uni<T> run(Pool reader, Function<Pool, Uni<T>> query) {
        if (reader == primary) {
            return query.apply(primary);
        }
        return query.apply(reader).onFailure().recoverWithUni(failure -> {
            if (SqlFailures.unavailable(failure) || failure instanceof SocketException) {
                replicas.stream().filter(replica -> replica.pool == reader).forEach(replica -> {
                    if (replica.fit) {
                        LOG.warnf("read replica %s failed, its reads go to the primary: %s", replica.name,
                                failure.getMessage());
                    }
                    replica.fit = false;
                    replica.problem = "down";
                });
            }
            return query.apply(toPrimary("replica-failed"));
        });
    }

    /**
     * Where the primary's WAL stands now: asked after a commit, the position a later read of that write must wait
     * for. {@link WalPosition#NONE} without replicas, at no cost.
     */
    public Uni<WalPosition> primaryPosition() {
        if (replicas.isEmpty()) {
            return Uni.createFrom().item(WalPosition.NONE);
        }
        return SqlStatements.query(primary, PRIMARY_LSN)
                .map(rows -> new WalPosition(rows.iterator().next().getLong("lsn")));
    }

    /** A write was made here (or announced by another instance): reads after writes wait for replicas to replay it. */
    public void wrote() {
        if (!replicas.isEmpty()) {
            writes.incrementAndGet();
        }
    }

    public boolean configured() {
        return !replicas.isEmpty();
    }

    private Pool pick(long required) {
        if (replicas.isEmpty()) {
            return primary;
        }
        Choice choice = choose(required);
        if (choice.replica() == null) {
            return toPrimary(choice.reason());
        }
        toReplica.increment();
        return choice.replica().pool;
    }

    /** A replica, or why none will do. */
    private record Choice(Replica replica, String reason) {
    }

    /** The next fit replica (round robin) known to have replayed {@code required}. */
    private Choice choose(long required) {
        int size = replicas.size();
        int start = Math.floorMod(next.getAndIncrement(), size);
        String reason = "down";
        for (int i = 0; i < size; i++) {
            Replica replica = replicas.get((start + i) % size);
            if (!replica.fit) {
                reason = replica.problem == null ? reason : replica.problem;
            } else if (replica.replayLsn < required) {
                reason = "write-pending";
            } else {
                return new Choice(replica, null);
            }
        }
        return new Choice(null, reason);
    }

    private Pool toPrimary(String reason) {
        registry.counter("fastshop.db.reads", "target", "primary", "reason", reason).increment();
        return primary;
    }

    /** One round of the monitor: the primary's position first, then every replica's, so a fence is never ahead. */
    private void check() {
        if (checking) {
            return;
        }
        checking = true;
        long writesBefore = writes.get();
        primary.query(PRIMARY_LSN).execute().map(rows -> rows.iterator().next().getLong("lsn"))
                .ifNoItem().after(probeTimeout).fail()
                .onFailure().recoverWithItem(-1L)
                .flatMap(lsn -> {
                    long now = System.nanoTime();
                    if (lsn >= 0) {
                        remember(now, lsn);
                    }
                    return Uni.join().all(replicas.stream().map(replica -> probe(replica, now)).toList())
                            .andCollectFailures().replaceWith(lsn);
                })
                .onTermination().invoke(() -> checking = false)
                .subscribe().with(lsn -> {
                    if (lsn >= 0 && writesBefore != fencedWrites) {
                        fence = Math.max(fence, lsn);
                        fencedWrites = writesBefore;
                    }
                }, failure -> LOG.debugf("replica check failed: %s", failure.getMessage()));
    }

    private Uni<Void> probe(Replica replica, long sampledAt) {
        return replica.pool.query(REPLAY_LSN).execute().map(rows -> rows.iterator().next())
                .ifNoItem().after(probeTimeout).fail()
                .map(row -> {
                    assess(replica, row, sampledAt);
                    return (Void) null;
                })
                .onFailure().recoverWithItem(failure -> {
                    if (replica.fit || replica.problem == null) {
                        LOG.warnf("read replica %s is unreachable, its reads go to the primary: %s", replica.name,
                                failure.getMessage());
                    }
                    replica.fit = false;
                    replica.problem = "down";
                    replica.lagSeconds = Double.NaN;
                    return null;
                });
    }

    private void assess(Replica replica, Row row, long now) {
        if (!Boolean.TRUE.equals(row.getBoolean("standby")) || row.getLong("lsn") == null) {
            if (!"not-standby".equals(replica.problem)) {
                LOG.warnf("read replica %s is not a standby; it gets no reads", replica.name);
            }
            replica.fit = false;
            replica.problem = "not-standby";
            return;
        }
        long replay = row.getLong("lsn");
        long lag = lagNanos(replay, now);
        boolean fit = lag <= maxLagNanos;
        if (replica.fit != fit) {
            LOG.infof("read replica %s %s (lag %s)", replica.name,
                    fit ? "takes reads" : "lags too far, its reads go to the primary",
                    lag == Long.MAX_VALUE ? "unknown" : lag / 1_000_000 + " ms");
        }
        replica.replayLsn = replay;
        replica.lagSeconds = lag == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : lag / 1e9;
        replica.problem = fit ? null : "lagging";
        replica.fit = fit;
    }

    private void remember(long now, long lsn) {
        if (history.isEmpty() || history.peekLast().lsn() != lsn) {
            history.addLast(new Sample(now, lsn));
        }
        long horizon = now - Math.max(maxLagNanos * 4, Duration.ofSeconds(60).toNanos());
        while (history.size() > 1 && history.peekFirst().nanos() < horizon) {
            history.removeFirst();
        }
    }

    /**
     * Since when the primary holds WAL this replica has not replayed: the first sample past its replay position. Behind
     * the oldest sample, the lag is unknown and taken as too large (e.g. a replica far behind when the monitor starts).
     */
    private long lagNanos(long replayLsn, long now) {
        Sample oldest = history.peekFirst();
        if (oldest == null || replayLsn < oldest.lsn()) {
            return Long.MAX_VALUE;
        }
        for (Sample sample : history) {
            if (sample.lsn() > replayLsn) {
                return now - sample.nanos();
            }
        }
        return 0;
    }

    /** Stops the monitor and closes the replica pools. */
    public Uni<Void> close() {
        if (replicas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        vertx.cancelTimer(timer);
        return Uni.join().all(replicas.stream().map(replica -> replica.pool.close()).toList()).andCollectFailures()
                .replaceWithVoid();
    }
}
