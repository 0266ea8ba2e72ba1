package dev.fastshop.order.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.fastshop.order.support.FreePort;
import dev.fastshop.order.support.Orders;
import dev.fastshop.order.support.Tokens;

/** PostgreSQL unreachable (its address is a closed port): requests fail fast with 503, the process stays up. */
@QuarkusTest
@TestProfile(DependenciesDownTest.DatabaseDown.class)
class DependenciesDownTest {

    /** /q/* is served on the management port only. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private static final long QUICKLY_MS = 5_000;
    private static final String PROBLEM_JSON = "application/problem+json";

    private final String token = Tokens.customer("down-" + UUID.randomUUID());

    @Test
    void answersServiceUnavailableQuicklyWhenTheDatabaseIsDown() {
        Orders.place(token, Orders.body(List.of(Orders.line(1, 1)))).then().statusCode(503)
                .contentType(PROBLEM_JSON).header("Retry-After", equalTo("1")).time(lessThan(QUICKLY_MS));
        given().header("Authorization", token).get("/orders").then().statusCode(503).contentType(PROBLEM_JSON)
                .time(lessThan(QUICKLY_MS));
        Orders.get(token, UUID.randomUUID()).then().statusCode(503).contentType(PROBLEM_JSON);
    }

    @Test
    void reportsNotReadyButAlive() {
        given().get(management.resolve("/q/health/ready")).then().statusCode(503);
        given().get(management.resolve("/q/health/live")).then().statusCode(200);
    }

    public static class DatabaseDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int closed = FreePort.remembered("fastshop.test.closed-db-port");
            String url = "postgresql://127.0.0.1:" + closed + "/orders_test";
            return Map.of("quarkus.datasource.reactive.url", url,
                    "%local.quarkus.datasource.reactive.url", url,
                    "quarkus.datasource.jdbc.url", "jdbc:" + url,
                    "%local.quarkus.datasource.jdbc.url", "jdbc:" + url,
                    "quarkus.flyway.migrate-at-start", "false",
                    "CATALOG_URL", "http://127.0.0.1:" + closed);
        }
    }
}
