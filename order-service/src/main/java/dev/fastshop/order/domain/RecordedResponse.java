package dev.fastshop.order.domain;

/**
 * The answer first given to a placement, kept with its Idempotency-Key and replayed byte for byte when the same
 * request comes again. The API renders it; the order service only keeps it.
 */
public record RecordedResponse(int status, String location, String body) {
}
