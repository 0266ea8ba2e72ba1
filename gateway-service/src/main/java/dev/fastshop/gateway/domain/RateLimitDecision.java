package dev.fastshop.gateway.domain;

/**
 * Outcome of one rate-limit check. Times are in microseconds: {@code resetMicros} until the bucket is full again,
 * {@code retryAfterMicros} until the next request would be allowed (0 when allowed).
 */
public record RateLimitDecision(boolean allowed, int limit, long remaining, long retryAfterMicros, long resetMicros) {

    public long resetSeconds() {
        return ceilSeconds(resetMicros);
    }

    public long retryAfterSeconds() {
        return Math.max(1, ceilSeconds(retryAfterMicros));
    }

    private static long ceilSeconds(long micros) {
        return (micros + 999_999) / 1_000_000;
    }
}
