package dev.fastshop.worker.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.contracts.ImageJob;
import dev.fastshop.contracts.JobType;
import dev.fastshop.worker.service.JobMetrics;
import dev.fastshop.worker.support.GreenMailResource;
import dev.fastshop.worker.support.RabbitExtension;
import dev.fastshop.worker.support.TestJobs;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
class WorkerLifecycleTest {

    private static final int BATCH = 12;
    private static final long PRODUCT_ID = 99;
    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofSeconds(2);

    @RegisterExtension
    static final RabbitExtension rabbit = new RabbitExtension();

    @Inject
    WorkerLifecycle lifecycle;

    @Inject
    JobMetrics metrics;

    @Test
    void drainingMidBatchFinishesRunningJobsTakesNoNewOnesAndLosesNone() {
        byte[] picture = TestJobs.picture(1600, 1200, "png");
        List<ImageJob> jobs = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            ImageJob job = TestJobs.image(PRODUCT_ID, picture, "image/png");
            jobs.add(job);
            rabbit.client().publishJob(JobType.IMAGE.key(), job);
        }
        await().atMost(GRACE).until(() -> completed(jobs) >= 1);

        try {
            assertTrue(lifecycle.drain(GRACE), "in-flight jobs finish within the grace period");
            assertEquals(0, metrics.inFlight());
            long completedAtStop = completed(jobs);
            assertTrue(completedAtStop < BATCH, "stopped mid-batch");

            await().during(QUIET).atMost(QUIET.multipliedBy(2)).until(() -> completed(jobs) == completedAtStop);
        } finally {
            lifecycle.resume();
        }

        await().atMost(GRACE.multipliedBy(2)).until(() -> completed(jobs) == BATCH);
        for (ImageJob job : jobs) {
            assertEquals(1, rabbit.client().resultsFor(job.jobId()).size(), "exactly one outcome per job");
        }
    }

    private static long completed(List<ImageJob> jobs) {
        return jobs.stream().filter(job -> !rabbit.client().resultsFor(job.jobId()).isEmpty()).count();
    }
}
