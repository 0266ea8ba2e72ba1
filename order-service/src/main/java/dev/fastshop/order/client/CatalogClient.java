package dev.fastshop.order.client;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

import dev.fastshop.commons.http.LivenessProbe;
import dev.fastshop.order.client.CatalogRestClient.Product;
import dev.fastshop.order.client.CatalogRestClient.ReservationLine;

/**
 * Fault-tolerant access to the catalog. Every call here is idempotent (the batch read, the reservation keyed by order
 * id, the release), so all of them may be retried. Each call runs against the caller's {@link Deadline}: an attempt
 * gets the time left, and a failed one is tried once more only if enough is left. A call still waiting after 300 ms
 * asks the catalog's {@link LivenessProbe} whether it answers at all: a hung catalog fails the call at once (in about
 * 0.8 s, docs/reliability.md, fail fast), a slow one (just restarted, busy) gets the rest of the budget. The catalog's
 * answers about the request itself (not enough stock, unknown product) are outcomes, not failures: never retried and
 * never counted against the circuit breaker. Any other failure escapes as it is and the caller reports the catalog as
 * unavailable. Reservations are made with the order service's own token ({@link ServiceTokens}), never with the
 * customer's.
 * <p>
 * The breakers reopen for trial calls after 2 s: every request is bounded anyway, so a breaker only spares the
 * catalog, and a short delay lets a restarted catalog take traffic sooner.
 */
@ApplicationScoped
public class CatalogClient {

    private static final int UNPROCESSABLE = 422;
    private static final int CONFLICT = 409;
    private static final Duration RETRY_DELAY = Duration.ofMillis(50);
    /** A retry with less time than this left could not get an answer: the failure stands. */
    private static final Duration MIN_RETRY = Duration.ofMillis(150);
    /** Longer than the catalog takes to answer when it is well; past it, the liveness probe decides. */
    private static final Duration SUSPECT_AFTER = Duration.ofMillis(300);

    private final CatalogRestClient catalog;
    private final ServiceTokens tokens;
    private final LivenessProbe liveness;

    public CatalogClient(@RestClient CatalogRestClient catalog, ServiceTokens tokens, LivenessProbe liveness) {
        this.catalog = catalog;
        this.tokens = tokens;
        this.liveness = liveness;
    }

    /** Prices are public (the storefront renders a cart with them): sent without a token. */
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2000)
    public Uni<List<Product>> products(List<Long> ids, Deadline deadline) {
        return within(deadline, () -> catalog.batch(new CatalogRestClient.BatchRequest(ids)))
                .map(CatalogRestClient.ProductBatch::items);
    }

    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2000)
    public Uni<ReservationOutcome> reserve(UUID orderId, List<ReservationLine> lines, Deadline deadline) {
        var request = new CatalogRestClient.ReservationRequest(orderId, lines);
        return within(deadline, () -> catalog.reserve(tokens.authorization(), request))
                .map(reservation -> ReservationOutcome.RESERVED)
                .onFailure(CatalogClient::rejected).recoverWithItem(CatalogClient::outcome);
    }

    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2000)
    public Uni<Void> release(UUID orderId, Deadline deadline) {
        return within(deadline, () -> catalog.release(tokens.authorization(), orderId));
    }

    private <T> Uni<T> within(Deadline deadline, Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            Duration left = deadline.remaining();
            if (left.isNegative() || left.isZero()) {
                return Uni.createFrom().failure(new TimeoutException("No time left for the catalog"));
            }
            long sent = System.nanoTime();
            Uni<T> hung = Uni.createFrom().voidItem().onItem().delayIt().by(SUSPECT_AFTER)
                    .chain(() -> Uni.createFrom().completionStage(() -> liveness.answers(sent).toCompletionStage()))
                    .chain(answers -> answers
                            ? Uni.createFrom().<T>nothing()
                            : Uni.createFrom().failure(new Unresponsive()));
            Uni<T> answer = call.get().onItemOrFailure().invoke((item, failure) -> {
                if (failure == null || failure instanceof WebApplicationException) {
                    liveness.heard();
                }
            });
            return Uni.combine().any().of(answer, hung).ifNoItem().after(left)
                    .failWith(() -> new TimeoutException("The catalog did not answer within the deadline"));
        }).onFailure(failure -> !answered(failure) && !(failure instanceof Unresponsive)
                && deadline.remaining().compareTo(MIN_RETRY) > 0)
                .retry().withBackOff(RETRY_DELAY).atMost(1);
    }

    /** The catalog answered about the request itself (a 4xx): asking again gets the same answer. */
    private static boolean answered(Throwable failure) {
        return failure instanceof WebApplicationException e && e.getResponse().getStatus() < 500;
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

    /** The catalog answered neither the call nor the liveness probe: asking again now would only wait again. */
    private static final class Unresponsive extends TimeoutException {
        Unresponsive() {
            super("The catalog does not answer");
        }
    }

    /** The catalog's answer to a reservation. */
    public enum ReservationOutcome {
        RESERVED, OUT_OF_STOCK, UNKNOWN_PRODUCT
    }
}
