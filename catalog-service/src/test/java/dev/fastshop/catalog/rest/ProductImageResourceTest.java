package dev.fastshop.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.rabbitmq.RabbitMQOptions;

import dev.fastshop.catalog.support.ProductFixtures;
import dev.fastshop.catalog.support.TestTokens;
import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.ImageJob;
import dev.fastshop.contracts.JobCompleted;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;

/** Upload, job publication, and the worker's result applied once — the worker's side is played by the test. */
@QuarkusTest
class ProductImageResourceTest {

    private static final int MAX_BYTES = 5 * 1024 * 1024;

    @jakarta.inject.Inject
    Vertx vertx;

    @jakarta.inject.Inject
    ObjectMapper mapper;

    @jakarta.inject.Inject
    Pool pool;

    @ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost")
    String host;
    @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672")
    int port;
    @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest")
    String user;
    @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest")
    String password;
    @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/")
    String virtualHost;

    private RabbitMQClient broker;

    @BeforeEach
    void connect() {
        broker = RabbitMQClient.create(vertx, new RabbitMQOptions().setHost(host).setPort(port).setUser(user)
                .setPassword(password).setVirtualHost(virtualHost));
        broker.startAndAwait();
    }

    @AfterEach
    void disconnect() {
        broker.stopAndAwait();
    }

    @Test
    void uploadQueuesAJobAndAppliesItsThumbnailsOnce() throws Exception {
        long id = product();
        byte[] png = png(40, 30);

        given().auth().oauth2(TestTokens.admin()).contentType("image/png").body(png)
                .when().post("/products/{id}/image", id)
                .then().statusCode(202)
                .body("images.thumbnails", equalTo("PENDING"))
                .body("images.original", startsWith("/products/" + id + "/image/original?v="));
        var original = given().when().get("/products/{id}/image/original", id)
                .then().statusCode(200).contentType("image/png").extract();
        assertArrayEquals(png, original.asByteArray());
        String etag = original.header("ETag");
        given().header("If-None-Match", etag).when().get("/products/{id}/image/original", id)
                .then().statusCode(304);
        given().when().get("/products/{id}/image/512", id).then().statusCode(404);

        ImageJob job = await().atMost(Duration.ofSeconds(10)).until(() -> queuedJobFor(id), j -> j != null);
        assertEquals(List.of(128, 512), job.sizes());
        assertArrayEquals(png, job.original().content());

        byte[] small = png(12, 9);
        byte[] medium = png(48, 36);
        JobCompleted result = new JobCompleted(JobCompleted.SCHEMA_VERSION, job.jobId(), JobType.IMAGE,
                Long.toString(id), List.of(new Attachment("128.png", "image/png", small, null),
                        new Attachment("512.png", "image/png", medium, null)),
                Instant.now());
        publishResult(result);
        publishResult(result);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/products/{id}", id)
                .then().statusCode(200).body("images.thumbnails", equalTo("READY")));
        assertArrayEquals(medium, given().when().get("/products/{id}/image/512", id)
                .then().statusCode(200).header("Cache-Control", org.hamcrest.Matchers.containsString("max-age"))
                .extract().asByteArray());
        String link128 = given().when().get("/products/{id}", id).then().extract().jsonPath()
                .getString("images.128");
        given().when().get(link128).then().statusCode(200)
                .header("Cache-Control", org.hamcrest.Matchers.containsString("immutable"));
        // upload bumps the version once, the result once more; the duplicate result changes nothing
        Thread.sleep(500);
        given().when().get("/products/{id}", id).then().body("version", equalTo(3));
    }

    /**
     * The outbox relay publishes what an instance left behind (it stopped before the broker confirmed), and drops,
     * unsent, a row whose image was replaced since.
     */
    @Test
    void rowsLeftInTheOutboxAreRelayedUnlessSuperseded() throws Exception {
        long id = product();
        given().auth().oauth2(TestTokens.admin()).contentType("image/png").body(png(20, 20))
                .when().post("/products/{id}/image", id).then().statusCode(202);
        ImageJob first = await().atMost(Duration.ofSeconds(10)).until(() -> queuedJobFor(id), j -> j != null);

        UUID superseded = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO image_job_outbox (job_id, product_id) VALUES ($1, $2), ($3, $2)")
                .executeAndAwait(Tuple.of(first.jobId(), id, superseded));

        ImageJob again = await().atMost(Duration.ofSeconds(10)).until(() -> queuedJobFor(id), j -> j != null);
        assertEquals(first.jobId(), again.jobId());
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.preparedQuery(
                "SELECT count(*) FROM image_job_outbox WHERE product_id = $1")
                .executeAndAwait(Tuple.of(id)).iterator().next().getLong(0) == 0);
        assertNull(queuedJobFor(id), "the superseded job was published");
    }

    @Test
    void wrongTypeAndOversizeAreRejected() {
        long id = product();
        given().auth().oauth2(TestTokens.admin()).contentType("image/png").body("GIF89a not really".getBytes())
                .when().post("/products/{id}/image", id)
                .then().statusCode(415).contentType("application/problem+json");
        byte[] huge = new byte[MAX_BYTES + 1];
        huge[0] = (byte) 0xFF;
        huge[1] = (byte) 0xD8;
        huge[2] = (byte) 0xFF;
        given().auth().oauth2(TestTokens.admin()).contentType("image/jpeg").body(huge)
                .when().post("/products/{id}/image", id)
                .then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.customer()).contentType("image/png").body(new byte[]{1})
                .when().post("/products/{id}/image", id)
                .then().statusCode(403);
        given().when().get("/products/{id}/image/huge", id)
                .then().statusCode(400).body("invalidParams[0].name", equalTo("size"));
    }

    private ImageJob queuedJobFor(long productId) throws IOException {
        while (true) {
            var message = broker.basicGetAndAwait(Topology.jobQueue(JobType.IMAGE), true);
            if (message == null) {
                return null;
            }
            ImageJob job = mapper.readValue(message.body().getBytes(), ImageJob.class);
            if (job.productId() == productId) {
                return job;
            }
        }
    }

    private void publishResult(JobCompleted result) throws IOException {
        broker.exchangeDeclareAndAwait(Topology.JOB_RESULTS_EXCHANGE, "topic", true, false);
        broker.basicPublishAndAwait(Topology.JOB_RESULTS_EXCHANGE, Topology.completedKey(JobType.IMAGE),
                new com.rabbitmq.client.AMQP.BasicProperties.Builder().contentType("application/json").build(),
                Buffer.buffer(mapper.writeValueAsBytes(result)));
    }

    private static long product() {
        return ProductFixtures.create("Pictured Lamp", ProductFixtures.uniqueBrand("Pix"), "", "lighting", "19.00",
                1);
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xFF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
