package dev.fastshop.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;

import dev.fastshop.commons.rest.RequestIdFilter;
import dev.fastshop.gateway.domain.StorefrontHome;
import dev.fastshop.gateway.service.StorefrontService;

@Path("/api/storefront")
@Tag(name = "Storefront")
public class StorefrontResource {

    private final StorefrontService storefront;

    public StorefrontResource(StorefrontService storefront) {
        this.storefront = storefront;
    }

    @GET
    @Path("/home")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Storefront home page data", description = "Featured products and categories in one call; public; cached for a few seconds")
    @APIResponse(responseCode = "200", description = "Featured products and categories")
    @APIResponse(responseCode = "503", description = "The catalog is unavailable (application/problem+json)")
    public Uni<StorefrontHome> home(@HeaderParam(RequestIdFilter.HEADER) String requestId) {
        return storefront.home(requestId);
    }
}
