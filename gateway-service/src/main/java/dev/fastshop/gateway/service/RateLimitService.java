package dev.fastshop.gateway.service;

import java.util.EnumMap;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import dev.fastshop.gateway.config.GatewayConfig;
import dev.fastshop.gateway.domain.RateLimitDecision;
import dev.fastshop.gateway.domain.Tier;

/**
 * Tiered limits shared by all replicas through Redis. When Redis does not answer in time the check never fails the
 * request: it falls back to the per-replica limiter (or lets the request through, as configured) and leaves Redis
 * alone for a short interval instead of paying the timeout on every request.
 */
@ApplicationScoped
public class RateLimitService {

    private static final Logger LOG = Logger.getLogger(RateLimitService.class);
    private static final long EVICTION_PERIOD_MS = 10_000;

    private final Vertx vertx;
    private final GatewayConfig.RateLimit config;
    private final Redis redis;
    private final RedisRateLimiter redisLimiter;
    private final LocalRateLimiter localLimiter = new LocalRateLimiter();
    private final Map<Tier, Gcra> tiers = new EnumMap<>(Tier.class);
    private final long redisRetryIntervalMicros;
    private volatile long redisSkippedUntilMicros;
    private long evictionTimer = -1;

    public RateLimitService(Vertx vertx, Redis redis, GatewayConfig config) {
        this.vertx = vertx;
        this.config = config.rateLimit();
        this.redis = redis;
        this.redisLimiter = new RedisRateLimiter(vertx,
                RedisRateLimiter.options(this.config.redisHosts(), this.config.redisMaxPoolSize(),
                        this.config.redisMaxPoolWaiting()),
                this.config.keyPrefix(),
                this.config.redisTimeout().toMillis());
        this.redisRetryIntervalMicros = this.config.redisRetryInterval().toNanos() / 1000;
        for (Tier tier : Tier.values()) {
            GatewayConfig.RateLimit.Tier limits = this.config.tiers().get(tier.key());
            if (limits == null) {
                throw new IllegalStateException("Missing gateway.rate-limit.tiers." + tier.key() + ".limit");
            }
            tiers.put(tier, Gcra.of(limits.limit(), limits.period()));
        }
    }

    @PostConstruct
    void scheduleEviction() {
        evictionTimer = vertx.setPeriodic(EVICTION_PERIOD_MS, id -> localLimiter.evictIdle(nowMicros()));
    }

    /** Says at start when Redis is unreachable (each event loop's limiter client connects on its first request). */
    void warmUp(@Observes StartupEvent event) {
        if (config.enabled()) {
            redis.send(Request.cmd(Command.PING))
                    .onFailure(e -> LOG.warnf("Redis unreachable at start; rate limits fail open: %s", e.getMessage()));
        }
    }

    @PreDestroy
    void close() {
        vertx.cancelTimer(evictionTimer);
        redisLimiter.close();
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Checks and counts one request of {@code key} (a user id or a client address) in its tier. */
    public Future<RateLimitDecision> acquire(Tier tier, String key) {
        Gcra gcra = tiers.get(tier);
        String bucket = tier.key() + ":" + key;
        if (nowMicros() < redisSkippedUntilMicros) {
            return Future.succeededFuture(fallback(bucket, gcra));
        }
        return redisLimiter.acquire(bucket, gcra).recover(e -> {
            long now = nowMicros();
            if (now >= redisSkippedUntilMicros) { // once per outage interval, not once per waiting request
                LOG.warnf("Rate limiting without Redis for %d ms: %s", redisRetryIntervalMicros / 1000,
                        e.getMessage());
            }
            redisSkippedUntilMicros = now + redisRetryIntervalMicros;
            return Future.succeededFuture(fallback(bucket, gcra));
        });
    }

    private RateLimitDecision fallback(String bucket, Gcra gcra) {
        if (config.onRedisFailure() == GatewayConfig.RedisFailureMode.ALLOW) {
            return new RateLimitDecision(true, gcra.limit(), gcra.limit(), 0, 0);
        }
        return localLimiter.acquire(bucket, gcra, nowMicros());
    }

    private static long nowMicros() {
        return System.currentTimeMillis() * 1000;
    }
}
