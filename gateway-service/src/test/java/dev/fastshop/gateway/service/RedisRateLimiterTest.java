package dev.fastshop.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import dev.fastshop.gateway.config.GatewayConfig;
import dev.fastshop.gateway.domain.RateLimitDecision;
import dev.fastshop.gateway.support.GatewayTestResource;

/** Two limiter objects stand for two gateway replicas sharing one Redis. */
@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
class RedisRateLimiterTest {

    private static final int LIMIT = 10;
    private static final Gcra PER_MINUTE = Gcra.of(LIMIT, Duration.ofMinutes(1));

    private static final int BURST = 50;
    private static final long TIMEOUT_MS = 2_000;

    @Inject
    Redis redis;

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    @Test
    void limitIsSharedAcrossReplicas() throws Exception {
        String prefix = "fastshop:gateway:test:" + UUID.randomUUID() + ":";
        RedisRateLimiter replicaA = limiter(prefix);
        RedisRateLimiter replicaB = limiter(prefix);
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
        RedisRateLimiter limiter = limiter("fastshop:gateway:test:" + UUID.randomUUID() + ":");
        for (int i = 1; i <= 3; i++) {
            RateLimitDecision decision = acquire(limiter, "user");
            assertTrue(decision.allowed());
            assertEquals(LIMIT - i, decision.remaining());
            assertEquals(LIMIT, decision.limit());
        }
    }

    @Test
    void concurrentRequestsOfOneKeyShareCallsAndTheLimitStaysExact() throws Exception {
        RedisRateLimiter limiter = limiter("fastshop:gateway:test:" + UUID.randomUUID() + ":");
        long callsBefore = scriptCalls();
        List<CompletableFuture<RateLimitDecision>> burst = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            burst.add(limiter.acquire("busy-user", PER_MINUTE).toCompletionStage().toCompletableFuture());
        }
        List<RateLimitDecision> decisions = new ArrayList<>();
        for (CompletableFuture<RateLimitDecision> decision : burst) {
            decisions.add(decision.get(5, TimeUnit.SECONDS));
        }
        long callsMade = scriptCalls() - callsBefore;

        assertEquals(LIMIT, decisions.stream().filter(RateLimitDecision::allowed).count());
        assertEquals(Set.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), decisions.stream()
                .filter(RateLimitDecision::allowed).map(RateLimitDecision::remaining).collect(Collectors.toSet()),
                "each admitted request has its own place in the bucket");
        assertTrue(decisions.stream().filter(d -> !d.allowed()).allMatch(d -> d.retryAfterSeconds() >= 1));
        assertTrue(callsMade >= 2 && callsMade < BURST,
                "requests queued behind the first call go together: " + callsMade + " calls for " + BURST);
    }

    /** EVALSHA plus EVAL calls Redis has served so far (INFO commandstats). */
    private long scriptCalls() throws Exception {
        String stats = redis.send(Request.cmd(Command.INFO).arg("commandstats")).toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS).toString();
        long calls = 0;
        Matcher matcher = Pattern.compile("cmdstat_(?:evalsha|eval):calls=(\\d+)").matcher(stats);
        while (matcher.find()) {
            calls += Long.parseLong(matcher.group(1));
        }
        return calls;
    }

    private RedisRateLimiter limiter(String prefix) {
        return new RedisRateLimiter(vertx, RedisRateLimiter.options(config.rateLimit().redisHosts(), 4, 100), prefix,
                TIMEOUT_MS);
    }

    private static RateLimitDecision acquire(RedisRateLimiter limiter, String key) throws Exception {
        return limiter.acquire(key, PER_MINUTE).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
