package dev.fastshop.order.client;

import java.time.Duration;

/**
 * The moment by which a request must be done with the catalog, however many calls and retries it takes: each attempt
 * gets what is left, so a hung catalog costs the caller the budget, never a multiple of it.
 */
public record Deadline(long nanoTime) {

    public static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        return Duration.ofNanos(nanoTime - System.nanoTime());
    }
}
