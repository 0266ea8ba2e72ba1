package dev.fastshop.worker.messaging;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;

import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.JobCompleted;
import dev.fastshop.contracts.JobFailed;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;
import dev.fastshop.worker.config.WorkerConfig;
import dev.fastshop.worker.repository.JobCompletionRepository;
import dev.fastshop.worker.service.EmailService;
import dev.fastshop.worker.service.ImageService;
import dev.fastshop.worker.service.InvoiceService;
import dev.fastshop.worker.service.JobHandler;
import dev.fastshop.worker.service.JobKind;
import dev.fastshop.worker.service.JobMetrics;
import dev.fastshop.worker.service.PermanentJobException;

/**
 * One delivery of a job, from bytes to acknowledgement. Every path publishes its consequence and waits for the
 * broker's confirm before the delivery is acked: the outcome ({@code JobCompleted}/{@code JobFailed}), a retry in a
 * delay queue, or a dead letter with the reason. If even that publish fails, the delivery is rejected without
 * requeue and the job queue dead-letters it into the DLQ: a job is never lost and never spins in a requeue loop.
 */
@ApplicationScoped
public class JobDispatcher {

    private static final Logger LOG = Logger.getLogger(JobDispatcher.class);
    private static final String OWNER = UUID.randomUUID().toString();
    private static final int MAX_SUMMARY_CHARS = 200;

