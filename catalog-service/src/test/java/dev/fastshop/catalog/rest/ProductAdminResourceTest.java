package dev.fastshop.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.fastshop.catalog.support.ProductFixtures;
import dev.fastshop.catalog.support.TestTokens;
import dev.fastshop.commons.rest.SqlStatementsFilter;

@QuarkusTest
class ProductAdminResourceTest {

    private static final String CATEGORY = "bags";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void replacePatchStockAndDelete() {
        long id = ProductFixtures.create("City Backpack", ProductFixtures.uniqueBrand("Pack"), "20 l", CATEGORY,
                "65.00", 5);

        Map<String, Object> replacement = Map.of("sku", "T-REPLACED-" + id, "name", "City Backpack XL",
                "brand", "Pack", "category", CATEGORY, "price", Map.of("amount", 75.00, "currency", "EUR"),
                "stock", 5);
        admin().body(replacement).header("If-Match", "\"" + id + "-1\"").when().put("/products/{id}", id)
                .then().statusCode(200).body("name", equalTo("City Backpack XL")).body("version", equalTo(2));
        admin().body(replacement).header("If-Match", "\"" + id + "-1\"").when().put("/products/{id}", id)
                .then().statusCode(412).contentType("application/problem+json");

        admin().contentType("application/merge-patch+json").body(Map.of("price", Map.of("amount", 70.00)))
                .when().patch("/products/{id}", id)
                .then().statusCode(200).body("price.amount", equalTo(70.0f)).body("price.currency", equalTo("EUR"));

        admin().body(Map.of("delta", -5)).when().post("/products/{id}/stock", id)
                .then().statusCode(200).body("stock", equalTo(0));
        admin().body(Map.of("delta", -1)).when().post("/products/{id}/stock", id)
                .then().statusCode(409).contentType("application/problem+json");

        admin().when().delete("/products/{id}", id).then().statusCode(204);
        given().when().get("/products/{id}", id).then().statusCode(404);
        admin().when().delete("/products/{id}", id).then().statusCode(404);
    }

