package dev.fastshop.gateway.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.fastshop.gateway.domain.RateLimitDecision;

/**
 * Per-replica GCRA limiter used while Redis is unreachable: the limits hold per replica instead of across the
 * cluster, which is the accepted cost of failing open.
 */
public class LocalRateLimiter {

    private final ConcurrentHashMap<String, AtomicLong> tats = new ConcurrentHashMap<>();

    public RateLimitDecision acquire(String key, Gcra gcra, long nowMicros) {
        AtomicLong tat = tats.computeIfAbsent(key, k -> new AtomicLong());
        while (true) {
            long stored = tat.get();
            Gcra.Step step = gcra.step(stored, nowMicros);
            if (!step.decision().allowed() || tat.compareAndSet(stored, step.tat())) {
                return step.decision();
            }
        }
    }

    /** Forgets keys whose bucket is full again, so the map stays as small as the set of recent callers. */
    public void evictIdle(long nowMicros) {
        tats.entrySet().removeIf(e -> e.getValue().get() <= nowMicros);
    }

    int size() {
        return tats.size();
    }
}
