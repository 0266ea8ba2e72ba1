package dev.fastshop.worker.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.fastshop.contracts.JobType;

/**
 * Consumes the three job queues. Each type runs on its own worker pool (size {@code fastshop.worker.<type>.concurrency})
 * with unordered processing, so a slow job never blocks the event loop nor the jobs behind it.
 */
@ApplicationScoped
public class JobListener {

    static final String INVOICE_CHANNEL = "invoice-jobs";
    static final String EMAIL_CHANNEL = "email-jobs";
    static final String IMAGE_CHANNEL = "image-jobs";

    private final JobDispatcher dispatcher;

    public JobListener(JobDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Incoming(INVOICE_CHANNEL)
    @Blocking(value = INVOICE_CHANNEL, ordered = false)
    public CompletionStage<Void> invoice(Message<byte[]> message) {
        return dispatcher.dispatch(JobType.INVOICE, message);
    }

    @Incoming(EMAIL_CHANNEL)
    @Blocking(value = EMAIL_CHANNEL, ordered = false)
    public CompletionStage<Void> email(Message<byte[]> message) {
        return dispatcher.dispatch(JobType.EMAIL, message);
    }

    @Incoming(IMAGE_CHANNEL)
    @Blocking(value = IMAGE_CHANNEL, ordered = false)
    public CompletionStage<Void> image(Message<byte[]> message) {
        return dispatcher.dispatch(JobType.IMAGE, message);
    }
}
