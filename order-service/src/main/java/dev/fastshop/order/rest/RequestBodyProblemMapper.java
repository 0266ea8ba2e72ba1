package dev.fastshop.order.rest;

import java.util.List;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.vertx.core.http.HttpServerRequest;

import dev.fastshop.commons.rest.Problem;

/**
 * Bodies Jackson cannot read for reasons the shared mappers do not name (a number too large for its field, say) are
 * the client's mistake too: 400, never 500.
 */
public class RequestBodyProblemMapper {

    @ServerExceptionMapper
    public RestResponse<Problem> unreadable(JsonProcessingException e, HttpServerRequest request) {
        Problem problem = new Problem(null, "Bad Request", 400, "The request body could not be read: a value is "
                + "out of range or of the wrong type", request.path(), null, List.of());
        return RestResponse.ResponseBuilder.<Problem>create(400).entity(problem).type(Problem.MEDIA_TYPE).build();
    }
}
