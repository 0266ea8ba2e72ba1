package dev.fastshop.commons.rest;

import java.util.List;
import java.util.Map;

/**
 * Thrown by services for an expected failure that the client must see as a problem response. Carries no stack trace:
 * it is control flow, not a bug.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.InvalidParam> invalidParams;
    private final Map<String, String> headers;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of(), Map.of());
    }

    public ProblemException(int status, String title, String detail, List<Problem.InvalidParam> invalidParams,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.invalidParams = List.copyOf(invalidParams);
        this.headers = Map.copyOf(headers);
    }

    /** 400 naming the one parameter that was wrong. */
    public static ProblemException badParameter(String name, String reason) {
        return new ProblemException(400, "Bad Request", "Invalid parameter '" + name + "': " + reason,
                List.of(new Problem.InvalidParam(name, reason)), Map.of());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(503, "Service Unavailable", detail, List.of(),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.InvalidParam> invalidParams() {
        return invalidParams;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
