package dev.fastshop.worker.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.EmailJob;

/** Confirmation emails: HTML and plain-text bodies from Qute templates, the invoice PDF attached. */
@ApplicationScoped
public class EmailService implements JobHandler<EmailJob> {

    private final Mailer mailer;

    public EmailService(Mailer mailer) {
        this.mailer = mailer;
    }

    @CheckedTemplate(basePath = "email")
    static class Templates {

        static native TemplateInstance confirmation(EmailJob job, String total, String shortId);

        static native TemplateInstance confirmationText(EmailJob job, String total, String shortId);
    }

    @Override
    public List<Attachment> handle(EmailJob job) {
        validate(job);
        String total = InvoicePdfRenderer.money(job.total()) + " " + job.currency();
        String shortId = job.orderId().toString().substring(0, 8);
        Attachment invoice = job.invoice();
        Mail mail = Mail.withHtml(job.to(), subject(shortId), Templates.confirmation(job, total, shortId).render())
                .setText(Templates.confirmationText(job, total, shortId).render())
                .addAttachment(invoice.name(), invoice.content(), invoice.contentType())
                .addHeader("Message-ID", messageId(job));
        mailer.send(mail);
        return List.of();
    }

    /**
     * One Message-ID per order's confirmation, whichever delivery of the job sends it. A worker killed after the SMTP
     * server took the mail and before the completion record was written sends it again on redelivery (the one window
     * at-least-once delivery leaves, docs/messaging.md): that second copy is then the same message (RFC 5322 3.6.4),
     * which mail clients and ./fastshop chaos recognise, not a second confirmation.
     */
    static String messageId(EmailJob job) {
        return "<order-confirmation." + job.orderId() + "@fastshop.dev>";
    }

    static String subject(String shortId) {
        return "Your Fastshop order " + shortId + " is confirmed";
    }

    private static void validate(EmailJob job) {
        if (job.to() == null || !job.to().contains("@")) {
            throw new PermanentJobException("email job has no valid recipient address");
        }
        if (job.orderId() == null) {
            throw new PermanentJobException("email job lacks orderId");
        }
        if (Attachments.isEmpty(job.invoice())) {
            throw new PermanentJobException("email job carries no invoice attachment");
        }
    }
}
