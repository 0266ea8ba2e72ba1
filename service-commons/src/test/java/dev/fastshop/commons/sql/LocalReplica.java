package dev.fastshop.commons.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * For the services' tests of {@link ReadReplicas}: the local streaming replica that {@code ./fastshop test} starts
 * (port 5433 unless FASTSHOP_PG_REPLICA_PORT says otherwise), reached with the service's own database credentials, and
 * what the routing counted. Shared through service-commons' test jar.
 */
public final class LocalReplica {

    /** host:port of the replica, as the routing names it in its metrics. */
    public static final String ADDRESS = System.getenv().getOrDefault("FASTSHOP_PG_HOST", "127.0.0.1") + ":"
            + System.getenv().getOrDefault("FASTSHOP_PG_REPLICA_PORT", "5433");

    private LocalReplica() {
    }

    /** Skips the calling test where no replica streams (e.g. {@code FASTSHOP_PG_REPLICA=off}, or not root). */
    public static void assumeStreaming(String database) {
        try (Connection replica = connect(database);
                Statement statement = replica.createStatement();
                ResultSet standby = statement.executeQuery("SELECT pg_is_in_recovery()")) {
            Assumptions.assumeTrue(standby.next() && standby.getBoolean(1), ADDRESS + " is not a standby");
        } catch (SQLException e) {
            Assumptions.abort("no local PostgreSQL replica on " + ADDRESS + " (FASTSHOP_PG_REPLICA=off?): " + e);
        }
    }

    /** Pauses the replica's replay, so that it lags behind every write from now on. */
    public static void pauseReplay(String database) throws SQLException {
        replay(database, "pause");
    }

    public static void resumeReplay(String database) throws SQLException {
        replay(database, "resume");
    }

    /** Reads routed to {@code target} ("replica" or "primary", every reason). */
    public static double reads(MeterRegistry registry, String target) {
        return registry.find("fastshop.db.reads").tag("target", target).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** 1 while the replica at {@code address} takes reads, 0 while it does not, -1 if it is not monitored. */
    public static double fit(MeterRegistry registry, String address) {
        Gauge gauge = registry.find("fastshop.db.replica.fit").tag("replica", address).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private static void replay(String database, String action) throws SQLException {
        try (Connection replica = connect(database); Statement statement = replica.createStatement()) {
            statement.execute("SELECT pg_wal_replay_" + action + "()");
        }
    }

    private static Connection connect(String database) throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection("jdbc:postgresql://" + ADDRESS + "/" + database,
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }
}
