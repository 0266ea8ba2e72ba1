package dev.fastshop.order.client;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.smallrye.mutiny.Uni;

import dev.fastshop.contracts.Money;

/**
 * The catalog endpoints the order service uses (contract in shared-api.md). The batch read is public; the reservation
 * calls carry the order service's token (see {@link ServiceTokens}).
 */
@RegisterRestClient(configKey = "catalog")
public interface CatalogRestClient {

    @POST
    @Path("/products/batch")
    Uni<ProductBatch> batch(BatchRequest request);

    @POST
    @Path("/inventory/reservations")
    Uni<Reservation> reserve(@HeaderParam("Authorization") String serviceToken, ReservationRequest request);

    @DELETE
    @Path("/inventory/reservations/{orderId}")
    Uni<Void> release(@HeaderParam("Authorization") String serviceToken, @PathParam("orderId") UUID orderId);

    record BatchRequest(List<Long> ids) {
    }

    /** The catalog sends more than we need; only these fields are read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProductBatch(List<Product> items) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Product(long id, String sku, String name, Money price) {
    }

    record ReservationRequest(UUID orderId, List<ReservationLine> lines) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReservationLine(long productId, int quantity) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Reservation(UUID orderId, String status, List<ReservationLine> lines) {
    }
}
