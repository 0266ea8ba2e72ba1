package dev.fastshop.order.domain;

import java.util.UUID;

import dev.fastshop.contracts.JobType;

/** A background job of an order as tracked here; {@code reason} is set when it failed. */
public record OrderJob(UUID jobId, JobType type, JobStatus status, String reason) {
}
