package dev.fastshop.order.client;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

import dev.fastshop.commons.rest.ProblemException;
import dev.fastshop.order.client.CatalogRestClient.Product;
import dev.fastshop.order.client.CatalogRestClient.ReservationLine;

/**
 * Fault-tolerant access to the catalog. Every call here is idempotent (the batch read, the reservation keyed by order
 * id, the release), so all of them may be retried. The catalog's answers about the request itself (not enough stock,
 * unknown product) are {@link ProblemException}s: never retried and never counted against the circuit breaker. Any
 * other failure escapes as it is and the caller reports the catalog as unavailable.
 */
@ApplicationScoped
public class CatalogClient {

    private static final int UNPROCESSABLE = 422;
    private static final int CONFLICT = 409;

    private final CatalogRestClient catalog;

    public CatalogClient(@RestClient CatalogRestClient catalog) {
        this.catalog = catalog;
    }

    @Timeout(1000)
    @Retry(maxRetries = 1, delay = 50, jitter = 25, abortOn = ProblemException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, skipOn = ProblemException.class)
    public Uni<List<Product>> products(List<Long> ids) {
        return catalog.batch(new CatalogRestClient.BatchRequest(ids)).map(CatalogRestClient.ProductBatch::items);
    }

    @Timeout(1000)
    @Retry(maxRetries = 1, delay = 50, jitter = 25, abortOn = ProblemException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, skipOn = ProblemException.class)
    public Uni<Void> reserve(String authorization, UUID orderId, List<ReservationLine> lines) {
        return catalog.reserve(authorization, new CatalogRestClient.ReservationRequest(orderId, lines))
                .onFailure(WebApplicationException.class).transform(CatalogClient::rejection)
                .replaceWithVoid();
    }

    @Timeout(1000)
    @Retry(maxRetries = 2, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    public Uni<Void> release(String authorization, UUID orderId) {
        return catalog.release(authorization, orderId);
    }

    private static Throwable rejection(Throwable failure) {
        int status = ((WebApplicationException) failure).getResponse().getStatus();
        if (status == CONFLICT) {
            return ProblemException.conflict("Not enough stock for at least one line; nothing was reserved");
        }
        if (status == UNPROCESSABLE) {
            return new ProblemException(UNPROCESSABLE, "Unprocessable Content", "The cart names an unknown product");
        }
        return failure;
    }
}
