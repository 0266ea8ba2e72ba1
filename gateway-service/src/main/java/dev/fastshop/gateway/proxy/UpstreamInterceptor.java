package dev.fastshop.gateway.proxy;

import java.net.ConnectException;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import dev.fastshop.commons.rest.ForwardedPrefix;
import dev.fastshop.commons.rest.Problem;
import dev.fastshop.commons.rest.RequestIdFilter;
import dev.fastshop.gateway.client.CircuitOpenException;
import dev.fastshop.gateway.client.ClientGoneException;
import dev.fastshop.gateway.client.RetryBudget;
import dev.fastshop.gateway.client.UpstreamClient;
import dev.fastshop.gateway.domain.Upstream;
import dev.fastshop.gateway.edge.EdgeFilter;
import dev.fastshop.gateway.edge.ProblemWriter;

/**
 * Forwards one request to its upstream: rewrites the path (and an answer's {@code Location} back), sends it through
 * the upstream's circuit breaker, retries an idempotent body-less request once more when the replica could not be
 * reached (within the retry budget), records the upstream timer, and turns an unreachable upstream, a timeout or an
 * open circuit into 503 problem+json.
 */
class UpstreamInterceptor implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UpstreamInterceptor.class);
    private static final String STARTED = "fastshop.started";
    private static final String TOO_LARGE = "fastshop.tooLarge";

    private final Upstream upstream;
    private final PathMapping paths;
    private final UpstreamClient client;
    private final ProblemWriter problems;
    private final RetryBudget budget;
    private final int maxAttempts;
    private final BodyLimits bodyLimits;

    UpstreamInterceptor(Upstream upstream, PathMapping paths, UpstreamClient client,
            ProblemWriter problems, int maxAttempts, BodyLimits bodyLimits) {
        this.bodyLimits = bodyLimits;
        this.upstream = upstream;
        this.paths = paths;
        this.client = client;
        this.problems = problems;
        this.budget = client.retryBudget(upstream);
        this.maxAttempts = maxAttempts;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        request.setURI(paths.upstreamUri(request.getURI()));
        // Replaces whatever a client sent: upstreams build the links in their bodies on it.
        request.headers().set(ForwardedPrefix.HEADER, paths.publicPrefix());
        boolean retryable = UpstreamClient.isSafe(request.getMethod()) && !hasBody(request.proxiedRequest());
        if (retryable) {
            // A body-less request can be sent again: detach it from the (empty) inbound stream.
            request.proxiedRequest().resume();
            request.setBody(null);
        } else if (request.getBody() != null && request.getBody().length() < 0) {
            limitChunkedBody(context);
        }
        budget.onRequest();
        long start = System.nanoTime();
        context.set(STARTED, start);
        return attempt(context, 1, retryable).recover(failure -> unavailable(context, failure));
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        ProxyResponse response = context.response();
        // Our own request id is set on the way out; a second copy from the upstream would only confuse clients.
        response.headers().remove(RequestIdFilter.HEADER);
        String location = response.headers().get(HttpHeaders.LOCATION);
        if (location != null) {
            response.headers().set(HttpHeaders.LOCATION, paths.publicLocation(location));
        }
        Long started = context.get(STARTED, Long.class);
        if (started != null) {
            client.timer(upstream, response.getStatusCode()).record(System.nanoTime() - started,
                    TimeUnit.NANOSECONDS);
        }
        return context.sendResponse();
    }

    private Future<ProxyResponse> attempt(ProxyContext context, int attempt, boolean retryable) {
        return client.guarded(upstream, () -> exchange(context)).recover(failure -> {
            if (retryable && attempt < maxAttempts && isUnreached(failure)
                    && budget.tryRetry(System.currentTimeMillis())) {
                LOG.debugf("Retrying %s %s on %s: %s", context.request().getMethod(), context.request().getURI(),
                        upstream.serviceName(), failure.toString());
                return attempt(context, attempt + 1, true);
            }
            return Future.failedFuture(failure);
        });
    }

    /**
     * Sends the request upstream. When the caller hangs up meanwhile, the proxy resets the upstream exchange: that
     * failure is the client's, and must not count against the upstream's circuit breaker.
     */
    private static Future<ProxyResponse> exchange(ProxyContext context) {
        return context.sendRequest().recover(failure -> Future.failedFuture(
                context.request().proxiedRequest().response().closed() ? new ClientGoneException(failure) : failure));
    }

    /** EdgeFilter rejected announced sizes; a chunked body is counted while it streams. */
    private void limitChunkedBody(ProxyContext context) {
        ProxyRequest request = context.request();
        long limit = bodyLimits.limitFor(request.proxiedRequest());
        request.setBody(Body.body(new LimitedReadStream(request.getBody().stream(), limit,
                () -> context.set(TOO_LARGE, Boolean.TRUE)), -1));
    }

    private Future<ProxyResponse> unavailable(ProxyContext context, Throwable failure) {
        if (Boolean.TRUE.equals(context.get(TOO_LARGE, Boolean.class))) {
            return tooLarge(context);
        }
        if (failure instanceof ClientGoneException) {
            LOG.debugf("Client left during %s %s", context.request().getMethod(), context.request().getURI());
        } else {
            LOG.warnf("Upstream %s unavailable for %s %s: %s", upstream.serviceName(),
                    context.request().getMethod(), context.request().getURI(), failure.toString());
            Long started = context.get(STARTED, Long.class);
            client.timer(upstream, 0).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        context.set(STARTED, null);
        HttpServerRequest inbound = context.request().proxiedRequest();
        String detail = failure instanceof CircuitOpenException
                ? "The " + upstream.serviceName() + " service is failing; retry shortly"
                : "The " + upstream.serviceName() + " service is unavailable; retry shortly";
        ProxyResponse response = context.request().release().response()
                .setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader("Retry-After", "1")
                .setBody(Body.body(problems.body(503, "Service Unavailable", detail, inbound.path(),
                        inbound.getHeader(RequestIdFilter.HEADER))));
        return Future.succeededFuture(response);
    }

    private Future<ProxyResponse> tooLarge(ProxyContext context) {
        HttpServerRequest inbound = context.request().proxiedRequest();
        ProxyResponse response = context.request().release().response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .setBody(Body.body(problems.body(413, "Content Too Large", "The request body is too large",
                        inbound.path(), inbound.getHeader(RequestIdFilter.HEADER))));
        if (inbound.version() != HttpVersion.HTTP_2) {
            // The rest of the body is not read: the connection cannot be reused.
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        return Future.succeededFuture(response);
    }

    /** The request never reached an upstream application: safe to send again. */
    private static boolean isUnreached(Throwable failure) {
        return failure instanceof ConnectException || failure.getCause() instanceof ConnectException
                || failure instanceof HttpClosedException;
    }

    private static boolean hasBody(HttpServerRequest request) {
        return request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                && !"0".equals(request.getHeader(HttpHeaders.CONTENT_LENGTH))
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }
}
