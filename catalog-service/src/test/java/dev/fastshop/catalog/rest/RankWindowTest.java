package dev.fastshop.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.fastshop.catalog.support.ProductFixtures;

/** A relevance search ranks a bounded window of matches; its pages walk that window and then end. */
@QuarkusTest
@TestProfile(RankWindowTest.SmallWindow.class)
class RankWindowTest {

    private static final int WINDOW = 3;
    private static final int MATCHES = 5;
    private static final int PAGE_SIZE = 2;
    /** A made-up word so that only this class's products match it. */
    private static final String TERM = "quorvantis";

    public static class SmallWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("catalog.search.rank-window", Integer.toString(WINDOW));
        }
    }

    @Test
    void relevancePagesWalkTheWindowOnlyWhileOtherSortsSeeEveryMatch() {
        String brand = ProductFixtures.uniqueBrand("Win");
        for (int i = 0; i < MATCHES; i++) {
            ProductFixtures.create("Lamp " + i, brand, "A " + TERM + " lamp", "lighting", "20.00", 5);
        }

        List<Integer> ranked = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("q", TERM).queryParam("brand", brand).queryParam("limit", PAGE_SIZE);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/products").then().statusCode(200).extract().jsonPath();
            ranked.addAll(page.getList("items.id", Integer.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        assertEquals(WINDOW, ranked.size(), "relevance ranks at most the window: " + ranked);
        Set<Integer> distinct = new HashSet<>(ranked);
        assertEquals(WINDOW, distinct.size(), "no product twice across pages: " + ranked);

        JsonPath byPrice = given().queryParam("q", TERM).queryParam("brand", brand).queryParam("sort", "price")
                .queryParam("limit", 20).when().get("/products").then().statusCode(200).extract().jsonPath();
        assertEquals(MATCHES, byPrice.getList("items").size(), "a sorted search is not windowed");
        assertNull(byPrice.getString("nextCursor"));
        assertTrue(byPrice.getList("items.id", Integer.class).containsAll(ranked));
    }
}
