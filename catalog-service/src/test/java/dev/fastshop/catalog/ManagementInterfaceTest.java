package dev.fastshop.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** D8: /q/* is served on the management port only; the public port (which the gateway proxies) has none of it. */
@QuarkusTest
class ManagementInterfaceTest {

    private static final List<String> MANAGEMENT_PATHS = List.of("/q/health", "/q/health/ready", "/q/health/live",
            "/q/metrics", "/q/openapi", "/q/swagger-ui/");

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void managementEndpointsAnswerOnTheManagementPort() {
        for (String path : MANAGEMENT_PATHS) {
            given().when().get(management.resolve(path)).then().statusCode(200);
        }
        given().when().get(management.resolve("/q/openapi")).then().body(containsString("/inventory/reservations"));
    }

    @Test
    void managementEndpointsAreAbsentFromThePublicPort() {
        for (String path : MANAGEMENT_PATHS) {
            given().when().get(path).then().statusCode(404);
        }
    }
}
