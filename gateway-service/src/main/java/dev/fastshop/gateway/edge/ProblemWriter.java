package dev.fastshop.gateway.edge;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import dev.fastshop.commons.rest.Problem;
import dev.fastshop.commons.rest.RouteProblems;

/**
 * Renders gateway-made errors (auth, limits, shedding, unavailable upstreams) as the same RFC 9457 body the services'
 * {@code ProblemMappers} produce, straight onto the Vert.x response: these paths never reach a JAX-RS resource.
 */
@ApplicationScoped
public class ProblemWriter {

    private final RouteProblems problems;

    public ProblemWriter(RouteProblems problems) {
        this.problems = problems;
    }

    public Buffer body(int status, String title, String detail, String path, String requestId) {
        return problems.body(status, title, detail, path, requestId);
    }

    public void send(RoutingContext rc, int status, String title, String detail, Map<String, String> headers) {
        HttpServerResponse response = rc.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        response.end(body(status, title, detail, rc.request().path(), RequestIds.of(rc)));
    }
}
