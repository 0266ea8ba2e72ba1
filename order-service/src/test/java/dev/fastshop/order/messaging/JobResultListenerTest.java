package dev.fastshop.order.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

import dev.fastshop.contracts.Topology;
import dev.fastshop.order.support.BrokerProbe;
import dev.fastshop.order.support.Catalog;
import dev.fastshop.order.support.CatalogStandIn;
import dev.fastshop.order.support.Orders;
import dev.fastshop.order.support.OutboxRows;
import dev.fastshop.order.support.Tokens;

/** The worker's side is played by the test: it takes the published job and answers on the results exchange. */
@QuarkusTest
@WithTestResource(CatalogStandIn.class)
class JobResultListenerTest {

    private static final Duration DELIVERY = Duration.ofSeconds(10);
    private static final byte[] PDF = "%PDF-1.7 fastshop test invoice".getBytes(StandardCharsets.US_ASCII);
    private static final String FAILURE_REASON = "template missing";

    @Inject
    Pool pool;

    @AfterEach
    void purgeJobQueues() {
        BrokerProbe.purgeJobQueues();
    }

    private final String token = Tokens.customer("results-" + UUID.randomUUID());

    @Test
    void storesTheInvoiceQueuesTheEmailWithItAndIgnoresDuplicates() throws Exception {
        try (BrokerProbe jobs = BrokerProbe.connect().listen(Topology.JOBS_EXCHANGE, "direct", "invoice")
                .listen(Topology.JOBS_EXCHANGE, "direct", "email")) {
            UUID order = Orders.placed(token, Catalog.product("Camera", "300.00", 10), 1);
            await().atMost(DELIVERY).until(() -> jobs.matching("orderId", order).size() == 1);
            String invoiceJob = jobs.matching("orderId", order).get(0).body().getString("jobId");

            JsonObject completed = completed(invoiceJob, order, "invoice", true);
            jobs.publish(Topology.JOB_RESULTS_EXCHANGE, "job.completed.invoice", completed);
            jobs.publish(Topology.JOB_RESULTS_EXCHANGE, "job.completed.invoice", completed);

            await().atMost(DELIVERY).until(() -> "READY".equals(Orders.get(token, order).path("jobs.invoice.status")));
            byte[] served = given().header("Authorization", token).get("/orders/" + order + "/invoice").then()
                    .statusCode(200).contentType("application/pdf").extract().asByteArray();
            assertArrayEquals(PDF, served);
            Orders.get(token, order).then().body("jobs.invoice.href", equalTo("/orders/" + order + "/invoice"));

            await().atMost(DELIVERY).until(() -> jobs.matching("orderId", order).size() == 2);
            JsonObject email = jobs.matching("orderId", order).stream()
                    .filter(r -> r.routingKey().equals("email")).findFirst().orElseThrow().body();
            assertEquals(Orders.EMAIL, email.getString("to"));
            assertEquals("Ada Lovelace", email.getString("customerName"));
            JsonObject attachment = email.getJsonObject("invoice");
            assertArrayEquals(PDF, Base64.getDecoder().decode(attachment.getString("content")));
            assertEquals(sha256(PDF), attachment.getString("sha256"));

            jobs.publish(Topology.JOB_RESULTS_EXCHANGE, "job.completed.email",
                    completed(email.getString("jobId"), order, "email", false));
            await().atMost(DELIVERY).until(() -> "SENT".equals(Orders.get(token, order).path("jobs.email.status")));
            assertEquals(1, OutboxRows.all(pool, order, "EmailJob"), "the duplicate result queued nothing");
        }
    }

    @Test
    void recordsAFailedInvoiceWithItsReason() {
        try (BrokerProbe jobs = BrokerProbe.connect().listen(Topology.JOBS_EXCHANGE, "direct", "invoice")) {
            UUID order = Orders.placed(token, Catalog.product("Lens", "120.00", 10), 1);
            await().atMost(DELIVERY).until(() -> jobs.matching("orderId", order).size() == 1);
            String invoiceJob = jobs.matching("orderId", order).get(0).body().getString("jobId");

            jobs.publish(Topology.JOB_RESULTS_EXCHANGE, "job.failed.invoice", new JsonObject()
                    .put("schemaVersion", 1).put("jobId", invoiceJob).put("type", "INVOICE")
                    .put("reference", order.toString()).put("reason", FAILURE_REASON).put("attempts", 5)
                    .put("failedAt", "2026-11-26T12:00:00Z"));

            await().atMost(DELIVERY).until(() -> "FAILED".equals(Orders.get(token, order).path("jobs.invoice.status")));
            Orders.get(token, order).then().body("jobs.invoice.reason", equalTo(FAILURE_REASON))
                    .body("jobs.email.status", equalTo("FAILED"));
            given().header("Authorization", token).get("/orders/" + order + "/invoice").then().statusCode(409)
                    .body("detail", containsString(FAILURE_REASON));
        }
    }

    /** A JobCompleted as the worker sends it, plus a field from a newer schema that must be ignored. */
    private static JsonObject completed(String jobId, UUID order, String type, boolean withPdf) throws Exception {
        JsonArray artifacts = new JsonArray();
        if (withPdf) {
            artifacts.add(new JsonObject().put("name", "invoice-" + order + ".pdf")
                    .put("contentType", "application/pdf").put("content", Base64.getEncoder().encodeToString(PDF))
                    .put("sha256", sha256(PDF)));
        }
        return new JsonObject().put("schemaVersion", 1).put("jobId", jobId).put("type", type.toUpperCase())
                .put("reference", order.toString()).put("artifacts", artifacts)
                .put("completedAt", "2026-11-26T12:00:00Z").put("workerHost", "worker-7");
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
