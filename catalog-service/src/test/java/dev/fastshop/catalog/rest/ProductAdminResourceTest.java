package dev.fastshop.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.fastshop.catalog.support.ProductFixtures;
import dev.fastshop.catalog.support.TestTokens;

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

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON);
    }
}
