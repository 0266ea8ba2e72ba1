package dev.fastshop.order.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;

/** Arranges and inspects the {@link CatalogStandIn} from a test, over its HTTP test endpoints. */
public final class Catalog {

    /** Each test takes fresh product ids so tests never share stock. */
    private static final AtomicLong NEXT_PRODUCT_ID = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private Catalog() {
    }

    /** Adds a product with the given net price (EUR) and stock; returns its id. */
    public static long product(String name, String price, int stock) {
        long id = NEXT_PRODUCT_ID.incrementAndGet();
        given().contentType(ContentType.JSON)
                .body(Map.of("sku", "SKU-" + id, "name", name, "price", price, "stock", stock))
                .put(url() + "/_test/products/" + id).then().statusCode(204);
        return id;
    }

    public static int stock(long productId) {
        return given().get(url() + "/_test/products/" + productId).then().statusCode(200).extract()
                .path("stock");
    }

    /** RESERVED, RELEASED, or null when the order never reserved anything. */
    public static String reservation(UUID orderId) {
        var response = given().get(url() + "/_test/reservations/" + orderId);
        return response.statusCode() == 404 ? null : response.path("status");
    }

    private static String url() {
        return ConfigProvider.getConfig().getValue(CatalogStandIn.URL_PROPERTY, String.class);
    }
}
