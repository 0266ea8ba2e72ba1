package dev.fastshop.worker.repository;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.worker.support.GreenMailResource;

/** The claim on a job is a lease: only its owner renews it, and a renewal restores its full length. */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class JobCompletionRepositoryTest {

    @Inject
    JobCompletionRepository completions;

    @Inject
    RedisDataSource redis;

    @Test
    void onlyTheOwnerRenewsAClaimAndARenewalRestoresItsLength() {
        UUID jobId = UUID.randomUUID();
        String key = "fastshop:worker:claim:" + jobId;
        assertTrue(completions.claim(jobId, "worker-a"));
        assertFalse(completions.claim(jobId, "worker-b"));
        redis.key(String.class).pexpire(key, 1000);

        assertFalse(completions.renew(jobId, "worker-b"));
        assertTrue(redis.key(String.class).pttl(key) <= 1000);
        assertTrue(completions.renew(jobId, "worker-a"));
        assertTrue(redis.key(String.class).pttl(key) > completions.claimTtl().toMillis() - 1000);

        completions.release(jobId);
        assertFalse(completions.renew(jobId, "worker-a"));
    }
}
