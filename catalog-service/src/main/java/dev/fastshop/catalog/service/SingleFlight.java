package dev.fastshop.catalog.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Collapses concurrent lookups of the same key into one: the first caller runs the lookup, the others wait for its
 * result. The key is released before the result is handed out, so a later caller starts a fresh lookup (which then
 * finds the value the first one cached).
 */
public final class SingleFlight<K, V> {

    private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    public Uni<V> run(K key, Supplier<Uni<V>> lookup) {
        Context caller = Vertx.currentContext();
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
        if (running == null) {
            running = mine;
            Uni.createFrom().<V>deferred(lookup::get).subscribe().with(value -> {
                inFlight.remove(key, mine);
                mine.complete(value);
            }, failure -> {
                inFlight.remove(key, mine);
                mine.completeExceptionally(failure);
            });
        }
        // Each waiter gets its own copy: a waiter that is cancelled (its client hung up) cancels its copy, never the
        // shared lookup the other waiters need.
        Uni<V> result = Uni.createFrom().completionStage(running.copy());
        // Waiters resume on their own event loop, not on the one that ran the lookup.
        return caller == null ? result : result.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }
}
