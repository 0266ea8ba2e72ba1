package dev.fastshop.catalog.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

import dev.fastshop.catalog.config.CatalogConfig;

/**
 * Redis as an optional accelerator: every call is bounded by a short timeout and never fails the caller. A failure
 * counts as a miss, marks Redis degraded, and makes the next calls skip Redis for a short backoff instead of each
 * paying the timeout. Failures are logged at most once per interval.
 */
@ApplicationScoped
public class RedisCacheClient {

    private static final Logger LOG = Logger.getLogger(RedisCacheClient.class);

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveRedisDataSource redis;
    private final Duration timeout;
    private final long backoffMillis;
    private final long logIntervalMillis;
    private final AtomicLong skipUntil = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong();
    private volatile String lastError;

    public RedisCacheClient(ReactiveRedisDataSource redis, CatalogConfig config) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.timeout = config.cache().redisTimeout();
        this.backoffMillis = config.cache().redisBackoff().toMillis();
        this.logIntervalMillis = config.cache().failureLogInterval().toMillis();
    }

    /** The cached value, or {@code null} on a miss or when Redis is unavailable. */
    public Uni<String> get(String key) {
        if (skipping()) {
            return Uni.createFrom().nullItem();
        }
        return guard(values.get(key), "GET");
    }

    public Uni<Void> set(String key, String value, Duration ttl) {
        if (skipping()) {
            return Uni.createFrom().voidItem();
        }
        return guard(values.set(key, value, new SetArgs().px(ttl)), "SET");
    }

    public Uni<Void> delete(List<String> keys) {
        if (skipping() || keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return guard(redis.key().del(keys.toArray(String[]::new)).replaceWithVoid(), "DEL");
    }

    /** True while the last Redis call failed (and the backoff has not been probed successfully since). */
    public boolean degraded() {
        return lastError != null;
    }

    public String lastError() {
        return lastError;
    }

    private boolean skipping() {
        return System.currentTimeMillis() < skipUntil.get();
    }

    private <T> Uni<T> guard(Uni<T> call, String command) {
        return call.ifNoItem().after(timeout).fail()
                .invoke(ignored -> lastError = null)
                .onFailure().recoverWithItem(failure -> {
                    onFailure(command, failure);
                    return null;
                });
    }

    private void onFailure(String command, Throwable failure) {
        long now = System.currentTimeMillis();
        skipUntil.set(now + backoffMillis);
        lastError = command + (failure instanceof TimeoutException ? " timed out" : " failed");
        long last = lastLogged.get();
        if (now - last >= logIntervalMillis && lastLogged.compareAndSet(last, now)) {
            LOG.warnf("Redis unavailable (%s: %s); serving from PostgreSQL, next report in %d s", command,
                    failure instanceof TimeoutException
                            ? "no answer within " + timeout.toMillis() + " ms"
                            : failure.getMessage(),
                    logIntervalMillis / 1000);
        }
    }
}
