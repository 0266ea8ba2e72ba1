package dev.fastshop.catalog.repository;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.fastshop.catalog.support.ProductFixtures;
import dev.fastshop.commons.sql.LocalReplica;

/**
 * Reads on the real local streaming replica ({@code ./fastshop test} starts it on port 5433), made to lag by pausing
 * its replay: searches read the replica, a product read after this instance's write reads the primary, a replica
 * past the lag bound (or down: the second URL has nothing listening) gets no reads, and readiness stays UP.
 */
@QuarkusTest
@TestProfile(ReadReplicaRoutingTest.WithReplica.class)
class ReadReplicaRoutingTest {

    private static final String REPLICA = LocalReplica.ADDRESS;
    private static final String DATABASE = "catalog_test";
    private static final Duration WAIT = Duration.ofSeconds(15);

    public static class WithReplica implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("catalog.read-replicas.urls",
                    "postgresql://" + REPLICA + "/catalog_test,postgresql://127.0.0.1:1/catalog_test",
                    "catalog.read-replicas.check-interval", "100ms",
                    "catalog.read-replicas.max-lag", "1500ms");
        }
    }

    @Inject
    ProductRepository repository;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @BeforeEach
    void replicaStreams() {
        LocalReplica.assumeStreaming(DATABASE);
        await().atMost(WAIT).until(() -> fit(REPLICA) == 1);
    }

    @Test
    void searchesReadTheReplicaOwnWritesAndLaggingReplicasReadThePrimary() throws SQLException {
        String brand = ProductFixtures.uniqueBrand("Replica");
        LocalReplica.pauseReplay(DATABASE);
        try {
            long id = ProductFixtures.create("Standby Lamp", brand, "", "kitchen", "10.00", 5);

            // A search tolerates bounded staleness: the paused replica answers it, without the new product.
            double replicaReads = reads("replica");
            given().queryParam("brand", brand).when().get("/products")
                    .then().statusCode(200).body("items", hasSize(0));
            assertTrue(reads("replica") > replicaReads, "the search read the replica");

            // A product read after this instance's own write reads the primary until the replica has replayed it.
            double primaryReads = reads("primary");
            assertEquals(id, repository.findById(id).await().atMost(WAIT).orElseThrow().id());
            assertTrue(reads("primary") > primaryReads, "the read after a write went to the primary");

            // Past the lag bound the replica gets no reads, the primary answers them, readiness stays UP.
            await().atMost(WAIT).until(() -> fit(REPLICA) == 0);
            primaryReads = reads("primary");
            given().queryParam("brand", brand).queryParam("limit", 5).when().get("/products")
                    .then().statusCode(200).body("items", hasSize(1));
            assertTrue(reads("primary") > primaryReads, "a lagging replica's reads went to the primary");
            given().when().get(management.resolve("/q/health/ready"))
                    .then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            LocalReplica.resumeReplay(DATABASE);
        }

        // Caught up again, the replica takes the reads back and sees the product.
        await().atMost(WAIT).until(() -> fit(REPLICA) == 1);
        double replicaReads = reads("replica");
        given().queryParam("brand", brand).queryParam("limit", 7).when().get("/products")
                .then().statusCode(200).body("items", hasSize(1));
        assertTrue(reads("replica") > replicaReads, "the replica serves reads again");
        assertEquals(0, fit("127.0.0.1:1"), "the replica nobody listens for gets no reads");
    }

    private double reads(String target) {
        return LocalReplica.reads(registry, target);
    }

    private double fit(String replica) {
        return LocalReplica.fit(registry, replica);
    }
}
