package dev.fastshop.gateway.edge;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.fastshop.commons.rest.RequestIdFilter;
import dev.fastshop.gateway.config.GatewayConfig;
import dev.fastshop.gateway.proxy.BodyLimits;

/**
 * First handler of every request, before authentication: refuses request targets and headers over the gateway's
 * limits and foreign CORS origins (as problem+json, which the HTTP server's and Quarkus' own refusals are not), sheds
 * load beyond the in-flight cap, rejects bodies over the route's limit, assigns the request id, removes identity headers a client could forge, and on the way out sets
 * security headers and decides whether the response may be compressed.
 */
@ApplicationScoped
public class EdgeFilter {

    /** Before CORS and authentication (Quarkus filters run at order -priority), after Quarkus' own start hooks. */
    public static final int ORDER = Integer.MIN_VALUE + 100;
    private static final String API = "/api/";
    private static final String VARY_ACCEPT_ENCODING = "Accept-Encoding";
    private static final String HSTS = "max-age=31536000; includeSubDomains";
    private static final Map<String, String> RETRY_SOON = Map.of("Retry-After", "1");
    private static final Map<String, String> CLOSE = Map.of(HttpHeaders.CONNECTION.toString(), "close");

    private final GatewayConfig.Shedding shedding;
    private final BodyLimits bodyLimits;
    private final long compressionThreshold;
    private final Set<String> compressibleTypes;
    private final String[] strippedHeaders;
    private final ProblemWriter problems;
    private final int maxUriLength;
    private final long maxHeadersSize;
    private final Set<String> allowedOrigins;
    private final boolean anyOrigin;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter shed;

    public EdgeFilter(GatewayConfig config, BodyLimits bodyLimits, ProblemWriter problems, MeterRegistry registry) {
        this.shedding = config.shedding();
        this.bodyLimits = bodyLimits;
        this.compressionThreshold = config.compression().threshold().asLongValue();
        this.compressibleTypes = config.compression().mediaTypes().stream()
                .map(t -> t.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.strippedHeaders = config.strippedHeaders().toArray(String[]::new);
        this.problems = problems;
        this.maxUriLength = config.limits().maxUriLength();
        this.maxHeadersSize = config.limits().maxHeadersSize().asLongValue();
        this.allowedOrigins = config.cors().origins().stream().map(String::trim)
                .collect(Collectors.toUnmodifiableSet());
        this.anyOrigin = allowedOrigins.contains("*");
        this.shed = Counter.builder("fastshop.gateway.shed")
                .description("Requests answered 503 because too many were in flight")
                .register(registry);
        Gauge.builder("fastshop.gateway.in_flight", inFlight, AtomicInteger::get).register(registry);
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String id = RequestIds.assign(rc);
        rc.addHeadersEndHandler(v -> onHeadersEnd(rc, id));
        if (request.uri().length() > maxUriLength) {
            problems.send(rc, 414, "URI Too Long", "The request target exceeds " + maxUriLength + " characters",
                    CLOSE);
            return;
        }
        if (headersSize(request.headers()) > maxHeadersSize) {
            problems.send(rc, 431, "Request Header Fields Too Large",
                    "The request headers exceed " + maxHeadersSize + " bytes", CLOSE);
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !allowedOrigin(origin, request)) {
            problems.send(rc, 403, "Forbidden", "Cross-origin requests from this origin are not allowed", Map.of());
            return;
        }
        if (!request.path().startsWith(API)) {
            rc.next();
            return;
        }
        int max = shedding.maxInFlight();
        if (max > 0 && inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            shed.increment();
            problems.send(rc, 503, "Service Unavailable", "The gateway is at capacity; retry shortly", RETRY_SOON);
            return;
        }
        if (max > 0) {
            rc.addEndHandler(v -> inFlight.decrementAndGet());
        }
        for (String header : strippedHeaders) {
            request.headers().remove(header);
        }
        long limit = bodyLimits.limitFor(request);
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceeds(length, limit)) {
            problems.send(rc, 413, "Content Too Large", "The request body exceeds " + limit + " bytes", CLOSE);
            return;
        }
        rc.next();
    }

    private static long headersSize(MultiMap headers) {
        long size = 0;
        for (Map.Entry<String, String> header : headers) {
            size += header.getKey().length() + header.getValue().length();
        }
        return size;
    }

    /** As Quarkus' CORS handler decides: a listed origin, any with {@code *}, or the gateway's own (same origin). */
    private boolean allowedOrigin(String origin, HttpServerRequest request) {
        return anyOrigin || allowedOrigins.contains(origin)
                || sameOrigin(origin, request.isSSL(), request.authority());
    }

    private static boolean sameOrigin(String origin, boolean ssl, HostAndPort authority) {
        if (authority == null) {
            return false;
        }
        String self = (ssl ? "https://" : "http://") + authority.host();
        return origin.equals(self) || origin.equals(self + ":" + authority.port());
    }

    private static boolean exceeds(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void onHeadersEnd(RoutingContext rc, String id) {
        MultiMap headers = rc.response().headers();
        headers.set(RequestIdFilter.HEADER, id);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        if (rc.request().isSSL()) {
            headers.set("Strict-Transport-Security", HSTS);
        }
        decideCompression(headers);
    }

    /**
     * Vert.x compresses every response unless {@code Content-Encoding: identity} is set (it then strips that header):
     * only compressible types above the threshold are left to it, and those vary by {@code Accept-Encoding}.
     */
    private void decideCompression(MultiMap headers) {
        String encoding = headers.get(HttpHeaders.CONTENT_ENCODING);
        // Quarkus marks every response "identity" up front; anything else means the upstream already encoded it.
        if (encoding != null && !HttpHeaders.IDENTITY.toString().equals(encoding)) {
            return;
        }
        headers.remove(HttpHeaders.CONTENT_ENCODING);
        String type = headers.get(HttpHeaders.CONTENT_TYPE);
        if (type == null || !compressibleTypes.contains(baseType(type))) {
            headers.set(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
            return;
        }
        if (!headers.contains(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING, true)) {
            headers.add(HttpHeaders.VARY, VARY_ACCEPT_ENCODING);
        }
        String length = headers.get(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isBelowThreshold(length)) {
            headers.set(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
        }
    }

    private boolean isBelowThreshold(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) < compressionThreshold;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
