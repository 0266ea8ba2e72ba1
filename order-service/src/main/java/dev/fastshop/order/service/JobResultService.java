package dev.fastshop.order.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

import dev.fastshop.commons.domain.OutboxWritten;
import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.EmailJob;
import dev.fastshop.contracts.JobCompleted;
import dev.fastshop.contracts.JobFailed;
import dev.fastshop.contracts.JobType;
import dev.fastshop.order.domain.InvoiceDocument;
import dev.fastshop.order.domain.JobStatus;
import dev.fastshop.order.repository.JobRepository;
import dev.fastshop.order.repository.JobRepository.EmailDetails;
import dev.fastshop.order.repository.OutboxRepository;

/**
 * Applies the worker's job outcomes. Each is applied at most once per job id (a job leaves PENDING once), so
 * redelivered or duplicated results change nothing. A finished invoice is stored and the confirmation email job is
 * queued through the outbox in the same transaction.
 */
@ApplicationScoped
public class JobResultService {

    private static final Logger LOG = Logger.getLogger(JobResultService.class);
    static final String INVOICE_FAILED_REASON = "the invoice could not be generated";

    private final Pool pool;
    private final JobRepository jobs;
    private final OutboxRepository outbox;
    private final OutboxMessages messages;
    private final Event<OutboxWritten> outboxWritten;

    public JobResultService(Pool pool, JobRepository jobs, OutboxRepository outbox, OutboxMessages messages,
            Event<OutboxWritten> outboxWritten) {
        this.pool = pool;
        this.jobs = jobs;
        this.outbox = outbox;
        this.messages = messages;
        this.outboxWritten = outboxWritten;
    }

    public Uni<Void> completed(JobCompleted result) {
        if (result.type() == JobType.INVOICE) {
            return invoiceCompleted(result);
        }
        if (result.type() == JobType.EMAIL) {
            return jobs.complete(pool, result.jobId(), JobType.EMAIL, JobStatus.SENT, null)
                    .invoke(orderId -> logApplied(result.jobId(), orderId, "email sent"))
                    .replaceWithVoid();
        }
        LOG.warnf("Ignoring a %s result: not an order job", result.type());
        return Uni.createFrom().voidItem();
    }

    public Uni<Void> failed(JobFailed result) {
        if (result.type() != JobType.INVOICE && result.type() != JobType.EMAIL) {
            LOG.warnf("Ignoring a %s failure: not an order job", result.type());
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(tx -> jobs.complete(tx, result.jobId(), result.type(), JobStatus.FAILED,
                result.reason()).call(
                        orderId -> orderId != null && result.type() == JobType.INVOICE
                                ? jobs.failPending(tx, orderId, JobType.EMAIL, INVOICE_FAILED_REASON)
                                : Uni.createFrom().voidItem()))
                .invoke(orderId -> logApplied(result.jobId(), orderId, "failed: " + result.reason()))
                .replaceWithVoid();
    }

    private Uni<Void> invoiceCompleted(JobCompleted result) {
        Attachment pdf = result.artifacts() == null || result.artifacts().isEmpty() ? null : result.artifacts().get(0);
        String problem = invalid(pdf);
        if (problem != null) {
            return failed(new JobFailed(JobFailed.SCHEMA_VERSION, result.jobId(), JobType.INVOICE,
                    result.reference(), problem, 1, result.completedAt()));
        }
        InvoiceDocument document = new InvoiceDocument(pdf.content(), pdf.contentType(), sha256(pdf.content()));
        return pool.withTransaction(tx -> jobs.completeInvoice(tx, result.jobId(), document)
                .call(details -> details == null
                        ? Uni.createFrom().voidItem()
                        : queueEmail(tx, details, pdf,
                                document)))
                .invoke(details -> {
                    logApplied(result.jobId(), details == null ? null : details.orderId(), "invoice ready");
                    if (details != null) {
                        outboxWritten.fire(new OutboxWritten());
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> queueEmail(SqlClient tx, EmailDetails details, Attachment pdf, InvoiceDocument document) {
        return outbox.add(tx, List.of(messages.email(new EmailJob(EmailJob.SCHEMA_VERSION, details.jobId(),
                details.orderId(), details.email(), details.customerName(), details.total(), details.currency(),
                new Attachment(pdf.name(), document.contentType(), document.content(), document.sha256())))));
    }

    /** Why an invoice result cannot be used, or null when it carries a PDF whose checksum matches. */
    private static String invalid(Attachment pdf) {
        if (pdf == null || pdf.content() == null || pdf.content().length == 0) {
            return "the invoice result carried no document";
        }
        if (pdf.sha256() != null && !pdf.sha256().equalsIgnoreCase(sha256(pdf.content()))) {
            return "the invoice document does not match its checksum";
        }
        return null;
    }

    private static void logApplied(UUID jobId, UUID orderId, String outcome) {
        if (orderId == null) {
            LOG.debugf("Job %s: result already applied or job unknown; nothing to do", jobId);
        } else {
            LOG.infof("Job %s of order %s: %s", jobId, orderId, outcome);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
