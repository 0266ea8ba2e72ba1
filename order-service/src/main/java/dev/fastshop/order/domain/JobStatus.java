package dev.fastshop.order.domain;

/** Progress of an order's background job: READY for the invoice, SENT for the email. */
public enum JobStatus {
    PENDING, READY, SENT, FAILED
}
