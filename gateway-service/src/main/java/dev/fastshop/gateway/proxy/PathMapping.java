package dev.fastshop.gateway.proxy;

import java.net.URI;
import java.util.function.UnaryOperator;

/**
 * How a route maps public paths to the upstream's and back. The way back puts {@code publicPrefix} before an
 * upstream path: it rewrites the {@code Location} an upstream answers with (its own absolute URL, e.g.
 * {@code http://10.0.0.7:8082/orders/42}) into the gateway's relative path ({@code /api/orders/42}), the way a reverse
 * proxy's "proxy pass reverse" does, and upstreams get it as {@code X-Forwarded-Prefix} for the links in their
 * bodies. Clients never see an upstream address.
 */
record PathMapping(UnaryOperator<String> toUpstream, String publicPrefix) {

    String upstreamUri(String publicUri) {
        return toUpstream.apply(publicUri);
    }

    /** The public form of an upstream {@code Location}; one that is not a valid URI is passed on unchanged. */
    String publicLocation(String location) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            return location;
        }
        if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/")) {
            return location;
        }
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return publicPrefix + uri.getRawPath() + query;
    }
}
