package dev.fastshop.worker.repository;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

import dev.fastshop.worker.config.WorkerConfig;

/**
 * Which jobs completed, shared by all worker instances through Redis, so a redelivered or duplicated job is
 * acknowledged without redoing its side effects. A short claim keeps two deliveries of the same job from running at
 * the same time. Keys: {@code fastshop:worker:done:<jobId>} (kept {@code completion-ttl}) and
 * {@code fastshop:worker:claim:<jobId>} (lease {@code claim-ttl}).
 */
@ApplicationScoped
public class JobCompletionRepository {

    private static final String DONE = "fastshop:worker:done:";
    private static final String CLAIM = "fastshop:worker:claim:";

    private final RedisDataSource redis;
    private final ValueCommands<String, String> values;
    private final Duration completionTtl;
    private final Duration claimTtl;

    public JobCompletionRepository(RedisDataSource redis, WorkerConfig config) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.completionTtl = config.completionTtl();
        this.claimTtl = config.claimTtl();
    }

    public boolean isCompleted(UUID jobId) {
        return values.get(DONE + jobId) != null;
    }

    /** Takes the claim on a job id; false when another delivery of the same job is running. */
    public boolean claim(UUID jobId, String owner) {
        var reply = redis.execute("SET", CLAIM + jobId, owner, "NX", "PX", Long.toString(claimTtl.toMillis()));
        return reply != null;
    }

    public void release(UUID jobId) {
        redis.key(String.class).del(CLAIM + jobId);
    }

    public void markCompleted(UUID jobId) {
        values.set(DONE + jobId, "1", new SetArgs().px(completionTtl));
    }
}
