package dev.fastshop.gateway.service;

import java.time.Duration;

import dev.fastshop.gateway.domain.RateLimitDecision;

/**
 * Generic cell rate algorithm parameters: one request every {@code interval}, bursts up to {@code limit}. The Redis
 * script and the in-memory fallback apply the same arithmetic, in microseconds.
 */
public record Gcra(int limit, long intervalMicros, long toleranceMicros) {

    public static Gcra of(int limit, Duration period) {
        long periodMicros = period.toNanos() / 1000;
        return new Gcra(limit, Math.max(1, periodMicros / limit), periodMicros);
    }

    /** Decides for a request at {@code now} given the stored theoretical arrival time ({@code tat}). */
    public Step step(long storedTat, long now) {
        long base = Math.max(storedTat, now) - now;
        int allowed = admitted(base, 1);
        return new Step(allowed == 1 ? now + base + intervalMicros : storedTat, decision(base, allowed, 0));
    }

    /**
     * How many of {@code requests} arriving at once are admitted, {@code base} being the theoretical arrival time
     * relative to now (never negative): the same arithmetic as {@code ratelimit/gcra.lua}.
     */
    public int admitted(long base, int requests) {
        return (int) Math.max(0, Math.min(requests, Math.floorDiv(toleranceMicros - base, intervalMicros)));
    }

    /**
     * The decision for request {@code index} (0-based) of a batch decided at once, of which the first
     * {@code allowed} were admitted; {@code base} is the theoretical arrival time before the batch, relative to now.
     */
    public RateLimitDecision decision(long base, int allowed, int index) {
        if (index < allowed) {
            long newTat = base + (index + 1) * intervalMicros;
            return new RateLimitDecision(true, limit, (toleranceMicros - newTat) / intervalMicros, 0, newTat);
        }
        long tat = base + allowed * intervalMicros;
        return new RateLimitDecision(false, limit, 0, tat + intervalMicros - toleranceMicros, tat);
    }

    public record Step(long tat, RateLimitDecision decision) {
    }
}
