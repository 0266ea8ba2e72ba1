package dev.fastshop.order.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Builds order requests and calls the order API as a given customer. */
public final class Orders {

    public static final String EMAIL = "ada@example.com";
    public static final Map<String, Object> ADDRESS = Map.of("name", "Ada Lovelace", "line1", "12 Analytical Row",
            "postalCode", "75001", "city", "Paris", "country", "FR");

    private Orders() {
    }

    public static Map<String, Object> line(long productId, int quantity) {
        return Map.of("productId", productId, "quantity", quantity);
    }

    public static Map<String, Object> body(List<Map<String, Object>> lines) {
        return Map.of("lines", lines, "email", EMAIL, "shippingAddress", ADDRESS);
    }

    public static Response place(String token, Object body) {
        return place(token, UUID.randomUUID().toString(), body);
    }

    public static Response place(String token, String key, Object body) {
        return given().header("Authorization", token).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post("/orders");
    }

    /** Places an accepted order and returns its id. */
    public static UUID placed(String token, long productId, int quantity) {
        String id = place(token, body(List.of(line(productId, quantity)))).then().statusCode(201).extract()
                .path("id");
        return UUID.fromString(id);
    }

    public static Response get(String token, UUID id) {
        return given().header("Authorization", token).get("/orders/" + id);
    }
}
