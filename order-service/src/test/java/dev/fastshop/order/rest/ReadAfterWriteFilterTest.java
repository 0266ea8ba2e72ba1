package dev.fastshop.order.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import dev.fastshop.commons.sql.LocalReplica;
import dev.fastshop.commons.sql.WalPosition;
import dev.fastshop.order.support.Catalog;
import dev.fastshop.order.support.CatalogStandIn;
import dev.fastshop.order.support.FreePort;
import dev.fastshop.order.support.Orders;
import dev.fastshop.order.support.TcpProxy;
import dev.fastshop.order.support.Tokens;

/**
 * Read-your-writes on the real local streaming replica ({@code ./fastshop test} starts it on port 5433), reached
 * through a TCP proxy the test can cut, its replay paused so that it lags: writes answer with their WAL position,
 * reads that send it back see the write, reads that do not are served by the replica (bounded staleness), a single
 * order the replica lacks is found on the primary, and a replica lost mid-run costs no error.
 */
@QuarkusTest
@WithTestResource(CatalogStandIn.class)
@TestProfile(ReadAfterWriteFilterTest.WithReplica.class)
class ReadAfterWriteFilterTest {

    private static final String REPLICA = LocalReplica.ADDRESS;
    private static final String DATABASE = "orders_test";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String HEADER = ReadAfterWriteFilter.HEADER;
    /** Where the service reaches the replica: a proxy in front of it. */
    private static final int PROXY_PORT = FreePort.remembered("fastshop.test.replica-proxy-port");
    private static final String PROXIED = "127.0.0.1:" + PROXY_PORT;

    private static TcpProxy proxy;

    /** A lag bound longer than the test, so the paused replica keeps serving the reads that allow staleness. */
    public static class WithReplica implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fastshop.order.read-replicas.urls", "postgresql://" + PROXIED + "/orders_test",
                    "fastshop.order.read-replicas.check-interval", "100ms",
                    "fastshop.order.read-replicas.max-lag", "60s");
        }
    }

    @Inject
    MeterRegistry registry;

    private final String alice = Tokens.customer("alice-" + UUID.randomUUID());

    @BeforeEach
    void replicaStreams() {
        LocalReplica.assumeStreaming(DATABASE);
        if (proxy == null) {
            String[] replica = REPLICA.split(":");
            proxy = TcpProxy.start(PROXY_PORT, replica[0], Integer.parseInt(replica[1]));
        }
        await().atMost(WAIT).until(() -> fit() == 1);
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }

    @Test
    void aClientThatSendsItsWritePositionBackReadsItsWriteWhileTheReplicaLags() throws SQLException {
        long desk = Catalog.product("Replica Desk", "120.00", 100);
        UUID id;
        LocalReplica.pauseReplay(DATABASE);
        try {
            Response placed = Orders.place(alice, Orders.body(List.of(Orders.line(desk, 1))));
            placed.then().statusCode(201);
            id = UUID.fromString(placed.path("id"));
            String position = placed.header(HEADER);
            assertNotNull(position, "a write answers with its WAL position");
            WalPosition.parse(position);

            // Without the position the paused replica serves the list: bounded staleness, the order is not there.
            double replicaReads = reads("replica");
            given().header("Authorization", alice).get("/orders").then().statusCode(200).body("items", hasSize(0));
            assertTrue(reads("replica") > replicaReads, "the list was read on the replica");
            // With it, the primary serves the list, and the order is there.
            given().header("Authorization", alice).header(HEADER, position).get("/orders")
                    .then().statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(id.toString()));
            // A single order the replica does not have yet is looked up on the primary, position or not.
            Orders.get(alice, id).then().statusCode(200).body("status", equalTo("PLACED"));

            Response cancelled = given().header("Authorization", alice).post("/orders/" + id + "/cancel");
            cancelled.then().statusCode(200).body("status", equalTo("CANCELLED"));
            String later = cancelled.header(HEADER);
            assertTrue(WalPosition.parse(later).compareTo(WalPosition.parse(position)) > 0, "positions only grow");
            given().header("Authorization", alice).header(HEADER, later).get("/orders")
                    .then().statusCode(200).body("items[0].status", equalTo("CANCELLED"));
        } finally {
            LocalReplica.resumeReplay(DATABASE);
        }

        // Once the replica has replayed the writes, it serves the list without a position, and it is up to date.
        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", alice).get("/orders")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].status", equalTo("CANCELLED")));
        double replicaReads = reads("replica");
        given().header("Authorization", alice).get("/orders/" + id).then().statusCode(200);
        assertEquals(replicaReads + 1, reads("replica"), 0.0, "the replica serves the order again");

        // Streaming again, a read right after a write is served by the replica once it says it has replayed it.
        await().atMost(WAIT).untilAsserted(() -> {
            Response next = Orders.place(alice, Orders.body(List.of(Orders.line(desk, 1))));
            double before = reads("replica");
            given().header("Authorization", alice).header(HEADER, next.header(HEADER)).get("/orders?limit=1")
                    .then().statusCode(200).body("items[0].id", equalTo(next.path("id")));
            assertEquals(before + 1, reads("replica"), 0.0, "read on the replica that has replayed the write");
        });
    }

    @Test
    void aReplicaLostMidRunCostsNoErrorAndIsUsedAgainWhenItIsBack() {
        UUID id = Orders.placed(alice, Catalog.product("Replica Lamp", "30.00", 100), 1);
        await().atMost(WAIT).untilAsserted(() -> {
            double before = reads("replica");
            Orders.get(alice, id).then().statusCode(200);
            assertEquals(before + 1, reads("replica"), 0.0);
        });

        // Cut every connection to the replica and refuse new ones: the reads in flight and those before the
        // monitor notices run again on the primary.
        double failedOver = reads("primary");
        proxy.close();
        proxy = null;
        for (int i = 0; i < 20; i++) {
            Orders.get(alice, id).then().statusCode(200).body("id", equalTo(id.toString()));
            given().header("Authorization", alice).get("/orders").then().statusCode(200).body("items", hasSize(1));
        }
        assertEquals(failedOver + 40, reads("primary"), 0.0, "every read went to the primary");
        assertEquals(0, fit(), "the lost replica is taken out of the rotation");

        replicaStreams();
        double replicaReads = reads("replica");
        Orders.get(alice, id).then().statusCode(200);
        assertEquals(replicaReads + 1, reads("replica"), 0.0, "the replica serves reads again once it answers");
    }

    @Test
    void aMalformedPositionIsABadRequestNamingTheHeader() {
        given().header("Authorization", alice).header(HEADER, "not-a-position").get("/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("invalidParams[0].name", equalTo(HEADER));
    }

    private double reads(String target) {
        return LocalReplica.reads(registry, target);
    }

    private double fit() {
        return LocalReplica.fit(registry, PROXIED);
    }
}
