package dev.fastshop.gateway.edge;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import dev.fastshop.commons.rest.Problem;

/**
 * Renders gateway-made errors (auth, limits, shedding, unavailable upstreams) as the same RFC 9457 body the services'
 * {@code ProblemMappers} produce, straight onto the Vert.x response: these paths never reach a JAX-RS resource.
 */
@ApplicationScoped
public class ProblemWriter {

    private final ObjectMapper mapper;

    public ProblemWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Buffer body(int status, String title, String detail, String path, String requestId) {
        try {
            return Buffer.buffer(
                    mapper.writeValueAsBytes(new Problem(null, title, status, detail, path, requestId, List.of())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem record always serializes", e);
        }
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
