package dev.fastshop.gateway.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import dev.fastshop.gateway.domain.RateLimitDecision;

/**
 * Cluster-wide GCRA limiter: one {@code EVALSHA} per request. The script's SHA-1 is computed locally, so nothing has
 * to be loaded at start; the first {@code NOSCRIPT} (new or flushed Redis) falls back to one {@code EVAL}, which
 * caches the script for every later call.
 */
public class RedisRateLimiter {

    static final String SCRIPT = readScript();
    static final String SHA = sha1(SCRIPT);

    private final Redis redis;
    private final String keyPrefix;

    public RedisRateLimiter(Redis redis, String keyPrefix) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
    }

    public Future<RateLimitDecision> acquire(String key, Gcra gcra) {
        String redisKey = keyPrefix + key;
        return redis.send(script(Command.EVALSHA, SHA, redisKey, gcra))
                .recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                        ? redis.send(script(Command.EVAL, SCRIPT, redisKey, gcra))
                        : Future.failedFuture(e))
                .map(reply -> decision(reply, gcra));
    }

    private static Request script(Command command, String script, String key, Gcra gcra) {
        return Request.cmd(command).arg(script).arg(1).arg(key).arg(gcra.intervalMicros())
                .arg(gcra.toleranceMicros());
    }

    private static RateLimitDecision decision(Response reply, Gcra gcra) {
        return new RateLimitDecision(reply.get(0).toInteger() == 1, gcra.limit(), reply.get(1).toLong(),
                reply.get(2).toLong(), reply.get(3).toLong());
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
