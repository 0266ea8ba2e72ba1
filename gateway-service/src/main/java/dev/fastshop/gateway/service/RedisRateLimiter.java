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
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import dev.fastshop.gateway.domain.RateLimitDecision;

/**
 * Cluster-wide GCRA limiter: at most one {@code EVALSHA} per request, and fewer under load. Requests of the same key
 * that arrive while that key's call is in flight wait for it and are then decided together by the next call, which
 * admits as many of them as the bucket allows, atomically; a busy client costs Redis a call per round trip, not per
 * request, and the limit stays exact across replicas.
 * <p>
 * Batches are per event loop, and a call's answer is handed back on the loop that sent it: a batch that mixed loops
 * would carry every request's decision across threads (a queued task and a wake-up each, 24 of the gateway's CPU-µs
 * per request when they all shared one batch; docs/performance.md).
 * <p>
 * The script's SHA-1 is computed locally, so nothing has to be loaded at start; the first {@code NOSCRIPT} (new or
 * flushed Redis) falls back to one {@code EVAL}, which caches the script for every later call.
 */
public class RedisRateLimiter {

    static final String SCRIPT = readScript();
    static final String SHA = sha1(SCRIPT);

    private final Vertx vertx;
    private final Redis redis;
    private final String keyPrefix;
    private final long timeoutMs;
    /** Per event loop, keys with a call in flight: its batch, and the requests that will go in the key's next call. */
    private final ConcurrentHashMap<EventLoop, ConcurrentHashMap<String, InFlight>> inFlightByLoop = new ConcurrentHashMap<>();

    /** @param timeoutMs how long a call may take before its requests fail and the key's next call goes out */
    public RedisRateLimiter(Vertx vertx, Redis redis, String keyPrefix, long timeoutMs) {
        this.vertx = vertx;
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.timeoutMs = timeoutMs;
    }

    public Future<RateLimitDecision> acquire(String key, Gcra gcra) {
        ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
        ConcurrentHashMap<String, InFlight> inFlight = inFlightByLoop.computeIfAbsent(context.nettyEventLoop(),
                loop -> new ConcurrentHashMap<>());
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
            call(context, inFlight, redisKey, gcra, fresh.batch);
        }
        return promise.future();
    }

    private void call(ContextInternal context, ConcurrentHashMap<String, InFlight> inFlight, String redisKey,
            Gcra gcra, List<Promise<RateLimitDecision>> batch) {
        AtomicBoolean done = new AtomicBoolean();
        long timer = vertx.setTimer(timeoutMs, id -> {
            if (done.compareAndSet(false, true)) {
                fail(batch, new TimeoutException("Redis did not answer in " + timeoutMs + " ms"));
                next(context, inFlight, redisKey, gcra);
            }
        });
        eval(redisKey, gcra, batch.size()).onComplete(answer -> context.emit(answer, ar -> {
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
            next(context, inFlight, redisKey, gcra);
        }));
    }

    /** Sends what queued up behind the finished call, or marks the key idle. */
    private void next(ContextInternal context, ConcurrentHashMap<String, InFlight> inFlight, String redisKey,
            Gcra gcra) {
        InFlight following = inFlight.computeIfPresent(redisKey,
                (k, finished) -> finished.queued.isEmpty() ? null : new InFlight(finished.queued));
        if (following != null) {
            call(context, inFlight, redisKey, gcra, following.batch);
        }
    }

    private Future<Response> eval(String redisKey, Gcra gcra, int requests) {
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
