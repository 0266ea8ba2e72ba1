package dev.fastshop.worker.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.rabbitmq.client.GetResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.ImageJob;
import dev.fastshop.contracts.JobCompleted;
import dev.fastshop.contracts.JobFailed;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.worker.support.GreenMailResource;
import dev.fastshop.worker.support.RabbitExtension;
import dev.fastshop.worker.support.RabbitTestClient;
import dev.fastshop.worker.support.TestJobs;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
class ImageJobTest {

    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(20);
    private static final long PRODUCT_ID = 4711;
    private static final byte[] CORRUPT_IMAGE = "\u0089PNG\r\n\u001a\n but then garbage"
            .getBytes(StandardCharsets.ISO_8859_1);

    @RegisterExtension
    static final RabbitExtension rabbit = new RabbitExtension();

    @Inject
    MeterRegistry registry;

    @Test
    void landscapePngBecomesTwoPngThumbnailsWithItsAspectRatio() throws IOException {
        ImageJob job = TestJobs.image(PRODUCT_ID, TestJobs.picture(800, 400, "png"), "image/png");

        Map<String, Attachment> thumbnails = thumbnailsOf(job);

        assertEquals(List.of("128.png", "512.png"), thumbnails.keySet().stream().sorted().toList());
        assertDimensions(thumbnails.get("128.png"), "image/png", 128, 64);
        assertDimensions(thumbnails.get("512.png"), "image/png", 512, 256);
    }

    @Test
    void portraitJpegBecomesTwoJpegThumbnailsWithItsAspectRatio() throws IOException {
        ImageJob job = TestJobs.image(PRODUCT_ID, TestJobs.picture(300, 600, "jpg"), "image/jpeg");

        Map<String, Attachment> thumbnails = thumbnailsOf(job);

        assertDimensions(thumbnails.get("128.jpg"), "image/jpeg", 64, 128);
        assertDimensions(thumbnails.get("512.jpg"), "image/jpeg", 256, 512);
    }

    @Test
    void corruptImageFailsAtOnceWithAReasonAndLandsInTheDeadLetterQueue() {
        double retriedBefore = retried();
        ImageJob job = TestJobs.image(PRODUCT_ID, CORRUPT_IMAGE, "image/png");

        rabbit.client().publishJob(JobType.IMAGE.key(), job);

        RabbitTestClient.Result result = await().atMost(RESULT_TIMEOUT)
                .until(() -> rabbit.client().resultsFor(job.jobId()), found -> !found.isEmpty()).get(0);
        assertEquals(Topology.failedKey(JobType.IMAGE), result.routingKey());
        JobFailed failed = result.as(JobFailed.class);
        assertEquals(1, failed.attempts(), "a permanent failure is not retried");
        assertEquals(Long.toString(PRODUCT_ID), failed.reference());
        assertTrue(failed.reason().contains("corrupt"), failed.reason());
        assertEquals(retriedBefore, retried());

        GetResponse deadLetter = await().atMost(RESULT_TIMEOUT)
                .until(() -> deadLetterOf(job), found -> found != null);
        assertEquals(failed.reason(), RabbitTestClient.header(deadLetter, JobTopology.REASON_HEADER));
        assertEquals(JobType.IMAGE.key(), RabbitTestClient.header(deadLetter, JobTopology.JOB_TYPE_HEADER));
    }

    private Map<String, Attachment> thumbnailsOf(ImageJob job) {
        rabbit.client().publishJob(JobType.IMAGE.key(), job);
        RabbitTestClient.Result result = await().atMost(RESULT_TIMEOUT)
                .until(() -> rabbit.client().resultsFor(job.jobId()), found -> !found.isEmpty()).get(0);
        assertEquals(Topology.completedKey(JobType.IMAGE), result.routingKey());
        JobCompleted completed = result.as(JobCompleted.class);
        assertEquals(Long.toString(PRODUCT_ID), completed.reference());
        return completed.artifacts().stream().collect(Collectors.toMap(Attachment::name, attachment -> attachment));
    }

    private static void assertDimensions(Attachment thumbnail, String contentType, int width, int height)
            throws IOException {
        assertNotNull(thumbnail);
        assertEquals(contentType, thumbnail.contentType());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail.content()));
        assertEquals(width, image.getWidth(), "width of " + thumbnail.name());
        assertEquals(height, image.getHeight(), "height of " + thumbnail.name());
    }

    private static GetResponse deadLetterOf(ImageJob job) {
        String marker = job.jobId().toString();
        return rabbit.client().drain(Topology.deadLetterQueue(JobType.IMAGE)).stream()
                .filter(message -> new String(message.getBody(), StandardCharsets.UTF_8).contains(marker))
                .findFirst().orElse(null);
    }

    private double retried() {
        return registry.counter("fastshop.jobs.retried", "type", JobType.IMAGE.key()).count();
    }
}
