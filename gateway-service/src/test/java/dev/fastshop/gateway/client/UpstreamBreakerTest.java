package dev.fastshop.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.fastshop.gateway.client.UpstreamBreaker.State;

class UpstreamBreakerTest {

    private static final long DELAY = TimeUnit.SECONDS.toNanos(5);

    private final AtomicLong now = new AtomicLong();
    private final UpstreamBreaker breaker = new UpstreamBreaker(4, 0.5, DELAY, now::get);

    @Test
    void opensOnlyOnceTheWindowIsFullAndTheFailureShareReachesTheRatio() {
        call(false);
        call(false);
        call(true);
        assertEquals(State.CLOSED, breaker.state(), "three outcomes do not fill a window of four");
        call(true);
        assertEquals(State.OPEN, breaker.state(), "two failures of the last four reach 0.5");
        assertFalse(breaker.tryAcquire(), "an open circuit refuses calls");
    }

    @Test
    void theWindowRollsSoOldFailuresAgeOut() {
        call(true);
        call(false);
        call(false);
        call(false);
        call(false);
        call(true);
        assertEquals(State.CLOSED, breaker.state(), "the first failure left the window: one of four failed");
        call(true);
        assertEquals(State.OPEN, breaker.state());
    }

    @Test
    void afterTheDelayOneTrialCallDecides() {
        trip();
        now.addAndGet(DELAY - 1);
        assertFalse(breaker.tryAcquire(), "still within the delay");
        now.addAndGet(1);
        assertTrue(breaker.tryAcquire(), "the trial call");
        assertEquals(State.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(), "only one trial at a time");
        breaker.onFailure();
        assertEquals(State.OPEN, breaker.state(), "a failed trial opens the circuit again");
        assertFalse(breaker.tryAcquire(), "for a whole new delay");

        now.addAndGet(DELAY);
        assertTrue(breaker.tryAcquire());
        breaker.onSuccess();
        assertEquals(State.CLOSED, breaker.state(), "a successful trial closes it");
        call(true);
        call(true);
        call(true);
        assertEquals(State.CLOSED, breaker.state(), "closing starts a fresh window");
    }

    private void trip() {
        for (int i = 0; i < 4; i++) {
            call(true);
        }
        assertEquals(State.OPEN, breaker.state());
    }

    private void call(boolean fails) {
        assertTrue(breaker.tryAcquire());
        if (fails) {
            breaker.onFailure();
        } else {
            breaker.onSuccess();
        }
    }
}
