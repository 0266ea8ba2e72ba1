package dev.fastshop.gateway.client;

import java.util.function.LongSupplier;

/**
 * One upstream's circuit breaker, with MicroProfile Fault Tolerance's semantics: over the last
 * {@code requestVolumeThreshold} outcomes, a failure share of at least {@code failureRatio} opens the circuit; after
 * {@code delay} one trial call is let through (half-open), whose success closes it and whose failure opens it again.
 * <p>
 * It runs inline on the caller's event loop. SmallRye Fault Tolerance's guard, used here before, handed every call and
 * its completion back to the event loop as extra tasks with a context-propagation capture around each
 * (docs/performance.md, "Gateway cost by layer"). The critical sections are a few field updates, so a monitor shared
 * by the event loops costs less than any lock-free scheme would save.
 */
public final class UpstreamBreaker {

    public enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final boolean[] failures;
    private final double failureRatio;
    private final long delayNanos;
    private final LongSupplier nanoClock;
    private int next;
    private int recorded;
    private int failed;
    private State state = State.CLOSED;
    private long openedAt;
    private boolean trialInFlight;

    public UpstreamBreaker(int requestVolumeThreshold, double failureRatio, long delayNanos, LongSupplier nanoClock) {
        this.failures = new boolean[requestVolumeThreshold];
        this.failureRatio = failureRatio;
        this.delayNanos = delayNanos;
        this.nanoClock = nanoClock;
    }

    /** Whether a call may go ahead now; each permitted call must end in {@link #onSuccess} or {@link #onFailure}. */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED :
                return true;
            case OPEN :
                if (nanoClock.getAsLong() - openedAt < delayNanos) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return true;
            default :
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
        }
    }

    public synchronized void onSuccess() {
        if (state == State.HALF_OPEN) {
            close();
        } else if (state == State.CLOSED) {
            record(false);
        }
    }

    public synchronized void onFailure() {
        if (state == State.HALF_OPEN) {
            open();
        } else if (state == State.CLOSED) {
            record(true);
            if (recorded == failures.length && failed >= failureRatio * failures.length) {
                open();
            }
        }
    }

    public synchronized State state() {
        return state;
    }

    private void record(boolean failure) {
        if (recorded == failures.length) {
            failed -= failures[next] ? 1 : 0;
        } else {
            recorded++;
        }
        failures[next] = failure;
        failed += failure ? 1 : 0;
        next = (next + 1) % failures.length;
    }

    private void open() {
        state = State.OPEN;
        openedAt = nanoClock.getAsLong();
        trialInFlight = false;
    }

    private void close() {
        state = State.CLOSED;
        trialInFlight = false;
        next = 0;
        recorded = 0;
        failed = 0;
    }
}
