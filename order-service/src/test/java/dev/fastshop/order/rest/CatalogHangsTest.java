package dev.fastshop.order.rest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;

import dev.fastshop.order.support.Orders;
import dev.fastshop.order.support.Tokens;

/**
 * The catalog takes connections and never answers (a frozen process): an order gets its 503 as soon as the catalog
 * also fails the liveness probe, long before the budget (10 s in tests) is spent.
 */
@QuarkusTest
@WithTestResource(CatalogHangsTest.SilentCatalog.class)
class CatalogHangsTest {

    /** The probe's 0.8 s plus this service's own work; waiting for the budget would take 10 s. */
    private static final long WITHIN_PROBE_MS = 3_000;

    @Test
    void answersServiceUnavailableOnceTheCatalogFailsTheLivenessProbe() {
        String token = Tokens.customer("hung-catalog-" + UUID.randomUUID());
        for (int i = 0; i < 2; i++) {
            Orders.place(token, Orders.body(List.of(Orders.line(1, 1)))).then().statusCode(503)
                    .contentType("application/problem+json").body("detail", containsString("catalog"))
                    .header("Retry-After", "1").time(lessThan(WITHIN_PROBE_MS));
        }
    }

    /** Accepts connections and reads requests, answers none. */
    public static class SilentCatalog implements QuarkusTestResourceLifecycleManager {

        private Vertx vertx;

        @Override
        public Map<String, String> start() {
            vertx = Vertx.vertx();
            try {
                NetServer server = vertx.createNetServer().connectHandler(socket -> socket.handler(ignored -> {
                })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                return Map.of("CATALOG_URL", "http://127.0.0.1:" + server.actualPort());
            } catch (Exception e) {
                throw new IllegalStateException("Silent catalog did not start", e);
            }
        }

        @Override
        public void stop() {
            if (vertx != null) {
                vertx.close();
            }
        }
    }
}
