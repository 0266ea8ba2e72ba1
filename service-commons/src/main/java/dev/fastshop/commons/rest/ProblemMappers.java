package dev.fastshop.commons.rest;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;

import dev.fastshop.commons.domain.DomainException;
import dev.fastshop.commons.json.ControlCharacters;
import dev.fastshop.commons.json.UnsafeTextException;
import dev.fastshop.commons.sql.SqlFailures;

/**
 * The one mapping from exceptions to RFC 9457 responses shared by every service. Expected failures become the right
 * 4xx; unavailable dependencies become 503; anything else is a 500 whose body never names a class or shows a trace.
 */
public class ProblemMappers {

    /**
     * Whether the reactive SQL client is on the classpath (a provided dependency: catalog and order have it); only
     * then may {@link SqlFailures} be loaded.
     */
    private static final boolean SQL_CLIENT = present("io.vertx.sqlclient.DatabaseException");

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final int RETRY_AFTER_SECONDS = 1;
    private static final String BEARER_REALM = "Bearer realm=\"fastshop\"";

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e, HttpServerRequest request) {
        return respond(e.status(), e.title(), e.getMessage(), e.invalidParams(), e.headers(), request);
    }

    /** A use case's expected failure: its kind decides the status; the message is the detail. */
    @ServerExceptionMapper
    public RestResponse<Problem> domain(DomainException e, HttpServerRequest request) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case STALE -> 412;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
            case REJECTED -> 422;
            case UNAVAILABLE -> 503;
        };
        String title = switch (e.kind()) {
            case INVALID -> "Bad Request";
            case NOT_FOUND -> "Not Found";
            case CONFLICT -> "Conflict";
            case STALE -> "Precondition Failed";
            case TOO_LARGE -> "Content Too Large";
            case UNSUPPORTED_TYPE -> "Unsupported Media Type";
            case REJECTED -> "Unprocessable Content";
            case UNAVAILABLE -> "Service Unavailable";
        };
        List<Problem.InvalidParam> params = e.fieldErrors().stream()
                .map(error -> new Problem.InvalidParam(error.field(), error.reason())).toList();
        Map<String, String> headers = e.retryAfter() == null
                ? Map.of()
                : Map.of("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        return respond(status, title, e.getMessage(), params, headers, request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> webApplication(WebApplicationException e, HttpServerRequest request) {
        // The REST layer wraps some body-reading failures (a number out of range); they name their field too.
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, request);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        Map<String, String> headers = e.getResponse().getHeaderString("Allow") == null
                ? Map.of()
                : Map.of("Allow", e.getResponse().getHeaderString("Allow"));
        return respond(status.getStatusCode(), status.getReasonPhrase(), describe(status.getStatusCode()), List.of(),
                headers, request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.InvalidParam> params = e.getConstraintViolations().stream()
                .map(v -> new Problem.InvalidParam(parameterName(v), v.getMessage()))
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
        String detail = params.size() == 1
                ? "Invalid parameter '" + params.get(0).name() + "': " + params.get(0).reason()
                : params.size() + " parameters are invalid";
        return respond(400, "Bad Request", detail, params, Map.of(), request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> malformedJson(JsonParseException e, HttpServerRequest request) {
        return respond(400, "Bad Request", "The request body is not valid JSON", List.of(), Map.of(), request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unknownField(UnrecognizedPropertyException e, HttpServerRequest request) {
        String field = jsonPath(e);
        return respond(400, "Bad Request", "Unknown field '" + field + "'",
                List.of(new Problem.InvalidParam(field, "unknown field")), Map.of(), request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        String field = jsonPath(e);
        if (field.isEmpty()) {
            return respond(400, "Bad Request", "The request body does not have the expected structure", List.of(),
                    Map.of(), request);
        }
        return respond(400, "Bad Request", "Invalid value for field '" + field + "'",
                List.of(new Problem.InvalidParam(field, "wrong type or format")), Map.of(), request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unsafeText(UnsafeTextException e, HttpServerRequest request) {
        String field = jsonPath(e);
        return respond(400, "Bad Request", "Invalid value for field '" + field + "': " + ControlCharacters.REASON,
                List.of(new Problem.InvalidParam(field, ControlCharacters.REASON)), Map.of(), request);
    }

    /**
     * Any other body Jackson cannot read (a number too large for its field, say) is the client's mistake too; the
     * field is named when Jackson knows it.
     */
    @ServerExceptionMapper
    public RestResponse<Problem> unreadableBody(JsonProcessingException e, HttpServerRequest request) {
        String field = e instanceof JsonMappingException mapping ? jsonPath(mapping) : "";
        String reason = "out of range or of the wrong type";
        if (field.isEmpty()) {
            return respond(400, "Bad Request", "The request body could not be read: a value is " + reason, List.of(),
                    Map.of(), request);
        }
        return respond(400, "Bad Request", "Invalid value for field '" + field + "': " + reason,
                List.of(new Problem.InvalidParam(field, reason)), Map.of(), request);
    }

    /**
     * No or a bad bearer token on an endpoint that needs an identity. Services authenticate lazily (only such
     * endpoints verify the token), so the failure reaches the REST layer and gets the same body as everything else.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public RestResponse<Problem> unauthorized(RuntimeException e, HttpServerRequest request) {
        boolean tokenSent = request.getHeader("Authorization") != null;
        String challenge = BEARER_REALM + (tokenSent ? ", error=\"invalid_token\"" : "");
        return respond(401, "Unauthorized", tokenSent
                ? "The bearer token is invalid, expired or not meant for this service"
                : "This endpoint needs a bearer token", List.of(), Map.of("WWW-Authenticate", challenge), request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException e, HttpServerRequest request) {
        return respond(403, "Forbidden", "The token does not grant the role this endpoint needs", List.of(), Map.of(),
                request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Exception e, HttpServerRequest request) {
        if (isUnavailableDependency(e)) {
            LOG.warnf("Dependency unavailable on %s %s: %s", request.method(), request.path(), e.toString());
            return respond(503, "Service Unavailable", "A dependency of this service is unavailable; retry shortly",
                    List.of(), Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)), request);
        }
        LOG.errorf(e, "Unexpected failure on %s %s", request.method(), request.path());
        return respond(500, "Internal Server Error", "An unexpected error occurred; quote the request id to support",
                List.of(), Map.of(), request);
    }

    private RestResponse<Problem> unreadable(JsonProcessingException e, HttpServerRequest request) {
        if (e instanceof UnsafeTextException unsafe) {
            return unsafeText(unsafe, request);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknownField(unknown, request);
        }
        if (e instanceof MismatchedInputException mismatched) {
            return mismatchedInput(mismatched, request);
        }
        return e instanceof JsonParseException parse ? malformedJson(parse, request) : unreadableBody(e, request);
    }

    /**
     * A dependency that cannot serve right now: a refused, reset or timed-out connection (a {@link SocketException}
     * covers refused and reset: PostgreSQL's fast shutdown resets the pool's connections mid-statement), or a database
     * that answers it cannot take work ({@link SqlFailures#unavailable}).
     */
    static boolean isUnavailableDependency(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketException || t instanceof TimeoutException || t instanceof SocketTimeoutException
                    || (SQL_CLIENT && SqlFailures.unavailable(t))) {
                return true;
            }
        }
        return false;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ProblemMappers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String describe(int status) {
        return switch (status) {
            case 404 -> "No resource matches this path";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "No acceptable representation for the Accept header";
            case 413 -> "The request body is too large";
            case 415 -> "This media type is not supported here";
            default -> Response.Status.Family.familyOf(status) == Response.Status.Family.CLIENT_ERROR
                    ? "The request was rejected"
                    : "The request could not be served";
        };
    }

    /** {@code list.limit} → {@code limit}; {@code create.request.lines[0].quantity} → {@code lines[0].quantity}. */
    static String parameterName(ConstraintViolation<?> violation) {
        StringBuilder name = new StringBuilder();
        int index = 0;
        int size = 0;
        for (Path.Node ignored : violation.getPropertyPath()) {
            size++;
        }
        for (Path.Node node : violation.getPropertyPath()) {
            boolean method = index == 0;
            boolean bodyParameter = index == 1 && size > 2;
            index++;
            if (method || bodyParameter) {
                continue;
            }
            if (node.getIndex() != null && name.length() > 0) {
                name.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null) {
                if (name.length() > 0) {
                    name.append('.');
                }
                name.append(node.getName());
            }
        }
        return name.length() == 0 ? violation.getPropertyPath().toString() : name.toString();
    }

    /** The field a Jackson failure is about, as {@code lines[0].quantity}; empty when Jackson does not know it. */
    public static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static RestResponse<Problem> respond(int status, String title, String detail,
            List<Problem.InvalidParam> params, Map<String, String> headers, HttpServerRequest request) {
        Object requestId = MDC.get(RequestIdFilter.MDC_KEY);
        Problem problem = new Problem(null, title, status, detail,
                ForwardedPrefix.of(request.getHeader(ForwardedPrefix.HEADER)) + request.path(),
                requestId == null ? null : requestId.toString(), params);
        RestResponse.ResponseBuilder<Problem> builder = RestResponse.ResponseBuilder.<Problem>create(status)
                .entity(problem)
                .type(Problem.MEDIA_TYPE);
        headers.forEach(builder::header);
        return builder.build();
    }
}
