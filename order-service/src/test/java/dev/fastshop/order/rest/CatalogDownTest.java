package dev.fastshop.order.rest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.fastshop.order.support.FreePort;
import dev.fastshop.order.support.Orders;
import dev.fastshop.order.support.Tokens;

/** The catalog is unreachable (a closed port): placing an order is a quick 503, retried calls included. */
@QuarkusTest
@TestProfile(CatalogDownTest.CatalogUnreachable.class)
class CatalogDownTest {

    private static final long WITHIN_TIMEOUTS_MS = 5_000;

    @Test
    void answersServiceUnavailableWhenTheCatalogCannotBeReached() {
        String token = Tokens.customer("no-catalog-" + UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            Orders.place(token, Orders.body(List.of(Orders.line(1, 1)))).then().statusCode(503)
                    .contentType("application/problem+json").body("detail", containsString("catalog"))
                    .time(lessThan(WITHIN_TIMEOUTS_MS));
        }
    }

    public static class CatalogUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("CATALOG_URL", "http://127.0.0.1:" + FreePort.remembered("fastshop.test.closed-catalog"));
        }
    }
}
