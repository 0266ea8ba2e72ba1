package dev.fastshop.gateway.client;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries at a share of the requests seen plus a small floor per second, so a failing upstream gets at most
 * {@code 1 + ratio} times its normal load instead of {@code maxAttempts} times.
 */
public class RetryBudget {

    private static final long SCALE = 1000;

    private final long depositPerRequest;
    private final long maxBalance;
    private final int minPerSecond;
    private final AtomicLong balance = new AtomicLong();
    private final AtomicLong floorSecond = new AtomicLong();
    private final AtomicLong floorUsed = new AtomicLong();

    public RetryBudget(double ratio, int minPerSecond) {
        this.depositPerRequest = Math.round(ratio * SCALE);
        this.maxBalance = Math.max(SCALE, depositPerRequest * 100);
        this.minPerSecond = minPerSecond;
    }

    public void onRequest() {
        balance.updateAndGet(b -> Math.min(maxBalance, b + depositPerRequest));
    }

    /** True when one retry may be made now; the retry is then accounted for. */
    public boolean tryRetry(long nowMillis) {
        long current;
        do {
            current = balance.get();
            if (current < SCALE) {
                return tryFloor(nowMillis / 1000);
            }
        } while (!balance.compareAndSet(current, current - SCALE));
        return true;
    }

    private boolean tryFloor(long second) {
        long seen = floorSecond.get();
        if (seen != second && floorSecond.compareAndSet(seen, second)) {
            floorUsed.set(0);
        }
        return floorUsed.incrementAndGet() <= minPerSecond;
    }
}
