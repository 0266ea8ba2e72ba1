package dev.fastshop.catalog.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.fastshop.commons.sql.ReadReplicasConfig;

/** Typed configuration of the catalog ({@code catalog.*}). */
@ConfigMapping(prefix = "catalog")
public interface CatalogConfig {

    Cursor cursor();

    Cache cache();

    Images images();

    Search search();

    Security security();

    /** PostgreSQL streaming replicas for reads that tolerate bounded staleness (README, "Read replicas"). */
    ReadReplicasConfig readReplicas();

    interface Security {
        /**
         * JOSE {@code kid}s of the trusted keys whose tokens may act with the role {@code service} (the order
         * service's own key). A token signed with any other trusted key (users' tokens, kid {@code users}) loses that
         * role even if its groups claim it, so no customer can call the reservation endpoints.
         */
        @WithDefault("order-service")
        Set<String> serviceKeyIds();
    }

    interface Search {
        /**
         * How many matches a relevance-sorted search ranks at most; the pages of a query walk that window. Bounds the
         * cost of broad terms: each match ranked is one heap page read at random, so the window is the query's cost
         * (on 1M products 200 matches take 3-8 ms, 1000 take 15-60 ms once they fall out of shared buffers). Other
         * sorts are not windowed.
         */
        @WithDefault("200")
        int rankWindow();
    }

    interface Cursor {
        /**
         * HMAC-SHA256 key of the keyset cursors ({@code CATALOG_CURSOR_SECRET}). Without it each instance draws a
         * random key at start: cursors then break on restart and across instances.
         */
        Optional<String> secret();
    }

    interface Cache {
        /** {@code CATALOG_CACHE_ENABLED=false} serves every read from PostgreSQL (benchmark baseline). */
        @WithDefault("true")
        boolean enabled();

        /** Base time to live of a product in Redis. */
        @WithDefault("PT5M")
        Duration productTtl();

        /** Up to this share of the TTL is added at random, so keys loaded together do not expire together. */
        @WithDefault("0.2")
        double ttlJitter();

        /** How long a 404 is remembered. */
        @WithDefault("PT30S")
        Duration negativeTtl();

        /** How long a search/list page is cached. */
        @WithDefault("PT5S")
        Duration pageTtl();

        /** Local (L1) copy of hot products; dropped on every product.changed event. */
        @WithDefault("PT30S")
        Duration localTtl();

        @WithDefault("10000")
        long localMaxSize();

        /** A Redis call slower than this counts as a miss: the database answers instead. */
        @WithDefault("PT0.25S")
        Duration redisTimeout();

        /** After a Redis failure, requests skip Redis for this long instead of each waiting for a timeout. */
        @WithDefault("PT2S")
        Duration redisBackoff();

        /** Redis failures are logged at most once per interval. */
        @WithDefault("PT30S")
        Duration failureLogInterval();

        /** XFetch beta: above 1 refreshes earlier, 0 disables probabilistic early refresh. */
        @WithDefault("1.0")
        double earlyRefreshBeta();
    }

    interface Images {
        @WithDefault("5242880")
        int maxBytes();

        /**
         * The image outbox relay's poll (uploads wake it at once) and its first retry delay after a failed publish
         * (doubling up to 5 minutes).
         */
        @WithDefault("PT10S")
        Duration retryInterval();
    }
}
