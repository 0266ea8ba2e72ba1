package dev.fastshop.gateway.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import dev.fastshop.gateway.domain.RateLimitDecision;

/**
 * Cluster-wide GCRA limiter: at most one {@code EVALSHA} per request, and fewer under load. Requests of the same key
 * that arrive while that key's call is in flight wait for it and are then decided together by the next call, which
 * admits as many of them as the bucket allows, atomically; a busy client costs Redis a call per round trip, not per
 * request, and the limit stays exact across replicas.
 * <p>
 * Each event loop has its own batches and its own Redis client, created on that loop so that its connections live
 * there: a call and its answer stay on the requests' thread. A client shared by the loops keeps its connections on
 * the one loop it was created on, and a batch shared by the loops hands every decision across threads (a queued task
 * and a wake-up each way; 36 of the gateway's CPU-µs per request together, docs/performance.md).
 * <p>
 * The script's SHA-1 is computed locally, so nothing has to be loaded at start; the first {@code NOSCRIPT} (new or
 * flushed Redis) falls back to one {@code EVAL}, which caches the script for every later call.
 */
public class RedisRateLimiter {

    static final String SCRIPT = readScript();
    static final String SHA = sha1(SCRIPT);

    private final Vertx vertx;
    private final RedisOptions options;
    private final String keyPrefix;
    private final long timeoutMs;
    private final ConcurrentHashMap<EventLoop, Loop> loops = new ConcurrentHashMap<>();

    /**
     * @param options the state Redis (the same connection string as the Quarkus client's)
     * @param timeoutMs how long a call may take before its requests fail and the key's next call goes out
     */
    public RedisRateLimiter(Vertx vertx, RedisOptions options, String keyPrefix, long timeoutMs) {
        this.vertx = vertx;
        this.options = options;
        this.keyPrefix = keyPrefix;
        this.timeoutMs = timeoutMs;
    }

    /** Pooled connections to the Redis at {@code hosts}. */
    public static RedisOptions options(String hosts, int maxPoolSize, int maxPoolWaiting) {
        return new RedisOptions().setConnectionString(hosts).setMaxPoolSize(maxPoolSize)
                .setMaxPoolWaiting(maxPoolWaiting);
    }

    public Future<RateLimitDecision> acquire(String key, Gcra gcra) {
        ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
        Loop loop = loops.computeIfAbsent(context.nettyEventLoop(), eventLoop -> new Loop(clientOn(context)));
        ConcurrentHashMap<String, InFlight> inFlight = loop.inFlight;
        String redisKey = keyPrefix + key;
        Promise<RateLimitDecision> promise = Promise.promise();
        InFlight fresh = new InFlight(List.of(promise));
        if (inFlight.compute(redisKey, (k, current) -> {
            if (current == null) {
                return fresh;
            }
            current.queued.add(promise);
            return current;
        }) == fresh) {
            call(context, loop, redisKey, gcra, fresh.batch);
        }
        return promise.future();
    }

    public void close() {
        loops.values().forEach(loop -> loop.redis.close());
    }

    /** A client created in the loop's own root context: its connection manager, and so its connections, live there. */
    private Redis clientOn(ContextInternal context) {
        Redis[] client = new Redis[1];
        context.unwrap().dispatch(v -> client[0] = Redis.createClient(vertx, options));
        return client[0];
    }

    private void call(ContextInternal context, Loop loop, String redisKey, Gcra gcra,
            List<Promise<RateLimitDecision>> batch) {
        AtomicBoolean done = new AtomicBoolean();
        long timer = vertx.setTimer(timeoutMs, id -> {
            if (done.compareAndSet(false, true)) {
                fail(batch, new TimeoutException("Redis did not answer in " + timeoutMs + " ms"));
                next(context, loop, redisKey, gcra);
            }
        });
        eval(loop.redis, redisKey, gcra, batch.size()).onComplete(answer -> context.emit(answer, ar -> {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                int allowed = ar.result().get(0).toInteger();
                long base = ar.result().get(1).toLong();
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).complete(gcra.decision(base, allowed, i));
                }
            } else {
                fail(batch, ar.cause());
            }
            next(context, loop, redisKey, gcra);
        }));
    }

    /** Sends what queued up behind the finished call, or marks the key idle. */
    private void next(ContextInternal context, Loop loop, String redisKey, Gcra gcra) {
        InFlight following = loop.inFlight.computeIfPresent(redisKey,
                (k, finished) -> finished.queued.isEmpty() ? null : new InFlight(finished.queued));
        if (following != null) {
            call(context, loop, redisKey, gcra, following.batch);
        }
    }

    private static Future<Response> eval(Redis redis, String redisKey, Gcra gcra, int requests) {
        return redis.send(script(Command.EVALSHA, SHA, redisKey, gcra, requests))
                .recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                        ? redis.send(script(Command.EVAL, SCRIPT, redisKey, gcra, requests))
                        : Future.failedFuture(e));
    }

    private static void fail(List<Promise<RateLimitDecision>> batch, Throwable cause) {
        batch.forEach(promise -> promise.tryFail(cause));
    }

    private static Request script(Command command, String script, String key, Gcra gcra, int requests) {
        return Request.cmd(command).arg(script).arg(1).arg(key).arg(gcra.intervalMicros())
                .arg(gcra.toleranceMicros()).arg(requests);
    }

    /** One event loop's Redis client, and its keys with a call in flight. */
    private static final class Loop {
        final Redis redis;
        final ConcurrentHashMap<String, InFlight> inFlight = new ConcurrentHashMap<>();

        Loop(Redis redis) {
            this.redis = redis;
        }
    }

    /**
     * A key's call in flight: the requests it decides, and those queued behind it for the next call. The queue is
     * only touched inside {@code inFlight}'s atomic updates.
     */
    private static final class InFlight {
        final List<Promise<RateLimitDecision>> batch;
        final List<Promise<RateLimitDecision>> queued = new ArrayList<>();

        InFlight(List<Promise<RateLimitDecision>> batch) {
            this.batch = batch;
        }
    }

    private static String readScript() {
        try (InputStream in = RedisRateLimiter.class.getResourceAsStream("/ratelimit/gcra.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }
}