    private final Map<JobType, Route<?>> routes = new EnumMap<>(JobType.class);
    private final JobOutcomePublisher outcomes;
    private final JobCompletionRepository completions;
    private final JobMetrics metrics;
    private final ObjectMapper json;
    private final List<Duration> backoff;
    /** Renews the claims of running jobs, so a job whose worker died is free again one claim-ttl later. */
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "job-claim-leases");
        thread.setDaemon(true);
        return thread;
    });

    public JobDispatcher(InvoiceService invoices, EmailService emails, ImageService images,
            JobOutcomePublisher outcomes, JobCompletionRepository completions, JobMetrics metrics, ObjectMapper json,
            WorkerConfig config) {
        route(JobKind.INVOICE, invoices);
        route(JobKind.EMAIL, emails);
        route(JobKind.IMAGE, images);
        this.outcomes = outcomes;
        this.completions = completions;
        this.metrics = metrics;
        this.json = json;
        this.backoff = List.copyOf(config.retry().backoff());
    }

    /** A job type and the handler that does its work. */
    private record Route<J>(JobKind<J> kind, JobHandler<J> handler) {
    }

    private <J> void route(JobKind<J> kind, JobHandler<J> handler) {
        routes.put(kind.type(), new Route<>(kind, handler));
    }

    /** Runs on a worker thread; returns once the delivery is settled with the broker. */
    public CompletionStage<Void> dispatch(JobType type, Message<byte[]> message) {
        Timer.Sample sample = metrics.start(type);
        try {
            process(routes.get(type), message);
            message.ack().toCompletableFuture().join();
        } catch (RuntimeException e) {
            reject(type, message, e);
        } finally {
            metrics.finish(type, sample);
        }
        return CompletableFuture.completedFuture(null);
    }

    private static void reject(JobType type, Message<byte[]> message, RuntimeException cause) {
        LOG.errorf(cause, "could not settle a %s job; rejecting it into %s", type.key(),
                Topology.deadLetterQueue(type));
        try {
            message.nack(cause).toCompletableFuture().join();
        } catch (RuntimeException e) {
            // The channel is gone: the delivery was never acked, so the broker redelivers it on recovery.
            LOG.warnf("could not reject a %s job either (%s); it will be redelivered", type.key(), describe(e));
        }
    }

    private <J> void process(Route<J> route, Message<byte[]> message) {
        JobKind<J> kind = route.kind();
        JobType type = kind.type();
        byte[] body = message.getPayload();
        int previousAttempts = previousAttempts(message);
        J job = parse(kind, body);
        UUID jobId = job == null ? null : kind.jobId(job);
        if (jobId == null) {
            String reason = "unparsable " + type.key() + " job: " + summary(body);
            outcomes.deadLetter(type, body, contentType(message), previousAttempts, reason);
            metrics.failed(type);
            metrics.deadLettered(type);
            LOG.warnf("dead-lettered a message from %s: %s", Topology.jobQueue(type), reason);
            return;
        }
        int attempt = previousAttempts + 1;
        boolean claimed = false;
        ScheduledFuture<?> lease = null;
        try {
            claimed = completions.claim(jobId, OWNER);
            if (claimed) {
                lease = renewWhileRunning(jobId);
            } else {
                // Another delivery of the same job runs right now: look again after the shortest delay.
                outcomes.retry(type, body, previousAttempts, "another delivery of this job is running",
                        backoff.get(0));
                metrics.retried(type);
                return;
            }
            JobCompletionRepository.Completion done = completions.find(jobId);
            if (done != null) {
                if (done.pendingOutcome() != null) {
                    LOG.infof("%s job %s already done; publishing its recorded outcome instead of redoing it",
                            type.key(), jobId);
                    publishOutcome(type, jobId, readOutcome(done.pendingOutcome()));
                } else {
                    LOG.infof("%s job %s already completed; acknowledging the repeated delivery", type.key(), jobId);
                }
                return;
            }
            List<Attachment> artifacts = route.handler().handle(job);
            JobCompleted outcome = new JobCompleted(JobCompleted.SCHEMA_VERSION, jobId, type, kind.reference(job),
                    artifacts, Instant.now());
            recordOutcome(type, outcome);
            publishOutcome(type, jobId, outcome);
            metrics.processed(type);
        } catch (PermanentJobException e) {
            giveUp(kind, job, body, attempt, e.getMessage());
        } catch (RuntimeException e) {
            String error = describe(e);
            if (attempt <= backoff.size()) {
                Duration delay = backoff.get(attempt - 1);
                LOG.warnf("%s job %s failed (attempt %d), retrying in %s: %s", type.key(), jobId, attempt, delay,
                        error);
                outcomes.retry(type, body, attempt, error, delay);
                metrics.retried(type);
            } else {
                giveUp(kind, job, body, attempt, "gave up after " + attempt + " attempts: " + error);
            }
        } finally {
            if (lease != null) {
                lease.cancel(false);
            }
            if (claimed) {
                releaseClaim(jobId);
            }
        }
    }

    private ScheduledFuture<?> renewWhileRunning(UUID jobId) {
        long period = completions.claimTtl().toMillis() / 3;
        return leases.scheduleAtFixedRate(() -> {
            try {
                if (!completions.renew(jobId, OWNER)) {
                    LOG.warnf("job %s ran past its claim, which another delivery may hold now", jobId);
                }
            } catch (RuntimeException e) {
                LOG.debugf("claim on job %s not renewed: %s", jobId, describe(e));
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopLeases() {
        leases.shutdownNow();
    }

    private <J> void giveUp(JobKind<J> kind, J job, byte[] body, int attempts, String reason) {
        JobType type = kind.type();
        UUID jobId = kind.jobId(job);
        LOG.warnf("%s job %s failed after %d attempt(s): %s", type.key(), jobId, attempts, reason);
        outcomes.failed(new JobFailed(JobFailed.SCHEMA_VERSION, jobId, type, kind.reference(job), reason, attempts,
                Instant.now()));
        outcomes.deadLetter(type, body, JobOutcomePublisher.JSON, attempts, reason);
        metrics.failed(type);
        metrics.deadLettered(type);
    }

    /**
     * The side effect happened: recorded before anything else can fail, so that a redelivery (the outcome's publish
     * failed, the worker died) publishes this outcome instead of doing the job again. If even Redis refuses, the
     * outcome is still published; only a failure of both could repeat the job.
     */
    private void recordOutcome(JobType type, JobCompleted outcome) {
        try {
            completions.recordOutcome(outcome.jobId(), json.writeValueAsString(outcome));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("%s job %s is done but its completion record was not stored: %s", type.key(), outcome.jobId(),
                    describe(e));
        }
    }

    /** Publishes with confirm, then shrinks the record to a marker (a Redis hiccup there only keeps it larger). */
    private void publishOutcome(JobType type, UUID jobId, JobCompleted outcome) {
        outcomes.completed(outcome);
        try {
            completions.markPublished(jobId);
        } catch (RuntimeException e) {
            LOG.debugf("%s job %s: outcome published, record not shrunk: %s", type.key(), jobId, describe(e));
        }
    }

    private JobCompleted readOutcome(String recorded) {
        try {
            return json.readValue(recorded, JobCompleted.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable completion record: " + describe(e), e);
        }
    }

    private void releaseClaim(UUID jobId) {
        try {
            completions.release(jobId);
        } catch (RuntimeException e) {
            LOG.debugf("claim on job %s not released, it expires by itself: %s", jobId, describe(e));
        }
    }

    private <J> J parse(JobKind<J> kind, byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readValue(body, kind.jobClass());
        } catch (IOException e) {
            return null;
        }
    }

    private static int previousAttempts(Message<byte[]> message) {
        return message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(metadata -> metadata.getHeaders().get(JobTopology.ATTEMPTS_HEADER))
                .filter(Number.class::isInstance)
                .map(value -> ((Number) value).intValue())
                .orElse(0);
    }

    private static String contentType(Message<byte[]> message) {
        return message.getMetadata(IncomingRabbitMQMetadata.class)
                .flatMap(IncomingRabbitMQMetadata::getContentType)
                .orElse("application/octet-stream");
    }

    private static String summary(byte[] body) {
        if (body == null || body.length == 0) {
            return "empty body";
        }
        return body.length + " bytes that are not a valid job document";
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() <= MAX_SUMMARY_CHARS ? message : message.substring(0, MAX_SUMMARY_CHARS);
    }
}
