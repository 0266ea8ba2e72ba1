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
        long tat = Math.max(storedTat, now);
        long newTat = tat + intervalMicros;
        long allowAt = newTat - toleranceMicros;
        if (now < allowAt) {
            return new Step(storedTat, new RateLimitDecision(false, limit, 0, allowAt - now, tat - now));
        }
        long remaining = (toleranceMicros - (newTat - now)) / intervalMicros;
        return new Step(newTat, new RateLimitDecision(true, limit, remaining, 0, newTat - now));
    }

    public record Step(long tat, RateLimitDecision decision) {
    }
}
