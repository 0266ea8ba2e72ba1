package dev.fastshop.commons.domain;

import java.time.Duration;
import java.util.List;

/**
 * An expected failure of a use case, as services report it: what went wrong in the domain's terms ({@link Kind}),
 * never an HTTP status. The REST layer maps each kind to its status and a problem+json body (ProblemMappers); a
 * messaging adapter decides for itself. Carries no stack trace: it is control flow, not a bug.
 */
public class DomainException extends RuntimeException {

    public enum Kind {
        /** The input is malformed or out of range ({@link #fieldErrors()} names the fields). */
        INVALID,
        /** Nothing with this identity exists (for this caller). */
        NOT_FOUND,
        /** The request is well formed but contradicts the current state (out of stock, already shipped). */
        CONFLICT,
        /** The request is well formed but cannot be processed as asked (unknown products, a reused key). */
        REJECTED,
        /** The caller's copy is out of date (an optimistic-lock version that no longer matches). */
        STALE,
        /** More content than this use case takes. */
        TOO_LARGE,
        /** Content of a type this use case does not take. */
        UNSUPPORTED_TYPE,
        /** A dependency is down or timed out; retrying after {@link #retryAfter()} may succeed. */
        UNAVAILABLE
    }

    /** One rejected field or parameter, e.g. {@code lines[0].productId}. */
    public record FieldError(String field, String reason) {
    }

    private final Kind kind;
    private final List<FieldError> fieldErrors;
    private final Duration retryAfter;

    public DomainException(Kind kind, String message, List<FieldError> fieldErrors, Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.retryAfter = retryAfter;
    }

    public DomainException(Kind kind, String message) {
        this(kind, message, List.of(), null);
    }

    public static DomainException invalid(String field, String reason) {
        return new DomainException(Kind.INVALID, "Invalid parameter '" + field + "': " + reason,
                List.of(new FieldError(field, reason)), null);
    }

    public static DomainException invalid(String message, List<FieldError> fieldErrors) {
        return new DomainException(Kind.INVALID, message, fieldErrors, null);
    }

    public static DomainException notFound(String message) {
        return new DomainException(Kind.NOT_FOUND, message);
    }

    public static DomainException conflict(String message) {
        return new DomainException(Kind.CONFLICT, message);
    }

    public static DomainException rejected(String message) {
        return new DomainException(Kind.REJECTED, message);
    }

    public static DomainException rejected(String message, List<FieldError> fieldErrors) {
        return new DomainException(Kind.REJECTED, message, fieldErrors, null);
    }

    public static DomainException unavailable(String message, Duration retryAfter) {
        return new DomainException(Kind.UNAVAILABLE, message, List.of(), retryAfter);
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** When to try again ({@link Kind#UNAVAILABLE}); null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
