package dev.fastshop.worker.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.worker.support.GreenMailResource;

@QuarkusTest
@WithTestResource(GreenMailResource.class)
class WorkerObservabilityTest {

    /** /q/* is served on the management port only. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private static final Duration QUEUE_DEPTH_TIMEOUT = Duration.ofSeconds(15);

    @Test
    void readinessCoversRabbitMqAndReportsSmtpAndRedisAsDetails() {
        given().when().get(management.resolve("/q/health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(DependenciesHealthCheck.NAME))
                .body("checks.find { it.name == 'worker-dependencies' }.data.smtpReachable", equalTo(true))
                .body("checks.find { it.name == 'worker-dependencies' }.data.redisReachable", equalTo(true))
                .body("checks.name", hasItem(containsString("Messaging")));
    }

    @Test
    void smtpOutageLeavesTheWorkerReadyAndShowsInTheDetails() {
        GreenMailResource.stopServer();
        try {
            given().when().get(management.resolve("/q/health/ready"))
                    .then().statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("checks.find { it.name == 'worker-dependencies' }.data.smtpReachable", equalTo(false));
        } finally {
            GreenMailResource.startServer();
        }
    }

    @Test
    void jobMetricsArePublishedUnderTheAgreedNames() {
        await().atMost(QUEUE_DEPTH_TIMEOUT).untilAsserted(() -> given().when().get(management.resolve("/q/metrics"))
                .then().statusCode(200)
                .body(containsString("fastshop_jobs_processed_total{type=\"invoice\"}"),
                        containsString("fastshop_jobs_failed_total{type=\"email\"}"),
                        containsString("fastshop_jobs_retried_total{type=\"image\"}"),
                        containsString("fastshop_jobs_dead_lettered_total{type=\"invoice\"}"),
                        containsString("fastshop_jobs_duration_seconds_bucket{type=\"image\""),
                        containsString("fastshop_jobs_in_flight{type=\"email\"}"),
                        containsString("fastshop_jobs_queue_depth{queue=\"jobs.invoice\"}"),
                        containsString("fastshop_jobs_queue_depth{queue=\"jobs.image.dlq\"}")));
    }
}
