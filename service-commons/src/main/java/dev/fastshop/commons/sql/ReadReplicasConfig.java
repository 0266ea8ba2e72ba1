package dev.fastshop.commons.sql;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * PostgreSQL streaming replicas a service reads from ({@link ReadReplicas}); a group of each service's own
 * {@code @ConfigMapping} ({@code <prefix>.read-replicas.*}).
 */
public interface ReadReplicasConfig {

    /** Replica URLs ({@code postgresql://host:port/db}); none → every read on the primary. */
    Optional<List<String>> urls();

    /** A replica whose replay is further behind than this gets no reads until it catches up. */
    @WithDefault("PT2S")
    Duration maxLag();

    /** How often each replica's replay position is sampled. */
    @WithDefault("PT0.5S")
    Duration checkInterval();

    /** Connections per replica pool. */
    @WithDefault("10")
    int poolSize();
}
