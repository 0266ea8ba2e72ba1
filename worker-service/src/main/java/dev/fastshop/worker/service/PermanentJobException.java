package dev.fastshop.worker.service;

/**
 * A job that cannot succeed however often it is retried (invalid input, a corrupt image, an invoice over the size
 * bound). The message is safe to show to an operator: it ends up in {@code JobFailed.reason} and the DLQ headers.
 */
public class PermanentJobException extends RuntimeException {

    public PermanentJobException(String message) {
        super(message);
    }

    public PermanentJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
