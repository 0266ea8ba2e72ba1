package dev.fastshop.order.config;

import java.math.BigDecimal;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.fastshop.commons.sql.ReadReplicasConfig;

/** Business settings of the order service. */
@ConfigMapping(prefix = "fastshop.order")
public interface OrderConfig {

    /** VAT applied on top of the catalog's net prices. */
    @WithDefault("0.20")
    BigDecimal taxRate();

    /** How long an Idempotency-Key is remembered; a retry after that creates a new order. */
    @WithDefault("PT24H")
    Duration idempotencyTtl();

    /** How often expired keys and old published outbox rows are deleted. */
    @WithDefault("PT10M")
    Duration purgeInterval();

    /**
     * How old a pending reservation (taken, its order not committed) must be before the sweeper gives its stock back;
     * longer than any order request can take (catalog and database timeouts included).
     */
    @WithDefault("PT30S")
    Duration reservationTimeout();

    /**
     * The time a request may spend on a catalog that answers slowly (just restarted, busy): an order's price read and
     * reservation together, a cancel's or the sweeper's release, retries included. A catalog that does not answer at
     * all is given up on sooner (CatalogClient, its LivenessProbe), so this is time granted to a catalog that is
     * working: long enough for a cold one just restarted on saturated cores (3 s was not, in chaos kill-catalog), well
     * inside the gateway's 10 s order timeout, so the order service always answers first.
     */
    @WithDefault("PT6S")
    Duration catalogBudget();

    /** How often the sweeper looks for pending reservations past the timeout. */
    @WithDefault("PT10S")
    Duration sweepInterval();

    @WithDefault("20")
    int defaultPageSize();

    @WithDefault("100")
    int maxPageSize();

    /** PostgreSQL streaming replicas for order reads (README, "Read replicas"). */
    ReadReplicasConfig readReplicas();
}
