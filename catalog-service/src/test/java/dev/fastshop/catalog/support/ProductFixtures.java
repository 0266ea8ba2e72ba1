package dev.fastshop.catalog.support;

import static io.restassured.RestAssured.given;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/**
 * Creates products through the admin API. Tests share the catalog_test database across runs, so every fixture uses a
 * brand unique to the test run and filters on it.
 */
public final class ProductFixtures {

    private ProductFixtures() {
    }

    /** A brand name no other run or test uses (letters only, so full-text search sees one word). */
    public static String uniqueBrand(String prefix) {
        String letters = UUID.randomUUID().toString().replaceAll("[^a-f]", "");
        return prefix + letters.substring(0, Math.min(8, letters.length()));
    }

    public static long create(String name, String brand, String description, String category, String price,
            int stock) {
        Map<String, Object> body = Map.of(
                "sku", "T-" + UUID.randomUUID(),
                "name", name,
                "brand", brand,
                "description", description,
                "category", category,
                "price", Map.of("amount", new BigDecimal(price), "currency", "EUR"),
                "stock", stock,
                "attributes", Map.of("color", "black"),
                "rating", 4.5);
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/products")
                .then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }
}
