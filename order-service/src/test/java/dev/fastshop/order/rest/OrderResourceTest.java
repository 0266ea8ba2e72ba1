package dev.fastshop.order.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.Json;
import io.vertx.mutiny.sqlclient.Pool;

import dev.fastshop.commons.rest.SqlStatementsFilter;
import dev.fastshop.order.support.Catalog;
import dev.fastshop.order.support.CatalogStandIn;
import dev.fastshop.order.support.Orders;
import dev.fastshop.order.support.OutboxRows;
import dev.fastshop.order.support.Tokens;

@QuarkusTest
@WithTestResource(CatalogStandIn.class)
class OrderResourceTest {

    /** /q/* is served on the management port only. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Inject
    Pool pool;

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String CANCELLED_EVENT = "OrderCancelled";
    private static final String KEYBOARD_PRICE = "49.90";
    private static final String MOUSE_PRICE = "19.95";
    private static final int PLENTY = 1_000;

    private final String alice = Tokens.customer("alice-" + UUID.randomUUID());
    private final String bob = Tokens.customer("bob-" + UUID.randomUUID());

    @Test
    void placesAnOrderPricedByTheCatalogAndReservesItsStock() {
        long keyboard = Catalog.product("Keyboard", KEYBOARD_PRICE, 10);
        long mouse = Catalog.product("Mouse", MOUSE_PRICE, 10);

        Response response = Orders.place(alice, Orders.body(List.of(Orders.line(keyboard, 2), Orders.line(mouse, 1))));

        response.then().statusCode(201)
                .header("Location", containsString("/orders/" + response.path("id")))
                .body("status", equalTo("PLACED"))
                .body("lines", hasSize(2))
                .body("lines[0].sku", equalTo("SKU-" + keyboard))
                .body("lines[0].unitPrice", equalTo(49.90f))
                .body("subtotal", equalTo(119.75f))
                .body("tax", equalTo(23.95f))
                .body("total", equalTo(143.70f))
                .body("currency", equalTo("EUR"))
                .body("jobs.invoice.status", equalTo("PENDING"))
                .body("jobs.email.status", equalTo("PENDING"));
        assertEquals(8, Catalog.stock(keyboard));
        assertEquals(9, Catalog.stock(mouse));
        UUID id = UUID.fromString(response.path("id"));
        assertEquals("RESERVED", Catalog.reservation(id));
        Orders.get(alice, id).then().statusCode(200).body("id", equalTo(id.toString()))
                .body("lines[1].name", equalTo("Mouse")).body("shippingAddress.city", equalTo("Paris"));
    }

    @Test
    void replaysTheFirstResponseForTheSameKeyAndBody() {
        long product = Catalog.product("Lamp", "30.00", 5);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Orders.body(List.of(Orders.line(product, 1)));

        Response first = Orders.place(alice, key, body);
        Response second = Orders.place(alice, key, body);

        first.then().statusCode(201);
        second.then().statusCode(201).header("Location", equalTo(first.header("Location")));
        assertEquals(first.asString(), second.asString());
        assertEquals(4, Catalog.stock(product), "the replay must not reserve again");
    }

    @Test
    void rejectsTheSameKeyWithAnotherBody() {
        long product = Catalog.product("Desk", "200.00", 5);
        String key = UUID.randomUUID().toString();
        Orders.place(alice, key, Orders.body(List.of(Orders.line(product, 1)))).then().statusCode(201);

        Orders.place(alice, key, Orders.body(List.of(Orders.line(product, 2)))).then().statusCode(422)
                .contentType(PROBLEM_JSON).body("detail", containsString("different request body"));
        assertEquals(4, Catalog.stock(product));
    }

    @Test
    void keysAreScopedPerCustomer() {
        long product = Catalog.product("Chair", "80.00", 5);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Orders.body(List.of(Orders.line(product, 1)));

        String aliceOrder = Orders.place(alice, key, body).then().statusCode(201).extract().path("id");
        String bobOrder = Orders.place(bob, key, body).then().statusCode(201).extract().path("id");

        assertNotEquals(aliceOrder, bobOrder);
    }

    @Test
    void answersConflictWhenStockIsShortAndReservesNothing() {
        long scarce = Catalog.product("Rare vinyl", "25.00", 1);
        long common = Catalog.product("Sleeve", "1.00", PLENTY);

        Orders.place(alice, Orders.body(List.of(Orders.line(common, 3), Orders.line(scarce, 2))))
                .then().statusCode(409).contentType(PROBLEM_JSON).body("status", equalTo(409));
        assertEquals(1, Catalog.stock(scarce));
        assertEquals(PLENTY, Catalog.stock(common));
    }

    @Test
    void rejectsUnknownProductsWithUnprocessable() {
        long known = Catalog.product("Pen", "2.00", PLENTY);
        long unknown = known + 1_000_000;

        Orders.place(alice, Orders.body(List.of(Orders.line(known, 1), Orders.line(unknown, 1))))
                .then().statusCode(422).contentType(PROBLEM_JSON)
                .body("invalidParams[0].name", equalTo("lines[1].productId"));
        assertEquals(PLENTY, Catalog.stock(known));
    }

    static Stream<Arguments> badBodies() {
        long product = 1;
        List<Map<String, Object>> tooMany = IntStream.rangeClosed(1, 51)
                .mapToObj(i -> Orders.line(i, 1)).toList();
        return Stream.of(
                Arguments.of("malformed JSON", "{\"lines\": [", "body"),
                Arguments.of("unknown field", "{\"lines\":[{\"productId\":1,\"quantity\":1}],\"email\":\"a@b.co\","
                        + "\"shippingAddress\":" + json(Orders.ADDRESS) + ",\"discount\":100}", "discount"),
                Arguments.of("unknown nested field", "{\"lines\":[{\"productId\":1,\"quantity\":1,\"price\":0}],"
                        + "\"email\":\"a@b.co\",\"shippingAddress\":" + json(Orders.ADDRESS) + "}", "price"),
                Arguments.of("negative quantity", bodyJson(Orders.line(product, -1)), "quantity"),
                Arguments.of("zero quantity", bodyJson(Orders.line(product, 0)), "quantity"),
                Arguments.of("quantity above 99", bodyJson(Orders.line(product, 100)), "quantity"),
                Arguments.of("quantity beyond int", "{\"lines\":[{\"productId\":1,\"quantity\":99999999999999999999}],"
                        + "\"email\":\"a@b.co\",\"shippingAddress\":" + json(Orders.ADDRESS) + "}", "body"),
                Arguments.of("quantity as text", "{\"lines\":[{\"productId\":1,\"quantity\":\"two\"}],"
                        + "\"email\":\"a@b.co\",\"shippingAddress\":" + json(Orders.ADDRESS) + "}", "quantity"),
                Arguments.of("51 lines", json(Orders.body(tooMany)), "lines"),
                Arguments.of("no lines", json(Orders.body(List.of())), "lines"),
                Arguments.of("duplicate product", json(Orders.body(List.of(Orders.line(product, 1),
                        Orders.line(product, 2)))), "lines"),
                Arguments.of("bad email", "{\"lines\":[{\"productId\":1,\"quantity\":1}],\"email\":\"nope\","
                        + "\"shippingAddress\":" + json(Orders.ADDRESS) + "}", "email"),
                Arguments.of("no address", "{\"lines\":[{\"productId\":1,\"quantity\":1}],\"email\":\"a@b.co\"}",
                        "shippingAddress"),
                Arguments.of("empty body", "", "body"),
                Arguments.of("JSON array", "[]", "structure"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void rejectsBadBodiesWithProblemDetails(String caseName, String body, String mentioned) {
        Response response = given().header("Authorization", alice).header("Idempotency-Key", UUID.randomUUID())
                .contentType(ContentType.JSON).body(body).post("/orders");

        response.then().statusCode(400).contentType(PROBLEM_JSON).body("status", equalTo(400));
        String text = response.asString();
        assertTrue(text.contains(mentioned) || "body".equals(mentioned),
                caseName + ": " + text);
        assertFalse(text.contains("Exception") || text.contains("dev.fastshop"),
                caseName + " leaks internals: " + text);
    }

    @Test
    void releasesTheReservationWhenTheOrderCannotCommit() {
        // A trigger makes PostgreSQL refuse this product's order line: the order transaction fails after the stock
        // was reserved.
        long product = Catalog.product("Refused by the database", "3.00", 5);
        String refuse = "refuse_sku_" + product;
        pool.query("create function " + refuse + "() returns trigger language plpgsql as $$ begin "
                + "raise exception 'refused for the test'; end $$").execute().await().indefinitely();
        pool.query("create trigger " + refuse + " before insert on order_items for each row when (new.sku = 'SKU-"
                + product + "') execute function " + refuse + "()").execute().await().indefinitely();
        try {
            Orders.place(alice, Orders.body(List.of(Orders.line(product, 2)))).then().statusCode(500)
                    .contentType(PROBLEM_JSON);
        } finally {
            pool.query("drop function " + refuse + "() cascade").execute().await().indefinitely();
        }

        assertEquals(5, Catalog.stock(product), "the compensation released the reservation");
    }

    @Test
    void requiresAnIdempotencyKey() {
        long product = Catalog.product("Mug", "8.00", PLENTY);

        given().header("Authorization", alice).contentType(ContentType.JSON)
                .body(Orders.body(List.of(Orders.line(product, 1)))).post("/orders")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("invalidParams[0].name", equalTo("Idempotency-Key"));
        assertEquals(PLENTY, Catalog.stock(product));
    }

    @Test
    void requiresAToken() {
        given().get("/orders").then().statusCode(401).contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"fastshop\""));
        given().header("Authorization", "Bearer not-a-jwt").get("/orders").then().statusCode(401)
                .contentType(PROBLEM_JSON).body("status", equalTo(401))
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
    }

    @Test
    void hidesOtherCustomersOrdersButShowsThemToAdmins() {
        UUID order = Orders.placed(alice, Catalog.product("Book", "12.00", PLENTY), 1);

        Orders.get(bob, order).then().statusCode(404).contentType(PROBLEM_JSON);
        given().header("Authorization", bob).get("/orders/" + order + "/invoice").then().statusCode(404);
        given().header("Authorization", bob).post("/orders/" + order + "/cancel").then().statusCode(404);
        Orders.get(Tokens.admin("admin-1"), order).then().statusCode(200).body("id", equalTo(order.toString()));
    }

    @Test
    void pagesThroughTheCustomersOrdersWithAtMostThreeStatementsPerPage() {
        String carol = Tokens.customer("carol-" + UUID.randomUUID());
        long product = Catalog.product("Sticker", "0.50", PLENTY);
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placed.add(0, Orders.placed(carol, product, i + 1).toString());
        }
        Orders.placed(alice, product, 1);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().header("Authorization", carol).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/orders");
            page.then().statusCode(200).header(SqlStatementsFilter.HEADER, equalTo("2"))
                    .body("items[0].lines", hasSize(1));
            seen.addAll(page.path("items.id"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);

        assertEquals(placed, seen, "newest first, each order exactly once");
        assertEquals(3, pages);
        given().header("Authorization", carol).queryParam("limit", 100).get("/orders").then().statusCode(200)
                .body("items", hasSize(5)).body("nextCursor", nullValue())
                .header(SqlStatementsFilter.HEADER, equalTo("2"));
    }

    @Test
    void adminsListEveryCustomersOrdersAndStatusFilters() {
        UUID order = Orders.placed(alice, Catalog.product("Poster", "5.00", PLENTY), 1);
        given().header("Authorization", alice).post("/orders/" + order + "/cancel").then().statusCode(200);

        Response page = given().header("Authorization", Tokens.admin("admin-2")).queryParam("status", "cancelled")
                .queryParam("limit", 100).get("/orders");

        page.then().statusCode(200).body("items.status", everyItem(equalTo("CANCELLED")));
        assertTrue(page.<List<String>>path("items.id").contains(order.toString()));
        assertTrue(
                Integer.parseInt(page.header(SqlStatementsFilter.HEADER)) <= 3);
    }

    @Test
    void rejectsBadListParameters() {
        given().header("Authorization", alice).queryParam("limit", 0).get("/orders").then().statusCode(400)
                .contentType(PROBLEM_JSON);
        given().header("Authorization", alice).queryParam("limit", 101).get("/orders").then().statusCode(400);
        given().header("Authorization", alice).queryParam("status", "LOST").get("/orders").then().statusCode(400);
        given().header("Authorization", alice).queryParam("cursor", "garbage!").get("/orders").then()
                .statusCode(400).body("invalidParams[0].name", equalTo("cursor"));
        given().header("Authorization", alice).get("/orders/not-a-uuid").then().statusCode(400)
                .contentType(PROBLEM_JSON).body("invalidParams[0].name", equalTo("id"));
    }

    @Test
    void cancelsReleasesTheStockAndIsIdempotent() {
        long product = Catalog.product("Tent", "150.00", 3);
        UUID order = Orders.placed(alice, product, 2);
        assertEquals(1, Catalog.stock(product));

        given().header("Authorization", alice).post("/orders/" + order + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        given().header("Authorization", alice).post("/orders/" + order + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));

        assertEquals(3, Catalog.stock(product), "released exactly once");
        assertEquals("RELEASED", Catalog.reservation(order));
        assertEquals(1, OutboxRows.all(pool, order, CANCELLED_EVENT), "one event for two cancels");
        assertEquals(order.toString(), OutboxRows.payloadField(pool, order, CANCELLED_EVENT, "orderId"));
    }

    @Test
    void answersConflictForTheInvoiceWhileItIsPending() {
        UUID order = Orders.placed(alice, Catalog.product("Bike", "900.00", PLENTY), 1);

        given().header("Authorization", alice).get("/orders/" + order + "/invoice").then().statusCode(409)
                .contentType(PROBLEM_JSON).body("detail", containsString("not ready"));
        Orders.get(alice, order).then().body("jobs.invoice.href", nullValue())
                .body("jobs.invoice.status", equalTo("PENDING"));
    }

    @Test
    void servesOpenApiAndHealth() {
        given().get(management.resolve("/q/openapi")).then().statusCode(200).body(containsString("/orders"));
        given().get(management.resolve("/q/health/ready")).then().statusCode(200)
                .body("checks.find { it.name == 'RabbitMQ (outbox relay)' }.data.outboxPending", notNullValue());
        given().get(management.resolve("/q/metrics")).then().statusCode(200)
                .body(containsString("fastshop_outbox_pending"));
    }

    @Test
    void answersNotFoundForAnOrderThatDoesNotExist() {
        UUID unknown = UUID.randomUUID();

        Orders.get(alice, unknown).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("detail", equalTo("No order " + unknown));
        assertNull(Catalog.reservation(unknown));
    }

    private static String bodyJson(Map<String, Object> line) {
        return json(Orders.body(List.of(line)));
    }

    private static String json(Object value) {
        return Json.encode(value);
    }
}
