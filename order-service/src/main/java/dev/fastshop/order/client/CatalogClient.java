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

import dev.fastshop.order.client.CatalogRestClient.Product;
import dev.fastshop.order.client.CatalogRestClient.ReservationLine;

/**
 * Fault-tolerant access to the catalog. Every call here is idempotent (the batch read, the reservation keyed by order
 * id, the release), so all of them may be retried. The catalog's answers about the request itself (not enough stock,
 * unknown product) are outcomes, not failures: never retried and never counted against the circuit breaker. Any
 * other failure escapes as it is and the caller reports the catalog as unavailable. Reservations are made with the
 * order service's own token ({@link ServiceTokens}), never with the customer's.
 */
@ApplicationScoped
public class CatalogClient {

    private static final int UNPROCESSABLE = 422;
    private static final int CONFLICT = 409;
    /** Per attempt; the catalog answers these in milliseconds, so this only bounds a hung catalog. */
    private static final long TIMEOUT_MS = 2000;

    private final CatalogRestClient catalog;
    private final ServiceTokens tokens;

    public CatalogClient(@RestClient CatalogRestClient catalog, ServiceTokens tokens) {
        this.catalog = catalog;
        this.tokens = tokens;
    }

    /** Prices are public (the storefront renders a cart with them): sent without a token. */
    @Timeout(TIMEOUT_MS)
    @Retry(maxRetries = 1, delay = 50, jitter = 25)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    public Uni<List<Product>> products(List<Long> ids) {
        return catalog.batch(new CatalogRestClient.BatchRequest(ids)).map(CatalogRestClient.ProductBatch::items);
    }

    @Timeout(TIMEOUT_MS)
    @Retry(maxRetries = 1, delay = 50, jitter = 25)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    public Uni<ReservationOutcome> reserve(UUID orderId, List<ReservationLine> lines) {
        return catalog.reserve(tokens.authorization(), new CatalogRestClient.ReservationRequest(orderId, lines))
                .map(reservation -> ReservationOutcome.RESERVED)
                .onFailure(CatalogClient::rejected).recoverWithItem(CatalogClient::outcome);
    }

    @Timeout(TIMEOUT_MS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    public Uni<Void> release(UUID orderId) {
        return catalog.release(tokens.authorization(), orderId);
    }

    private static boolean rejected(Throwable failure) {
        if (failure instanceof WebApplicationException e) {
            int status = e.getResponse().getStatus();
            return status == CONFLICT || status == UNPROCESSABLE;
        }
        return false;
    }

    private static ReservationOutcome outcome(Throwable rejection) {
        return ((WebApplicationException) rejection).getResponse().getStatus() == CONFLICT
                ? ReservationOutcome.OUT_OF_STOCK
                : ReservationOutcome.UNKNOWN_PRODUCT;
    }

    /** The catalog's answer to a reservation. */
    public enum ReservationOutcome {
        RESERVED, OUT_OF_STOCK, UNKNOWN_PRODUCT
    }
}
