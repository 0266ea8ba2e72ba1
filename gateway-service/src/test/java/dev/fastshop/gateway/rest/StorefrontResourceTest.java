package dev.fastshop.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.gateway.support.EchoUpstream;
import dev.fastshop.gateway.support.GatewayTestResource;

@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
class StorefrontResourceTest {

    /** /q/* is served on the management port only. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void homeCombinesFeaturedProductsAndCategoriesAndIsCached() {
        given().get("/api/storefront/home")
                .then().statusCode(200)
                .body("featured.size()", equalTo(EchoUpstream.FEATURED.size()))
                .body("featured[0].name", equalTo("Kettle"))
                .body("categories[0].name", equalTo("kitchen"));
        int products = GatewayTestResource.catalog.hits("/products");
        int categories = GatewayTestResource.catalog.hits("/categories");
        given().get("/api/storefront/home").then().statusCode(200).body("featured[1].name", equalTo("Teapot"));
        assertEquals(products, GatewayTestResource.catalog.hits("/products"), "served from the cache");
        assertEquals(categories, GatewayTestResource.catalog.hits("/categories"), "served from the cache");
    }

    @Test
    void openApiDescribesTheStorefront() {
        given().get(management.resolve("/q/openapi?format=json"))
                .then().statusCode(200)
                .body("paths.'/api/storefront/home'.get.summary", equalTo("Storefront home page data"));
    }

    @Test
    void readinessIsUpWithDependencyDetails() {
        given().get(management.resolve("/q/health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'gateway' }.data.redis", equalTo("UP"))
                .body("checks.find { it.name == 'gateway' }.data.catalog-circuit", equalTo("closed"));
    }
}
