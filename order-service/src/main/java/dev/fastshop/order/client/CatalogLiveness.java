package dev.fastshop.order.client;

import java.net.URI;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Tells a hung catalog from a slow one. A catalog whose process is frozen or whose event loops are stuck answers no
 * HTTP request at all; a restarted or busy one answers a bare {@code HEAD /} (a 404 from its router, no database) in
 * milliseconds even while its real work is slow. One probe at a time, its answer shared for 250 ms, so a burst of
 * waiting calls costs the catalog one request.
 * <p>
 * Behind one address with several replicas the probe may reach another replica than the call it vouches for: a
 * single hung replica then costs its callers the whole budget, until the circuit breaker opens.
 */
@ApplicationScoped
public class CatalogLiveness {

    private static final int PROBE_TIMEOUT_MS = 300;
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(PROBE_TIMEOUT_MS);
    private static final Duration SHARED_FOR = Duration.ofMillis(250);

    private final Uni<Boolean> probe;
    private Uni<Boolean> inFlight;
    private boolean lastAnswer;
    private long answeredAt;

    public CatalogLiveness(Vertx vertx, @ConfigProperty(name = "quarkus.rest-client.catalog.url") URI catalog) {
        boolean tls = "https".equals(catalog.getScheme());
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(1).setSsl(tls));
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.HEAD).setHost(catalog.getHost())
                .setPort(catalog.getPort() > 0 ? catalog.getPort() : tls ? 443 : 80).setURI("/")
                .setConnectTimeout(PROBE_TIMEOUT_MS).setIdleTimeout(PROBE_TIMEOUT_MS);
        // The Uni's timeout bounds the whole probe, a wait for the pooled connection included.
        this.probe = Uni.createFrom()
                .completionStage(() -> http.request(request).compose(HttpClientRequest::send).map(response -> true)
                        .toCompletionStage())
                .ifNoItem().after(PROBE_TIMEOUT).recoverWithItem(false)
                .onFailure().recoverWithItem(false);
        this.answeredAt = System.nanoTime() - SHARED_FOR.toNanos();
    }

    /**
     * Whether the catalog answered a probe within 300 ms, at most 250 ms ago. Callers arriving while a probe runs wait
     * for that one (a new probe per caller would never finish under load).
     */
    public synchronized Uni<Boolean> answers() {
        if (inFlight == null && System.nanoTime() - answeredAt < SHARED_FOR.toNanos()) {
            return Uni.createFrom().item(lastAnswer);
        }
        if (inFlight == null) {
            inFlight = probe.invoke(this::answered).memoize().indefinitely();
        }
        return inFlight;
    }

    private synchronized void answered(boolean answer) {
        lastAnswer = answer;
        answeredAt = System.nanoTime();
        inFlight = null;
    }
}
