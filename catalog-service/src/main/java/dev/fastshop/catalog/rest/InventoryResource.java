package dev.fastshop.catalog.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

import dev.fastshop.catalog.domain.Reservation;
import dev.fastshop.catalog.security.ServiceIdentityAugmentor;
import dev.fastshop.catalog.service.InventoryService;
import dev.fastshop.commons.rest.ProblemException;

/**
 * Stock reservations, for the order service only: it calls with its own service token (role {@code service}, honoured
 * only for its key: {@link ServiceIdentityAugmentor}). Customers and admins get 403: a reservation is keyed by an
 * order id the catalog cannot check, so anyone else could hold or release stock of other people's orders.
 */
@Path("/inventory/reservations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ServiceIdentityAugmentor.SERVICE_ROLE)
@Tag(name = "inventory")
@SecurityRequirement(name = "jwt")
public class InventoryResource {

    static final int MAX_LINES = 100;
    static final int MAX_QUANTITY = 10_000;

    public record ReservationRequest(@NotNull UUID orderId,
            @NotEmpty @Size(max = MAX_LINES) List<@Valid @NotNull LineRequest> lines) {
    }

    public record LineRequest(@NotNull @Positive Long productId,
            @NotNull @Positive @Max(MAX_QUANTITY) Integer quantity) {
    }

    private final InventoryService inventory;

    public InventoryResource(InventoryService inventory) {
        this.inventory = inventory;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reserve stock for an order: all lines or none; idempotent by orderId")
    @APIResponse(responseCode = "201", description = "reserved")
    @APIResponse(responseCode = "200", description = "already reserved for this orderId; nothing decremented again")
    @APIResponse(responseCode = "409", description = "not enough stock for a line, or this orderId was released;"
            + " nothing reserved")
    @APIResponse(responseCode = "422", description = "a product does not exist; nothing reserved")
    public Uni<RestResponse<Reservation>> reserve(@Valid @NotNull ReservationRequest request) {
        List<Reservation.Line> lines = request.lines().stream()
                .map(l -> new Reservation.Line(l.productId(), l.quantity()))
                .toList();
        if (lines.stream().map(Reservation.Line::productId).distinct().count() != lines.size()) {
            throw ProblemException.badParameter("lines", "each productId may appear only once");
        }
        return inventory.reserve(request.orderId(), lines).map(outcome -> RestResponse.ResponseBuilder
                .create(outcome.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                        outcome.reservation())
                .build());
    }

    @DELETE
    @Path("/{orderId}")
    @Operation(summary = "Release an order's reservation; idempotent")
    @APIResponse(responseCode = "204", description = "released, or nothing to release")
    public Uni<Void> release(@PathParam("orderId") String orderId) {
        UUID id;
        try {
            id = UUID.fromString(orderId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter("orderId", "must be a UUID");
        }
        return inventory.release(id);
    }
}
