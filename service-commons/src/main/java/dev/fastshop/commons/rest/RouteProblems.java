package dev.fastshop.commons.rest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The problem+json body of errors answered by Vert.x route handlers, where no JAX-RS exception mapper runs: the same
 * {@link Problem} the {@code ProblemMappers} write.
 */
@ApplicationScoped
public class RouteProblems {

    private final ObjectMapper mapper;

    public RouteProblems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Buffer body(int status, String title, String detail, String instance, String requestId) {
        try {
            return Buffer.buffer(
                    mapper.writeValueAsBytes(new Problem(null, title, status, detail, instance, requestId, List.of())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem record always serializes", e);
        }
    }

    /** Answers with the caller's request id when it is a safe token, else a new one. */
    public void send(RoutingContext rc, int status, String title, String detail, String instance) {
        send(rc.request(), status, title, detail, instance);
    }

    /** The same, where no router runs (the HTTP decoder's refusals); completes once the answer is written. */
    public Future<Void> send(HttpServerRequest request, int status, String title, String detail, String instance) {
        String id = RequestIdFilter.idFrom(request.getHeader(RequestIdFilter.HEADER));
        return request.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(RequestIdFilter.HEADER, id)
                .end(body(status, title, detail, instance, id));
    }
}
