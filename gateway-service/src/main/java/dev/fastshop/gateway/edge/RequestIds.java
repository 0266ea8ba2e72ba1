package dev.fastshop.gateway.edge;

import io.vertx.ext.web.RoutingContext;

import dev.fastshop.commons.rest.RequestIdFilter;

/** The request id of an exchange: the caller's {@code X-Request-Id} when it is a short plain token, else a new one. */
public final class RequestIds {

    static final String KEY = "fastshop.requestId";

    private RequestIds() {
    }

    /** Assigns the id once and writes it into the request headers, so it is forwarded to the upstream. */
    static String assign(RoutingContext rc) {
        String header = rc.request().getHeader(RequestIdFilter.HEADER);
        String id = RequestIdFilter.idFrom(header);
        if (!id.equals(header)) {
            rc.request().headers().set(RequestIdFilter.HEADER, id);
        }
        rc.put(KEY, id);
        return id;
    }

    public static String of(RoutingContext rc) {
        return rc.get(KEY);
    }
}
