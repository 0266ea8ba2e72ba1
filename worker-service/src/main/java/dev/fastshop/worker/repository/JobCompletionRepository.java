package dev.fastshop.worker.repository;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

import dev.fastshop.worker.config.WorkerConfig;

/**
 * Which jobs completed, shared by all worker instances through the state Redis (noeviction, append-only), so a
 * redelivered or duplicated job is acknowledged without redoing its side effects. The record is written as soon as
 * the side effect happened and before anything else can fail: first with the outcome still to publish (the job's
 * {@code JobCompleted} as JSON), then, once the broker confirmed that outcome, as a bare marker. A delivery that
 * finds an unpublished outcome publishes it instead of redoing the job (the broker was down after the email went
 * out: it is not sent twice). A short claim keeps two deliveries of the same job from running at the same time.
 * Keys: {@code fastshop:worker:done:<jobId>} (kept {@code completion-ttl}) and {@code fastshop:worker:claim:<jobId>}
 * (a lease of {@code claim-ttl}, renewed while the job runs).
 */
@ApplicationScoped
public class JobCompletionRepository {

    private static final String DONE = "fastshop:worker:done:";
    private static final String CLAIM = "fastshop:worker:claim:";
    /** PEXPIRE of a claim, only by the owner that holds it. */
    private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    /** The value of a published record ("1" also for records written before outcomes were kept). */
    private static final String PUBLISHED = "1";

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

    /** The job's completion record: absent, published, or with its outcome still to publish. */
    public Completion find(UUID jobId) {
        String record = values.get(DONE + jobId);
        if (record == null) {
            return null;
        }
        return new Completion(PUBLISHED.equals(record) ? null : record);
    }

    /** Takes the claim on a job id; false when another delivery of the same job is running. */
    public boolean claim(UUID jobId, String owner) {
        var reply = redis.execute("SET", CLAIM + jobId, owner, "NX", "PX", Long.toString(claimTtl.toMillis()));
        return reply != null;
    }

    /**
     * Extends the claim by {@code claim-ttl} if {@code owner} still holds it; false when it does not (it expired and
     * another delivery took it). The claim is a lease: a worker that died stops renewing it, and a redelivery of its
     * job runs {@code claim-ttl} later at most.
     */
    public boolean renew(UUID jobId, String owner) {
        var reply = redis.execute("EVAL", RENEW, "1", CLAIM + jobId, owner, Long.toString(claimTtl.toMillis()));
        return reply != null && reply.toInteger() == 1;
    }

    public Duration claimTtl() {
        return claimTtl;
    }

    public void release(UUID jobId) {
        redis.key(String.class).del(CLAIM + jobId);
    }

    /** Records that the job's side effect happened; {@code outcome} is what remains to be published. */
    public void recordOutcome(UUID jobId, String outcome) {
        values.set(DONE + jobId, outcome, new SetArgs().px(completionTtl));
    }

    /** The outcome is confirmed by the broker: the record keeps only the fact, not the (possibly large) outcome. */
    public void markPublished(UUID jobId) {
        values.set(DONE + jobId, PUBLISHED, new SetArgs().px(completionTtl));
    }

    /** {@code pendingOutcome} is null once the outcome was published. */
    public record Completion(String pendingOutcome) {
    }
}
