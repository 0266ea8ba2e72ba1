package dev.fastshop.order.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.fastshop.order.domain.JobStatus;
import dev.fastshop.order.domain.Order;
import dev.fastshop.order.domain.OrderJob;
import dev.fastshop.order.rest.Links;

/** Progress of the invoice (with its download link once READY) and of the confirmation email. */
public record JobsResponse(Job invoice, Job email) {

    static JobsResponse from(Order order, Links links) {
        String href = order.invoiceJob().status() == JobStatus.READY ? links.invoice(order.id()) : null;
        return new JobsResponse(Job.of(order.invoiceJob(), href), Job.of(order.emailJob(), null));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Job(JobStatus status, String href, String reason) {

        static Job of(OrderJob job, String href) {
            return new Job(job.status(), href, job.reason());
        }
    }
}