    @Test
    void invalidProductsAre400NamingTheField() {
        admin().body(Map.of("sku", "T-BAD", "name", "", "brand", "B", "category", CATEGORY,
                "price", Map.of("amount", -1, "currency", "EUR"), "stock", 1))
                .when().post("/products")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem("name"))
                .body("invalidParams.name", hasItem("price.amount"));
        admin().body(Map.of("sku", "T-BAD-CAT-" + System.nanoTime(), "name", "N", "brand", "B",
                "category", "no-such-category", "price", Map.of("amount", 1, "currency", "EUR"), "stock", 1))
                .when().post("/products")
                .then().statusCode(400)
                .body("invalidParams[0].name", equalTo("category"));
        long id = ProductFixtures.create("Patch Target", ProductFixtures.uniqueBrand("Pack"), "", CATEGORY, "5.00",
                1);
        admin().contentType("application/merge-patch+json").body(Map.of("stock", -3))
                .when().patch("/products/{id}", id)
                .then().statusCode(400)
                .body("invalidParams[0].name", equalTo("stock"));
    }

    @Test
    void duplicateSkuIs409() {
        String sku = "T-DUP-" + System.nanoTime();
        Map<String, Object> body = Map.of("sku", sku, "name", "Dup", "brand", "B", "category", CATEGORY,
                "price", Map.of("amount", 1, "currency", "EUR"), "stock", 1);
        admin().body(body).when().post("/products").then().statusCode(201);
        admin().body(body).when().post("/products").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void onlyAdminsWrite() {
        given().auth().oauth2(TestTokens.customer()).contentType(ContentType.JSON).body(Map.of("delta", 1))
                .when().post("/products/1/stock")
                .then().statusCode(403).contentType(PROBLEM_JSON).body("status", equalTo(403));
        given().contentType(ContentType.JSON).when().delete("/products/1").then().statusCode(401)
                .contentType(PROBLEM_JSON).header("WWW-Authenticate", equalTo("Bearer realm=\"fastshop\""));
        given().auth().oauth2("not-a-jwt").when().delete("/products/1").then().statusCode(401)
                .contentType(PROBLEM_JSON).header("WWW-Authenticate", containsString("invalid_token"));
    }

    /** Who may call each admin route: an admin only; the order service's token is not an admin either. */
    @Test
    void everyAdminRouteRefusesAnonymousCustomersAndTheService() {
        long id = ProductFixtures.create("Guarded Bag", ProductFixtures.uniqueBrand("Pack"), "", CATEGORY, "5.00", 3);
        Map<String, Object> draft = draft("T-GUARD-" + System.nanoTime(), "Guarded Bag");
        for (String token : List.of("", TestTokens.customer(), TestTokens.service())) {
            int status = token.isEmpty() ? 401 : 403;
            as(token).body(draft).when().post("/products").then().statusCode(status).contentType(PROBLEM_JSON);
            as(token).body(draft).when().put("/products/{id}", id).then().statusCode(status);
            as(token).contentType("application/merge-patch+json").body(Map.of("name", "x"))
                    .when().patch("/products/{id}", id).then().statusCode(status);
            as(token).body(Map.of("delta", 1)).when().post("/products/{id}/stock", id).then().statusCode(status);
            as(token).contentType("image/png").body(new byte[]{1}).when().post("/products/{id}/image", id)
                    .then().statusCode(status).contentType(PROBLEM_JSON);
            as(token).when().delete("/products/{id}", id).then().statusCode(status);
        }
        given().when().get("/products/{id}", id).then().statusCode(200)
                .body("name", equalTo("Guarded Bag")).body("stock", equalTo(3)).body("version", equalTo(1));
    }

    /** D2: PostgreSQL cannot store NUL: a control character in any text field is a 400 naming it, never a 500. */
    @Test
    void controlCharactersInFieldsAre400NamingThem() {
        for (String field : List.of("name", "brand", "description", "category")) {
            String body = rawProduct("T-NUL-", "\"stock\":1,\"description\":\"d\"")
                    .replace("\"" + field + "\":\"", "\"" + field + "\":\"a\\u0000b");
            admin().body(body).when().post("/products")
                    .then().statusCode(400)
                    .contentType(PROBLEM_JSON)
                    .body("invalidParams.name", hasItem(field));
        }
        for (String attributes : List.of("{\"color\":\"a\\u0000b\"}", "{\"a\\u0000b\":\"x\"}",
                "{\"nested\":{\"list\":[\"\\u0001\"]}}")) {
            admin().body(rawProduct("T-NUL-", "\"stock\":1,\"attributes\":" + attributes))
                    .when().post("/products")
                    .then().statusCode(400)
                    .contentType(PROBLEM_JSON)
                    .body("invalidParams.name", hasItem(startsWith("attributes")));
        }
        long id = ProductFixtures.create("Patch Nul", ProductFixtures.uniqueBrand("Pack"), "", CATEGORY, "5.00", 1);
        admin().contentType("application/merge-patch+json").body("{\"name\":\"a\\u0000b\"}")
                .when().patch("/products/{id}", id)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("invalidParams.name", hasItem("name"));
        admin().contentType("application/merge-patch+json").body("{\"attributes\":{\"k\":\"\\u0000\"}}")
                .when().patch("/products/{id}", id)
                .then().statusCode(400)
                .body("invalidParams.name", hasItem(startsWith("attributes")));
        given().when().get("/products/{id}", id).then().statusCode(200).body("version", equalTo(1));
    }

    /** D6: integers are JSON integers: a string or a fraction is a 400 naming the field, never coerced. */
    @Test
    void integersAreNotCoerced() {
        for (String stock : List.of("\"5\"", "1.5", "true")) {
            admin().body(rawProduct("T-COERCE-", "\"stock\":" + stock))
                    .when().post("/products")
                    .then().statusCode(400)
                    .contentType(PROBLEM_JSON)
                    .body("invalidParams.name", hasItem("stock"));
        }
        long id = ProductFixtures.create("Coerce Target", ProductFixtures.uniqueBrand("Pack"), "", CATEGORY, "5.00",
                1);
        admin().body("{\"delta\":\"2\"}").when().post("/products/{id}/stock", id)
                .then().statusCode(400).body("invalidParams.name", hasItem("delta"));
        admin().body("{\"delta\":1.5}").when().post("/products/{id}/stock", id)
                .then().statusCode(400).body("invalidParams.name", hasItem("delta"));
        admin().contentType("application/merge-patch+json").body("{\"stock\":\"5\"}")
                .when().patch("/products/{id}", id)
                .then().statusCode(400).body("invalidParams.name", hasItem("stock"));
        given().when().get("/products/{id}", id).then().statusCode(200).body("stock", equalTo(1));
    }

    /** D5: stock stays within what PostgreSQL's integer holds; past the catalog's bound is a 4xx, never a 500. */
    @Test
    void stockStaysInRange() {
        long id = ProductFixtures.create("Overflow Bag", ProductFixtures.uniqueBrand("Pack"), "", CATEGORY, "5.00", 5);
        for (long delta : List.of(2147483647L, -2147483648L, 1_000_000_001L, 2147483648L)) {
            admin().body("{\"delta\":" + delta + "}").when().post("/products/{id}/stock", id)
                    .then().statusCode(400)
                    .contentType(PROBLEM_JSON)
                    .body("invalidParams.name", hasItem("delta"));
        }
        admin().body(Map.of("delta", 999_999_995)).when().post("/products/{id}/stock", id)
                .then().statusCode(200).body("stock", equalTo(1_000_000_000));
        admin().body(Map.of("delta", 1)).when().post("/products/{id}/stock", id)
                .then().statusCode(422)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("would exceed 1000000000"));
        admin().body(Map.of("delta", -1_000_000_000)).when().post("/products/{id}/stock", id)
                .then().statusCode(200).body("stock", equalTo(0));
        for (String stock : List.of("1000000001", "2147483648", "-1")) {
            admin().body(rawProduct("T-BIG-", "\"stock\":" + stock))
                    .when().post("/products")
                    .then().statusCode(400)
                    .contentType(PROBLEM_JSON)
                    .body("invalidParams.name", hasItem("stock"));
        }
        admin().body(Map.of("sku", "T-PRICE-" + System.nanoTime(), "name", "N", "brand", "B", "category", CATEGORY,
                "price", Map.of("amount", new java.math.BigDecimal("100000000000"), "currency", "EUR"), "stock", 1))
                .when().post("/products")
                .then().statusCode(400)
                .body("invalidParams.name", hasItem("price.amount"));
    }

    /** A product body as raw JSON (for values a Map cannot carry as typed), {@code rest} its last fields. */
    private static String rawProduct(String skuPrefix, String rest) {
        return "{\"sku\":\"" + skuPrefix + System.nanoTime() + "\",\"name\":\"N\",\"brand\":\"B\",\"category\":\""
                + CATEGORY + "\",\"price\":{\"amount\":1,\"currency\":\"EUR\"}," + rest + "}";
    }

    private static Map<String, Object> draft(String sku, String name) {
        return Map.of("sku", sku, "name", name, "brand", "B", "category", CATEGORY,
                "price", Map.of("amount", 1, "currency", "EUR"), "stock", 1);
    }

    private static RequestSpecification as(String token) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        return token.isEmpty() ? request : request.auth().oauth2(token);
    }

    /**
     * Statements are counted the same way whoever runs them: Hibernate (the admin writes, Panache) and the reactive
     * client (reads), in {@code X-Sql-Statements}.
     */
    @Test
    void statementsAreCountedForHibernateAndTheSqlClientAlike() {
        long id = ProductFixtures.create("Counted Lamp", ProductFixtures.uniqueBrand("Cnt"), "", CATEGORY, "10.00", 3);
        // Hibernate: the guarded UPDATE and the read of the changed product.
        admin().body(Map.of("delta", 2)).when().post("/products/{id}/stock", id)
                .then().statusCode(200).header(SqlStatementsFilter.HEADER, equalTo("2"));
        // The reactive client: one search statement (a brand never asked for, so the page is not cached yet).
        given().when().get("/products?brand=" + ProductFixtures.uniqueBrand("None") + "&limit=1")
                .then().statusCode(200).header(SqlStatementsFilter.HEADER, equalTo("1"));
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON);
    }
}
