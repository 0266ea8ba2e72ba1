package dev.fastshop.catalog.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

import dev.fastshop.catalog.domain.Category;
import dev.fastshop.catalog.service.ProductQueryService;

/** The category tree. */
@Path("/categories")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "categories")
public class CategoryResource {

    public record CategoriesResponse(List<Category> items) {
    }

    private final ProductQueryService products;

    public CategoryResource(ProductQueryService products) {
        this.products = products;
    }

    @GET
    @Operation(summary = "The category tree; a product filter on a category includes its children")
    public Uni<RestResponse<CategoriesResponse>> list() {
        return products.categories().map(tree -> RestResponse.ResponseBuilder.ok(new CategoriesResponse(tree))
                .header(HttpHeaders.CACHE_CONTROL, HttpCaching.PRODUCT_CACHE_CONTROL)
                .build());
    }
}
