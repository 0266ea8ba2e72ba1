package dev.fastshop.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.redis.client.Redis;

import dev.fastshop.gateway.domain.RateLimitDecision;
import dev.fastshop.gateway.support.GatewayTestResource;

/** Two limiter objects stand for two gateway replicas sharing one Redis. */
@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
class RedisRateLimiterTest {

    private static final int LIMIT = 10;
    private static final Gcra PER_MINUTE = Gcra.of(LIMIT, Duration.ofMinutes(1));

    @Inject
    Redis redis;

    @Test
    void limitIsSharedAcrossReplicas() throws Exception {
        String prefix = "fastshop:gateway:test:" + UUID.randomUUID() + ":";
        RedisRateLimiter replicaA = new RedisRateLimiter(redis, prefix);
        RedisRateLimiter replicaB = new RedisRateLimiter(redis, prefix);
        int allowed = 0;
        for (int i = 0; i < 2 * LIMIT; i++) {
            RedisRateLimiter replica = i % 2 == 0 ? replicaA : replicaB;
            if (acquire(replica, "user-1").allowed()) {
                allowed++;
            }
        }
        assertEquals(LIMIT, allowed);
        RateLimitDecision rejected = acquire(replicaB, "user-1");
        assertFalse(rejected.allowed());
        assertEquals(0, rejected.remaining());
        assertTrue(rejected.retryAfterSeconds() >= 1 && rejected.retryAfterSeconds() <= 6);
        assertTrue(acquire(replicaA, "user-2").allowed(), "another key has its own bucket");
    }

    @Test
    void remainingCountsDown() throws Exception {
        RedisRateLimiter limiter = new RedisRateLimiter(redis, "fastshop:gateway:test:" + UUID.randomUUID() + ":");
        for (int i = 1; i <= 3; i++) {
            RateLimitDecision decision = acquire(limiter, "user");
            assertTrue(decision.allowed());
            assertEquals(LIMIT - i, decision.remaining());
            assertEquals(LIMIT, decision.limit());
        }
    }

    private static RateLimitDecision acquire(RedisRateLimiter limiter, String key) throws Exception {
        return limiter.acquire(key, PER_MINUTE).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
