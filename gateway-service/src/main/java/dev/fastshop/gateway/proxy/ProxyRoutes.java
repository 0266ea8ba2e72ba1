package dev.fastshop.gateway.proxy;

import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;

import dev.fastshop.gateway.client.UpstreamClient;
import dev.fastshop.gateway.config.GatewayConfig;
import dev.fastshop.gateway.domain.Upstream;
import dev.fastshop.gateway.edge.ProblemWriter;

/**
 * The reverse-proxy routes on Quarkus' Vert.x router: {@code /api/catalog/{rest}} → catalog {@code /{rest}} and
 * {@code /api/orders{rest}} → order {@code /orders{rest}}. Bodies stream both ways on the event loop; nothing is
 * buffered.
 */
@ApplicationScoped
public class ProxyRoutes {

    static final String CATALOG_PREFIX = Upstream.CATALOG.publicPrefix();
    static final String API_PREFIX = Upstream.ORDER.publicPrefix();

    private final UpstreamClient client;
    private final ProblemWriter problems;
    private final int maxAttempts;
    private final BodyLimits bodyLimits;

    public ProxyRoutes(UpstreamClient client, ProblemWriter problems, GatewayConfig config, BodyLimits bodyLimits) {
        this.bodyLimits = bodyLimits;
        this.client = client;
        this.problems = problems;
        this.maxAttempts = config.retry().maxAttempts();
    }

    void register(@Observes Router router) {
        HttpProxy catalog = proxy(Upstream.CATALOG, ProxyRoutes::toCatalog);
        HttpProxy order = proxy(Upstream.ORDER, ProxyRoutes::toOrder);
        router.route(CATALOG_PREFIX + "/*").handler(rc -> catalog.handle(rc.request()));
        router.routeWithRegex("/api/orders(/.*)?").handler(rc -> order.handle(rc.request()));
    }

    private HttpProxy proxy(Upstream upstream, UnaryOperator<String> toUpstream) {
        PathMapping paths = new PathMapping(toUpstream, upstream.publicPrefix());
        return HttpProxy.reverseProxy(client.http())
                .origin(context -> client.open(upstream))
                .addInterceptor(new UpstreamInterceptor(upstream, paths, client, problems, maxAttempts, bodyLimits));
    }

    /** {@code /api/catalog/products?q=x} → {@code /products?q=x}. */
    static String toCatalog(String uri) {
        String rest = uri.substring(CATALOG_PREFIX.length());
        return rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest;
    }

    /** {@code /api/orders/42} → {@code /orders/42}. */
    static String toOrder(String uri) {
        return uri.substring(API_PREFIX.length());
    }
}
