package dev.fastshop.commons.http;

import java.time.Duration;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Tells a hung service from a slow one. A process that is frozen, or whose event loops are stuck, answers no HTTP
 * request at all; a restarted or busy one answers a bare {@code HEAD /} (a 404 from its router: no database, no
 * security) in milliseconds even while its real work is slow. A caller that has waited "too long" asks this probe and
 * gives up only on a service that does not answer.
 * <p>
 * One probe at a time per service, its answer shared for 250 ms: callers arriving while a probe runs wait for that
 * one, so a burst of waiting calls costs the service one request (a new probe per caller never finishes under load).
 * Any answer the callers get counts as well ({@link #heard()}): a service that answered some call since the waiting
 * one was sent, or while the probe ran, is alive, even if the probe itself waited behind a CPU-starved event loop (two
 * saturated cores, a cold JIT) past its timeout; only a service that answered nothing at all meanwhile is hung.
 */
public final class LivenessProbe {

    /** How long a probe waits for any answer. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final long SHARED_FOR_NANOS = Duration.ofMillis(250).toNanos();

    private final Vertx vertx;
    private final HttpClient http;
    private final RequestOptions request;
    private Promise<Boolean> inFlight;
    private boolean lastAnswer;
    private long answeredAt = System.nanoTime() - SHARED_FOR_NANOS;
    /** When a call last got an answer; nothing yet: long ago. */
    private volatile long heardAt = System.nanoTime() - (1L << 62);

    public LivenessProbe(Vertx vertx, String host, int port, boolean tls) {
        this.vertx = vertx;
        this.http = vertx.createHttpClient(new HttpClientOptions().setSsl(tls).setMaxPoolSize(1));
        this.request = new RequestOptions().setMethod(HttpMethod.HEAD).setHost(host).setPort(port).setURI("/")
                .setConnectTimeout(TIMEOUT.toMillis()).setIdleTimeout(TIMEOUT.toMillis());
    }

    /** The service answered a call (any HTTP response): proof of life, as good as a probe's. */
    public void heard() {
        heardAt = System.nanoTime();
    }

    /**
     * Whether the service answered any call since {@code sentAt} (a {@link System#nanoTime()}: when the waiting call
     * was sent), or else a probe within 500 ms, at most 250 ms ago, or any call while that probe ran. Never fails.
     */
    public synchronized Future<Boolean> answers(long sentAt) {
        if (heardAt - sentAt > 0) {
            return Future.succeededFuture(true);
        }
        if (inFlight != null) {
            return inFlight.future();
        }
        if (System.nanoTime() - answeredAt < SHARED_FOR_NANOS) {
            return Future.succeededFuture(lastAnswer);
        }
        Promise<Boolean> probe = Promise.promise();
        inFlight = probe;
        // The client's own timeouts start once a connection is in hand; this bounds the whole probe.
        long probing = System.nanoTime();
        long timer = vertx.setTimer(TIMEOUT.toMillis(), id -> answered(probe, heardAt - probing > 0));
        http.request(request).compose(HttpClientRequest::send).onComplete(response -> {
            vertx.cancelTimer(timer);
            answered(probe, response.succeeded());
        });
        return probe.future();
    }

    private synchronized void answered(Promise<Boolean> probe, boolean answer) {
        if (inFlight == probe) {
            lastAnswer = answer;
            answeredAt = System.nanoTime();
            inFlight = null;
        }
        probe.tryComplete(answer);
    }
}
