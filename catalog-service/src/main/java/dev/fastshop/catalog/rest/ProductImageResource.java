package dev.fastshop.catalog.rest;

import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

import dev.fastshop.catalog.domain.Product;
import dev.fastshop.catalog.repository.ProductImageRepository;
import dev.fastshop.catalog.service.ProductImageService;
import dev.fastshop.commons.rest.ProblemException;

/** Product image upload (admin) and the original and thumbnails (public). */
@Path("/products/{id}/image")
@Tag(name = "product-images")
public class ProductImageResource {

    private static final Set<String> SIZES = Set.of("original", "512", "128");

    private final ProductImageService images;

    public ProductImageResource(ProductImageService images) {
        this.images = images;
    }

    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Upload a product image (JPEG or PNG, at most 5 MB, the raw bytes as body)", description = "Stores the original and queues the 128 px and 512 px thumbnails; images.thumbnails in the"
            + " product says PENDING, READY or FAILED.")
    @APIResponse(responseCode = "202", description = "stored; thumbnails follow")
    @APIResponse(responseCode = "413", description = "larger than 5 MB")
    @APIResponse(responseCode = "415", description = "neither JPEG nor PNG")
    public Uni<RestResponse<Product>> upload(@PathParam("id") String id, byte[] body, HttpHeaders headers) {
        return images.upload(PathIds.productId(id), body).map(product -> RestResponse.ResponseBuilder
                .create(RestResponse.Status.ACCEPTED, Links.prefixed(product, Links.prefix(headers))).build());
    }

    @GET
    @PermitAll
    @Path("/{size}")
    @Produces({"image/jpeg", "image/png"})
    @Operation(summary = "The original or a thumbnail (original, 512, 128)")
    @APIResponse(responseCode = "200", description = "the image")
    @APIResponse(responseCode = "304", description = "If-None-Match matched")
    @APIResponse(responseCode = "404", description = "no image, or thumbnails not ready yet")
    public Uni<Response> image(@PathParam("id") String id, @PathParam("size") String size,
            @QueryParam("v") String version, HttpHeaders headers) {
        long productId = PathIds.productId(id);
        if (!SIZES.contains(size)) {
            throw ProblemException.badParameter("size", "must be original, 512 or 128");
        }
        return images.image(productId, size).map(image -> {
            String etag = HttpCaching.etag(image.etag());
            // A URL carrying the current version (as the product's images links do) never changes content.
            String cacheControl = image.etag().substring(0, ProductImageRepository.TAG_LENGTH).equals(version)
                    ? HttpCaching.IMAGE_CACHE_CONTROL
                    : HttpCaching.PRODUCT_CACHE_CONTROL;
            if (HttpCaching.matches(HttpCaching.ifNoneMatch(headers), etag)) {
                return Response.notModified()
                        .header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
            }
            return Response.ok(image.bytes(), image.contentType())
                    .header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .build();
        });
    }
}
