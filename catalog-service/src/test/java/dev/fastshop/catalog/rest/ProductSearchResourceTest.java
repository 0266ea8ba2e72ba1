package dev.fastshop.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.fastshop.catalog.support.ProductFixtures;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductSearchResourceTest {

    private static final int TAMPERED_INDEX = 4;

    /** A made-up word so that only this class's products match it. */
    private static final String TERM = "zephyrine";

    /** {@link #TERM} with a letter missing: no full-text match, but close in trigrams. */
    private static final String TYPO = "zephyrne";

    private String brand;
    private long nameHit;
    private long descriptionHit;
    private long cheapOutOfStock;
    private long lamp;
    private long kettle;
    private final List<Long> all = new ArrayList<>();

    /** Once per class, but after Quarkus has started (RestAssured knows the port only then). */
    @BeforeEach
    void createCatalog() {
        if (brand != null) {
            return;
        }
        brand = ProductFixtures.uniqueBrand("Srch");
        descriptionHit = ProductFixtures.create("Trail Running Shoe", brand, "Light shoe with " + TERM + " foam",
                "running", "89.00", 4);
        nameHit = ProductFixtures.create("Zephyrine Road Bike", brand, "Carbon frame", "cycling", "1499.00", 2);
        cheapOutOfStock = ProductFixtures.create("Bike Bell", brand, "Loud", "cycling", "9.50", 0);
        lamp = ProductFixtures.create("Desk Lamp", brand, "Warm light", "lighting", "35.00", 12);
        kettle = ProductFixtures.create("Electric Kettle", brand, "Boils fast", "kitchen", "42.00", 5);
        all.addAll(List.of(descriptionHit, nameHit, cheapOutOfStock, lamp, kettle));
    }

    @Test
    void nameMatchesRankAboveDescriptionMatches() {
        given().queryParam("q", TERM).queryParam("brand", brand).when().get("/products")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of((int) nameHit, (int) descriptionHit)));
    }

    @Test
    void typoFallsBackToTrigramSimilarity() {
        given().queryParam("q", TYPO).queryParam("brand", brand).when().get("/products")
                .then().statusCode(200)
                .body("items.id", hasItem((int) nameHit));
    }

    /** No product is both a kettle and a lamp, and neither name is close in trigrams to "kettle lamp". */
    @Test
    void wordsNoProductHasTogetherMatchAnyWord() {
        given().queryParam("q", "kettle lamp").queryParam("brand", brand).when().get("/products")
                .then().statusCode(200)
                .body("items.id", hasItems((int) lamp, (int) kettle));
    }

    /** Web-search syntax: a word after '-' excludes the products that have it. */
    @Test
    void minusExcludesAWord() {
        given().queryParam("q", "kettle -lamp").queryParam("brand", brand).when().get("/products")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of((int) kettle)));
    }

    @Test
    void filtersCombine() {
        given().queryParam("brand", brand).queryParam("category", "sports").queryParam("minPrice", "10")
                .queryParam("inStock", "true").queryParam("sort", "price")
                .when().get("/products")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of((int) descriptionHit, (int) nameHit)));
        given().queryParam("brand", brand).queryParam("maxPrice", "10").when().get("/products")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of((int) cheapOutOfStock)));
        given().queryParam("brand", brand).queryParam("category", "no-such-category").when().get("/products")
                .then().statusCode(200)
                .body("items", empty())
                .body("nextCursor", nullValue());
    }

    @Test
    void cursorWalksEveryProductOnceInOrder() {
        List<Integer> seen = new ArrayList<>();
        List<Float> prices = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("brand", brand).queryParam("sort", "-price").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/products").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", Integer.class));
            prices.addAll(page.getList("items.price.amount", Float.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);

        assertEquals(3, pages);
        assertEquals(Set.copyOf(all.stream().map(Long::intValue).toList()), Set.copyOf(seen));
        assertEquals(all.size(), seen.size(), "no product twice");
        List<Float> sorted = new ArrayList<>(prices);
        sorted.sort(java.util.Comparator.reverseOrder());
        assertEquals(sorted, prices);
    }

    @Test
    void tamperedCursorIs400() {
        String cursor = given().queryParam("brand", brand).queryParam("limit", 1).when().get("/products")
                .then().statusCode(200).extract().jsonPath().getString("nextCursor");
        // Change the position, not the signature's last character: that one also carries padding bits, and a
        // change confined to them decodes to the same bytes.
        char changed = cursor.charAt(TAMPERED_INDEX) == 'A' ? 'B' : 'A';
        String tampered = cursor.substring(0, TAMPERED_INDEX) + changed + cursor.substring(TAMPERED_INDEX + 1);

        given().queryParam("brand", brand).queryParam("limit", 1).queryParam("cursor", tampered)
                .when().get("/products")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams[0].name", equalTo("cursor"));
        given().queryParam("brand", "Other").queryParam("limit", 1).queryParam("cursor", cursor)
                .when().get("/products")
                .then().statusCode(400)
                .body("invalidParams[0].name", equalTo("cursor"));
    }

    @Test
    void sparseFieldsApplyToEveryItem() {
        List<Map<String, Object>> items = given().queryParam("brand", brand).queryParam("fields", "id,price")
                .when().get("/products")
                .then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(all.size(), items.size());
        items.forEach(item -> assertEquals(Set.of("id", "price"), item.keySet()));
    }

    @Test
    void listAnswers304ToItsEtag() {
        String etag = given().queryParam("brand", brand).when().get("/products")
                .then().statusCode(200).extract().header("ETag");
        given().queryParam("brand", brand).header("If-None-Match", etag).when().get("/products")
                .then().statusCode(304);
    }

    @Test
    void everyBadParameterIs400NamingIt() {
        Map<String, String> bad = Map.of("limit", "0", "sort", "cheapest", "minPrice", "-1", "maxPrice", "abc",
                "inStock", "maybe", "fields", "id,secret", "cursor", "garbage", "q", " ");
        bad.forEach((name, value) -> given().queryParam(name, value).when().get("/products")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem(name))
                .body("detail", containsString(name)));
        given().queryParam("limit", "1000").queryParam("sort", "x").when().get("/products")
                .then().statusCode(400)
                .body("invalidParams.name", hasItems("limit", "sort"));
        given().queryParam("sort", "relevance").when().get("/products")
                .then().statusCode(400)
                .body("invalidParams[0].name", equalTo("sort"));
    }

    /** D2/D3: PostgreSQL cannot store or compare NUL; every text parameter refuses control characters with a 400. */
    @Test
    void controlCharactersInParametersAre400NamingThem() {
        Map<String, String> hostile = Map.of("q", "a%00b", "brand", "%00", "category", "lamp%01", "minPrice", "1%00",
                "maxPrice", "%00", "inStock", "true%00", "sort", "price%00", "limit", "5%00", "fields", "id%00",
                "cursor", "%00");
        hostile.forEach((name, value) -> given().urlEncodingEnabled(false)
                .when().get("/products?" + name + "=" + value)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem(name)));
        given().urlEncodingEnabled(false).when().get("/products?q=%00")
                .then().statusCode(400).body("invalidParams.name", hasItem("q")).body("instance", equalTo("/products"));
        // Behind the gateway the problem names the path the caller used.
        given().urlEncodingEnabled(false).header("X-Forwarded-Prefix", "/api/catalog").when().get("/products?q=%00")
                .then().statusCode(400).body("instance", equalTo("/api/catalog/products"));
        given().urlEncodingEnabled(false).when().get("/products?q=lamp&brand=" + brand + "%00")
                .then().statusCode(400).body("invalidParams.name", hasItem("brand"));
    }

    /** D5: numbers past any range the catalog stores are a 400 naming the parameter, never a database error. */
    @Test
    void numbersOutOfRangeAre400NamingThem() {
        Map<String, String> huge = Map.of("limit", "2147483648", "minPrice", "99999999999999999999",
                "maxPrice", "1e400");
        huge.forEach((name, value) -> given().queryParam(name, value).when().get("/products")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem(name)));
    }
}
