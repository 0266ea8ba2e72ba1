package dev.fastshop.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.fastshop.gateway.domain.RateLimitDecision;

class LocalRateLimiterTest {

    private static final Gcra FIVE_PER_SECOND = Gcra.of(5, Duration.ofSeconds(1));
    private static final long T0 = 1_000_000_000_000L;

    @Test
    void allowsABurstOfTheLimitThenRefillsAtTheRate() {
        LocalRateLimiter limiter = new LocalRateLimiter();
        for (int i = 4; i >= 0; i--) {
            RateLimitDecision decision = limiter.acquire("k", FIVE_PER_SECOND, T0);
            assertTrue(decision.allowed());
            assertEquals(i, decision.remaining());
        }
        RateLimitDecision rejected = limiter.acquire("k", FIVE_PER_SECOND, T0);
        assertFalse(rejected.allowed());
        assertEquals(200_000, rejected.retryAfterMicros());
        assertTrue(limiter.acquire("k", FIVE_PER_SECOND, T0 + 200_000).allowed(), "one request regained per 200 ms");
    }

    @Test
    void idleKeysAreEvicted() {
        LocalRateLimiter limiter = new LocalRateLimiter();
        limiter.acquire("k", FIVE_PER_SECOND, T0);
        limiter.evictIdle(T0 + 1);
        assertEquals(1, limiter.size());
        limiter.evictIdle(T0 + 300_000);
        assertEquals(0, limiter.size());
    }
}
