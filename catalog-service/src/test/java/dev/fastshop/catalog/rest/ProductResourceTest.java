package dev.fastshop.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.fastshop.catalog.support.ProductFixtures;
import dev.fastshop.catalog.support.TestTokens;

@QuarkusTest
class ProductResourceTest {

    private static final String CATEGORY = "headphones";
    private static final long UNKNOWN_ID = 9_000_000_000L;

    @Inject
    MeterRegistry registry;

    @Test
    void productIsServedWithEtagAndCacheControl() {
        long id = ProductFixtures.create("Studio Monitor Headphones", ProductFixtures.uniqueBrand("Sonic"),
                "Closed back", CATEGORY, "149.90", 7);

        given().when().get("/products/{id}", id)
                .then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("name", equalTo("Studio Monitor Headphones"))
                .body("price.amount", equalTo(149.90f))
                .body("price.currency", equalTo("EUR"))
                .body("stock", equalTo(7))
                .body("attributes.color", equalTo("black"))
                .body("version", equalTo(1))
                .header("ETag", "\"" + id + "-1\"")
                .header("Cache-Control", org.hamcrest.Matchers.containsString("stale-while-revalidate"));
    }

    @Test
    void matchingIfNoneMatchAnswers304() {
        long id = ProductFixtures.create("Wireless Earbuds", ProductFixtures.uniqueBrand("Sonic"), "Small",
                CATEGORY, "59.00", 3);
        String etag = given().when().get("/products/{id}", id).then().statusCode(200).extract().header("ETag");

        given().header("If-None-Match", etag).when().get("/products/{id}", id)
                .then().statusCode(304).header("ETag", etag);
        given().header("If-None-Match", "\"" + id + "-999\"").when().get("/products/{id}", id)
                .then().statusCode(200);
    }

    @Test
    void sparseFieldsReturnOnlyTheSelectedFields() {
        long id = ProductFixtures.create("Noise Cancelling Headphones", ProductFixtures.uniqueBrand("Sonic"), "Quiet",
                CATEGORY, "299.00", 1);

        Map<String, Object> body = given().queryParam("fields", "id,name,price").when().get("/products/{id}", id)
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(java.util.Set.of("id", "name", "price"), body.keySet());
    }

    @Test
    void unknownProductIs404Problem() {
        given().when().get("/products/{id}", UNKNOWN_ID)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void malformedIdIs400NamingIt() {
        given().when().get("/products/abc")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem("id"));
    }

    @Test
    void batchAnswersInOneQueryInRequestOrder() {
        String brand = ProductFixtures.uniqueBrand("Batch");
        long first = ProductFixtures.create("Batch Item One", brand, "", CATEGORY, "10.00", 1);
        long second = ProductFixtures.create("Batch Item Two", brand, "", CATEGORY, "20.00", 1);
        List<Long> ids = new java.util.ArrayList<>(List.of(second, first));
        LongStream.range(0, 98).forEach(i -> ids.add(UNKNOWN_ID + i));
        double before = batchLoads();

        given().contentType(ContentType.JSON).body(Map.of("ids", ids)).when().post("/products/batch")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of((int) second, (int) first)));

        assertEquals(1.0, batchLoads() - before, "100 ids must cost exactly one query");
    }

    @Test
    void batchOfMoreThan100IdsIs400() {
        List<Long> ids = LongStream.rangeClosed(1, 101).boxed().toList();
        given().contentType(ContentType.JSON).body(Map.of("ids", ids)).when().post("/products/batch")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams[0].name", equalTo("ids"));
    }

    /** D7: batch pricing is public (a storefront cart renders with it), like every other product read. */
    @Test
    void batchIsPublic() {
        long id = ProductFixtures.create("Public Price Item", ProductFixtures.uniqueBrand("Batch"), "", CATEGORY,
                "10.00", 1);
        given().contentType(ContentType.JSON).body(Map.of("ids", List.of(id))).when().post("/products/batch")
                .then().statusCode(200).body("items[0].id", equalTo((int) id));
        given().auth().oauth2(TestTokens.customer()).contentType(ContentType.JSON).body(Map.of("ids", List.of(id)))
                .when().post("/products/batch")
                .then().statusCode(200).body("items[0].id", equalTo((int) id));
    }

    /** D6: ids are JSON integers in range; a fraction, a string or an overflow is a 400 naming ids, not a guess. */
    @Test
    void batchIdsMustBeIntegers() {
        for (String ids : List.of("[1.5]", "[\"1\"]", "[9223372036854775808]", "[0]", "[-1]")) {
            given().contentType(ContentType.JSON).body("{\"ids\":" + ids + "}").when().post("/products/batch")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("invalidParams.name", hasItem(startsWith("ids")));
        }
    }

    @Test
    void hostilePathAndFieldsAre400NamingThem() {
        given().when().get("/products/99999999999999999999")
                .then().statusCode(400).body("invalidParams.name", hasItem("id"));
        given().urlEncodingEnabled(false).when().get("/products/1%00")
                .then().statusCode(400).contentType("application/problem+json");
        given().urlEncodingEnabled(false).when().get("/products/1?fields=id%00")
                .then().statusCode(400).body("invalidParams.name", hasItem("fields"));
    }

    @Test
    void categoriesAreATree() {
        given().when().get("/categories")
                .then().statusCode(200)
                .body("items.find { it.slug == 'electronics' }.children.slug", hasItem(CATEGORY))
                .body("items.find { it.slug == 'electronics' }.name", notNullValue())
                .body("items[0].parent", nullValue());
    }

    private double batchLoads() {
        var counter = registry.find("catalog.db.loads").tag("query", "batch").counter();
        return counter == null ? 0 : counter.count();
    }
}
