package dev.fastshop.worker.service;

import java.util.UUID;
import java.util.function.Function;

import dev.fastshop.contracts.EmailJob;
import dev.fastshop.contracts.ImageJob;
import dev.fastshop.contracts.InvoiceJob;
import dev.fastshop.contracts.JobType;

/**
 * The envelope of one job type: its type, the contract record a message is read into, and where that record keeps
 * the job id and the reference echoed in the outcome. The dispatcher reads every message through one of these and
 * hands the record to the type's {@link JobHandler}, which only does the work.
 */
public record JobKind<J>(JobType type, Class<J> jobClass, Function<J, UUID> jobIdOf, Function<J, String> referenceOf) {

    public static final JobKind<InvoiceJob> INVOICE = new JobKind<>(JobType.INVOICE, InvoiceJob.class,
            InvoiceJob::jobId, job -> String.valueOf(job.orderId()));
    public static final JobKind<EmailJob> EMAIL = new JobKind<>(JobType.EMAIL, EmailJob.class, EmailJob::jobId,
            job -> String.valueOf(job.orderId()));
    public static final JobKind<ImageJob> IMAGE = new JobKind<>(JobType.IMAGE, ImageJob.class, ImageJob::jobId,
            job -> Long.toString(job.productId()));

    public UUID jobId(J job) {
        return jobIdOf.apply(job);
    }

    /** What the job is about (an order id, a product id), echoed in the outcome. */
    public String reference(J job) {
        return referenceOf.apply(job);
    }
}
