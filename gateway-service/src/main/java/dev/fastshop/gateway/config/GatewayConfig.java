package dev.fastshop.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the gateway decides on: upstream routes, limits, resilience and payload handling. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Catalog upstream (Stork service {@code catalog}). */
    Upstream catalog();

    /** Order upstream (Stork service {@code order}). */
    Upstream order();

    Body body();

    Retry retry();

    CircuitBreaker circuitBreaker();

    RateLimit rateLimit();

    Shedding shedding();

    Compression compression();

    Limits limits();

    Cors cors();

    Storefront storefront();

    Auth auth();

    /**
     * Identity headers a client could try to inject: removed before anything is forwarded, because the upstreams
     * trust only the JWT.
     */
    @WithDefault("X-User-Id,X-User,X-Auth-User,X-Forwarded-User,X-Remote-User,X-Customer-Id")
    List<String> strippedHeaders();

    interface Upstream {
        /** Time to open a connection to one replica. */
        @WithDefault("1s")
        Duration connectTimeout();

        /** Longest wait for the upstream's next bytes (response headers or body chunks). */
        @WithDefault("5s")
        Duration timeout();
    }

    interface Body {
        @WithDefault("1M")
        MemorySize defaultLimit();

        /** {@code POST /api/catalog/products/{id}/image}. */
        @WithDefault("6M")
        MemorySize imageUploadLimit();
    }

    interface Retry {
        /** Attempts for an idempotent request whose upstream could not be reached, the first included. */
        @WithDefault("2")
        int maxAttempts();

        /** Retries allowed as a share of requests, so retries cannot multiply the load of a failing upstream. */
        @WithDefault("0.2")
        double budgetRatio();

        /** Retries always allowed per second, so an idle gateway can still retry. */
        @WithDefault("5")
        int minRetriesPerSecond();
    }

    interface CircuitBreaker {
        @WithDefault("20")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        @WithDefault("5s")
        Duration delay();
    }

    interface RateLimit {
        /** Off for the "gateway without rate limiting" benchmark; JWT checks of protected routes stay on. */
        @WithDefault("true")
        boolean enabled();

        /** What to do when Redis does not answer within {@link #redisTimeout()}. */
        @WithDefault("local")
        RedisFailureMode onRedisFailure();

        /**
         * Bound of one Redis call; a request that queued behind its key's call in flight waits for at most two.
         */
        @WithDefault("100ms")
        Duration redisTimeout();

        /** After a Redis failure, the in-memory limiter is used for this long before Redis is tried again. */
        @WithDefault("2s")
        Duration redisRetryInterval();

        @WithDefault("fastshop:gateway:rl:")
        String keyPrefix();

        /**
         * The state Redis, for the limiter's own client per event loop: application.properties points these at the
         * Quarkus client's {@code quarkus.redis.hosts}, {@code max-pool-size} and {@code max-pool-waiting}.
         */
        String redisHosts();

        int redisMaxPoolSize();

        int redisMaxPoolWaiting();

        /** CIDRs of proxies whose {@code X-Forwarded-For} is believed; empty: only the TCP peer counts. */
        @WithDefault("127.0.0.1/32")
        List<String> trustedProxies();

        /** Per tier ({@code anonymous}, {@code standard}, {@code premium}). */
        Map<String, Tier> tiers();

        interface Tier {
            /** Requests allowed per {@link #period()}; also the burst size. */
            int limit();

            @WithDefault("1s")
            Duration period();
        }
    }

    enum RedisFailureMode {
        /** Fail open to a per-replica in-memory limiter. */
        LOCAL,
        /** Fail open without limiting. */
        ALLOW
    }

    interface Shedding {
        /** In-flight requests above which new ones get a fast 503; 0 disables shedding. */
        @WithDefault("2000")
        int maxInFlight();
    }

    interface Compression {
        /** Responses with a known length below this are sent uncompressed. */
        @WithDefault("1K")
        MemorySize threshold();

        @WithDefault("application/json,application/problem+json,text/html,text/plain,text/css,application/javascript,image/svg+xml")
        List<String> mediaTypes();
    }

    /**
     * What a request may carry, checked by the gateway so that a refusal is problem+json. The HTTP server's own
     * limits ({@code quarkus.http.limits.*}) sit above these as the hard ceiling, where the answer has no body.
     */
    interface Limits {
        /** Longest request target (path and query); longer is 414. */
        @WithDefault("8192")
        int maxUriLength();

        /** Largest sum of header names and values; larger is 431. */
        @WithDefault("16K")
        MemorySize maxHeadersSize();
    }

    interface Cors {
        /**
         * Origins allowed to call from a browser ({@code *} for any); also given to Quarkus' CORS handler, which
         * answers the allowed ones. A foreign origin gets 403 problem+json from the gateway first.
         */
        List<String> origins();
    }

    interface Auth {
        TokenCache tokenCache();

        /** Verified bearer tokens, so a repeated token skips parsing and RS256 verification. */
        interface TokenCache {
            @WithDefault("true")
            boolean enabled();

            /** Longest a token stays cached even before its {@code exp}: bounds how long a rotated key is trusted. */
            @WithDefault("5m")
            Duration maxTtl();

            /** Entries held; a full cache is emptied. */
            @WithDefault("10000")
            int maxSize();
        }
    }

    interface Storefront {
        @WithDefault("/products?limit=8")
        String featuredPath();

        @WithDefault("/categories")
        String categoriesPath();

        @WithDefault("5s")
        Duration cacheTtl();
    }
}
