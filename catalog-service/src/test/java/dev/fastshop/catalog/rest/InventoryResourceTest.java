package dev.fastshop.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.fastshop.catalog.support.ProductFixtures;
import dev.fastshop.catalog.support.TestJwtKeys;
import dev.fastshop.catalog.support.TestTokens;

@QuarkusTest
class InventoryResourceTest {

    private static final int STOCK = 10;
    private static final int BUYERS = 100;
    private static final String PROBLEM_JSON = "application/problem+json";

    @TestHTTPResource("/inventory/reservations")
    URI reservations;

    @Test
    void hundredParallelBuyersOfTenUnitsNeverOversell() {
        long id = product(STOCK);
        String token = TestTokens.service();
        HttpClient client = HttpClient.newHttpClient();

        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, BUYERS)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(reservations)
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body(UUID.randomUUID(), id, 1)))
                        .build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        Map<Integer, Long> statuses = responses.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        assertEquals(Map.of(201, (long) STOCK, 409, (long) (BUYERS - STOCK)), statuses);
        assertEquals(0, stock(id));
    }

    @Test
    void retryWithTheSameOrderIdDoesNotDecrementTwice() {
        long id = product(STOCK);
        UUID orderId = UUID.randomUUID();

        service().body(body(orderId, id, 3)).when().post("/inventory/reservations")
                .then().statusCode(201)
                .body("orderId", equalTo(orderId.toString()))
                .body("status", equalTo("RESERVED"))
                .body("lines[0].quantity", equalTo(3));
        service().body(body(orderId, id, 3)).when().post("/inventory/reservations")
                .then().statusCode(200)
                .body("status", equalTo("RESERVED"))
                .body("lines[0].productId", equalTo((int) id));

        assertEquals(STOCK - 3, stock(id));
    }

    @Test
    void allLinesOrNone() {
        long plenty = product(STOCK);
        long scarce = product(1);
        String twoLines = "{\"orderId\":\"" + UUID.randomUUID() + "\",\"lines\":[{\"productId\":" + plenty
                + ",\"quantity\":2},{\"productId\":" + scarce + ",\"quantity\":2}]}";

        service().body(twoLines).when().post("/inventory/reservations")
                .then().statusCode(409).contentType("application/problem+json");

        assertEquals(STOCK, stock(plenty));
        assertEquals(1, stock(scarce));
    }

    @Test
    void unknownProductIs422() {
        service().body(body(UUID.randomUUID(), 7_000_000_000L, 1)).when().post("/inventory/reservations")
                .then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void releaseGivesStockBackOnce() {
        long id = product(STOCK);
        UUID orderId = UUID.randomUUID();
        service().body(body(orderId, id, 4)).when().post("/inventory/reservations").then().statusCode(201);

        service().when().delete("/inventory/reservations/{orderId}", orderId).then().statusCode(204);
        service().when().delete("/inventory/reservations/{orderId}", orderId).then().statusCode(204);
        service().when().delete("/inventory/reservations/{orderId}", UUID.randomUUID()).then().statusCode(204);

        assertEquals(STOCK, stock(id));
    }

    /** The order service timed out on a reservation, released it, and the late call arrived after the release. */
    @Test
    void reservationArrivingAfterItsReleaseTakesNoStock() {
        long id = product(STOCK);
        UUID orderId = UUID.randomUUID();
        service().when().delete("/inventory/reservations/{orderId}", orderId).then().statusCode(204);

        service().body(body(orderId, id, 4)).when().post("/inventory/reservations")
                .then().statusCode(409).contentType("application/problem+json");
        service().when().delete("/inventory/reservations/{orderId}", orderId).then().statusCode(204);

        assertEquals(STOCK, stock(id));
    }

    @Test
    void invalidRequestsAre400NamingTheField() {
        service().body(body(UUID.randomUUID(), 1, 0)).when().post("/inventory/reservations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem("lines[0].quantity"));
        service().body("{\"lines\":[]}").when().post("/inventory/reservations")
                .then().statusCode(400)
                .body("invalidParams.name", hasItem("orderId"));
        service().when().delete("/inventory/reservations/not-a-uuid")
                .then().statusCode(400)
                .body("invalidParams[0].name", equalTo("orderId"));
    }

    @Test
    void tokenIsRequired() {
        given().contentType(ContentType.JSON).body(body(UUID.randomUUID(), 1, 1)).when().post("/inventory/reservations")
                .then().statusCode(401).contentType(PROBLEM_JSON);
        given().when().delete("/inventory/reservations/{orderId}", UUID.randomUUID())
                .then().statusCode(401).contentType(PROBLEM_JSON);
    }

    /** D1: only the order service's own token reserves or releases; no user, whatever its groups, does. */
    @Test
    void customersAdminsAndUserTokensClaimingServiceAre403() {
        long id = product(STOCK);
        UUID orderId = UUID.randomUUID();
        service().body(body(orderId, id, 4)).when().post("/inventory/reservations").then().statusCode(201);

        for (String token : List.of(TestTokens.customer(), TestTokens.admin(),
                TestTokens.user("mallory", Set.of("customer", "service")))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body(UUID.randomUUID(), id, STOCK - 4))
                    .when().post("/inventory/reservations")
                    .then().statusCode(403).contentType(PROBLEM_JSON);
            given().auth().oauth2(token).when().delete("/inventory/reservations/{orderId}", orderId)
                    .then().statusCode(403).contentType(PROBLEM_JSON);
        }

        assertEquals(STOCK - 4, stock(id), "no refused call changed the stock");
    }

    /** The service kid selects the service key: a token naming it but signed with any other key fails verification. */
    @Test
    void serviceKidWithAnotherKeysSignatureIs401() throws Exception {
        for (PrivateKey key : List.of(TestJwtKeys.rsaKeyPair().getPrivate(),
                TestJwtKeys.readPrivateKey(TestJwtKeys.USERS_KID))) {
            given().auth().oauth2(TestTokens.forgedService(key)).contentType(ContentType.JSON)
                    .body(body(UUID.randomUUID(), 1, 1)).when().post("/inventory/reservations")
                    .then().statusCode(401).contentType(PROBLEM_JSON);
        }
    }

    private static RequestSpecification service() {
        return given().auth().oauth2(TestTokens.service()).contentType(ContentType.JSON);
    }

    private static long product(int stock) {
        return ProductFixtures.create("Reservable Tent", ProductFixtures.uniqueBrand("Inv"), "", "outdoor", "120.00",
                stock);
    }

    private static int stock(long id) {
        return given().contentType(ContentType.JSON).body(Map.of("ids", List.of(id))).when().post("/products/batch")
                .then().statusCode(200).extract().jsonPath().getInt("items[0].stock");
    }

    private static String body(UUID orderId, long productId, int quantity) {
        return "{\"orderId\":\"" + orderId + "\",\"lines\":[{\"productId\":" + productId + ",\"quantity\":" + quantity
                + "}]}";
    }
}
