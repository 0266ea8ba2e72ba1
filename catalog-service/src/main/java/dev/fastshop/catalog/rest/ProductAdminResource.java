package dev.fastshop.catalog.rest;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import dev.fastshop.catalog.domain.Product;
import dev.fastshop.catalog.domain.ProductDraft;
import dev.fastshop.catalog.service.ProductAdminService;
import dev.fastshop.commons.rest.ProblemException;

/** Admin writes on products (group {@code admin}). */
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "products-admin")
@SecurityRequirement(name = "jwt")
public class ProductAdminResource {

    /** Bounded so that no accepted delta can overflow the stock column, whatever the current stock. */
    public record StockAdjustment(@NotNull @Min(-Product.MAX_STOCK) @Max(Product.MAX_STOCK) Integer delta) {
    }

    private final ProductAdminService admin;
    private final MergePatch mergePatch;

    public ProductAdminResource(ProductAdminService admin, MergePatch mergePatch) {
        this.admin = admin;
        this.mergePatch = mergePatch;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a product")
    @APIResponse(responseCode = "201", description = "created; Location names it")
    @APIResponse(responseCode = "409", description = "the sku exists")
    public Uni<RestResponse<Product>> create(@Valid @NotNull ProductDraft draft, HttpHeaders headers) {
        return admin.create(draft).map(product -> RestResponse.ResponseBuilder
                .<Product>created(URI.create("/products/" + product.id()))
                .entity(Links.prefixed(product, Links.prefix(headers)))
                .header(HttpHeaders.ETAG, HttpCaching.etag(product.id() + "-" + product.version()))
                .build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a product", description = "With If-Match, only if it is still that version.")
    @APIResponse(responseCode = "412", description = "If-Match no longer matches")
    public Uni<RestResponse<Product>> replace(@PathParam("id") String id, @Valid @NotNull ProductDraft draft,
            HttpHeaders headers) {
        return admin.replace(PathIds.productId(id), draft, expectedVersion(headers))
                .map(product -> ok(product, headers));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
    @Operation(summary = "Change some fields of a product (JSON merge patch)")
    public Uni<RestResponse<Product>> patch(@PathParam("id") String id, @NotNull JsonNode patch,
            HttpHeaders headers) {
        return admin.patch(PathIds.productId(id), mergePatch.over(patch), expectedVersion(headers))
                .map(product -> ok(product, headers));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a product")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "no such product")
    public Uni<Void> delete(@PathParam("id") String id) {
        return admin.delete(PathIds.productId(id));
    }

    @POST
    @Path("/{id}/stock")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add (or with a negative delta remove) stock")
    @APIResponse(responseCode = "409", description = "stock would become negative")
    @APIResponse(responseCode = "422", description = "stock would exceed " + Product.MAX_STOCK)
    public Uni<RestResponse<Product>> adjustStock(@PathParam("id") String id,
            @Valid @NotNull StockAdjustment adjustment, HttpHeaders headers) {
        return admin.adjustStock(PathIds.productId(id), adjustment.delta()).map(product -> ok(product, headers));
    }

    private static RestResponse<Product> ok(Product product, HttpHeaders headers) {
        return RestResponse.ResponseBuilder.ok(Links.prefixed(product, Links.prefix(headers)))
                .header(HttpHeaders.ETAG, HttpCaching.etag(product.id() + "-" + product.version()))
                .build();
    }

    /** If-Match carries an ETag of GET /products/{id} ({@code "id-version"}); the version is what must match. */
    private static Long expectedVersion(HttpHeaders headers) {
        String ifMatch = headers.getHeaderString(HttpHeaders.IF_MATCH);
        if (ifMatch == null) {
            return null;
        }
        String tag = ifMatch.strip().replace("W/", "").replace("\"", "");
        String[] parts = tag.split("-");
        try {
            return Long.parseLong(parts[1]);
        } catch (RuntimeException e) {
            throw ProblemException.badParameter("If-Match", "must be an ETag returned by GET /products/{id}");
        }
    }
}
