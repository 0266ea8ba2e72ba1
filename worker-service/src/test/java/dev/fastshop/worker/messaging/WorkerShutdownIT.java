package dev.fastshop.worker.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.GetResponse;

import dev.fastshop.contracts.ImageJob;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.worker.support.Ports;
import dev.fastshop.worker.support.RabbitTestClient;
import dev.fastshop.worker.support.TestJobs;

/**
 * Black-box: runs the packaged worker as its own process on the tests' vhost, sends it SIGTERM in the middle of a
 * batch, and checks that every job is either completed or back in its queue — none lost, none done twice.
 */
class WorkerShutdownIT {

    private static final String VHOST = "fastshop-test-worker";
    private static final File JAR = new File("target/quarkus-app/quarkus-run.jar");
    private static final int BATCH = 24;
    private static final long PRODUCT_ID = 7;
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration PROCESSING = Duration.ofSeconds(60);
    private static final long STOP_SECONDS = 60;

    private RabbitTestClient rabbit;
    private Process worker;

    @BeforeEach
    void connect() {
        rabbit = new RabbitTestClient(rabbitHost(), rabbitPort(), env("RABBITMQ_USER", "fastshop"),
                env("RABBITMQ_PASSWORD", "guest"), VHOST);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (worker != null && worker.isAlive()) {
            worker.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        }
        rabbit.close();
    }

    @Test
    void workerStoppedMidBatchLosesNoJob() throws Exception {
        rabbit.drain(Topology.jobQueue(JobType.IMAGE));
        int httpPort = Ports.free();
        worker = start(httpPort);
        await().atMost(STARTUP).pollInterval(Duration.ofSeconds(1)).until(() -> ready(httpPort));

        byte[] picture = TestJobs.picture(1600, 1200, "png");
        List<ImageJob> jobs = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            ImageJob job = TestJobs.image(PRODUCT_ID, picture, "image/png");
            jobs.add(job);
            rabbit.publishJob(JobType.IMAGE.key(), job);
        }
        await().atMost(PROCESSING).until(() -> completed(jobs).size() >= 2);

        worker.destroy(); // SIGTERM: the graceful shutdown under test
        assertTrue(worker.waitFor(STOP_SECONDS, TimeUnit.SECONDS), "worker stops within the grace period");

        Set<UUID> completed = completed(jobs);
        Set<UUID> leftInQueue = new HashSet<>();
        for (GetResponse message : rabbit.drain(Topology.jobQueue(JobType.IMAGE))) {
            leftInQueue.add(RabbitTestClient.JSON.readValue(message.getBody(), ImageJob.class).jobId());
        }
        assertTrue(completed.size() < BATCH, "the worker was stopped mid-batch (" + completed.size() + " done)");
        assertTrue(leftInQueue.stream().noneMatch(completed::contains), "a completed job was left in the queue");
        assertEquals(BATCH, completed.size() + leftInQueue.size(), "every job is done or still queued");
        for (ImageJob job : jobs) {
            assertTrue(rabbit.resultsFor(job.jobId()).size() <= 1, "one outcome at most per job");
        }
    }

    private Set<UUID> completed(List<ImageJob> jobs) {
        Set<UUID> done = new HashSet<>();
        for (ImageJob job : jobs) {
            if (!rabbit.resultsFor(job.jobId()).isEmpty()) {
                done.add(job.jobId());
            }
        }
        return done;
    }

    /** {@code managementPort} serves the readiness probe; the public port is any free one. */
    private static Process start(int managementPort) throws IOException {
        assertTrue(JAR.isFile(), "package the worker first: " + JAR);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.getPath());
        Map<String, String> environment = builder.environment();
        environment.put("WORKER_PORT", Integer.toString(Ports.free()));
        environment.put("WORKER_MANAGEMENT_PORT", Integer.toString(managementPort));
        environment.put("RABBITMQ_HOST", rabbitHost());
        environment.put("RABBITMQ_PORT", Integer.toString(rabbitPort()));
        environment.put("RABBITMQ_USER", env("RABBITMQ_USER", "fastshop"));
        environment.put("RABBITMQ_PASSWORD", env("RABBITMQ_PASSWORD", "guest"));
        environment.put("RABBITMQ_VHOST", VHOST);
        environment.put("STATE_REDIS_URL", "redis://" + env("FASTSHOP_STATE_REDIS_HOST", "127.0.0.1") + ":"
                + env("FASTSHOP_STATE_REDIS_PORT", "6380") + "/3");
        environment.put("SMTP_PORT", Integer.toString(Ports.free()));
        builder.redirectErrorStream(true);
        builder.redirectOutput(new File("target/worker-shutdown-it.log"));
        return builder.start();
    }

    private static boolean ready(int port) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI
                    .create("http://127.0.0.1:" + port + "/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static String rabbitHost() {
        return env("FASTSHOP_RABBITMQ_HOST", "127.0.0.1");
    }

    private static int rabbitPort() {
        return Integer.parseInt(env("FASTSHOP_RABBITMQ_PORT", "5672"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
