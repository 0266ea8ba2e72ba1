package dev.fastshop.worker.service;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.fastshop.contracts.JobType;

/** The worker's meters, named as agreed in shared-api.md (the dashboard and alerts depend on these names). */
@ApplicationScoped
public class JobMetrics {

    private final MeterRegistry registry;
    private final Map<JobType, PerType> perType = new EnumMap<>(JobType.class);
    private final Map<String, AtomicLong> queueDepths = new ConcurrentHashMap<>();

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (JobType type : JobType.values()) {
            perType.put(type, new PerType(registry, type));
        }
    }

    private static final class PerType {
        final Counter processed;
        final Counter failed;
        final Counter retried;
        final Counter deadLettered;
        final Timer duration;
        final AtomicInteger inFlight = new AtomicInteger();

        PerType(MeterRegistry registry, JobType type) {
            Tags tags = Tags.of("type", type.key());
            processed = registry.counter("fastshop.jobs.processed", tags);
            failed = registry.counter("fastshop.jobs.failed", tags);
            retried = registry.counter("fastshop.jobs.retried", tags);
            deadLettered = registry.counter("fastshop.jobs.dead_lettered", tags);
            duration = Timer.builder("fastshop.jobs.duration").tags(tags).publishPercentileHistogram()
                    .register(registry);
            registry.gauge("fastshop.jobs.in_flight", tags, inFlight);
        }
    }

    public Timer.Sample start(JobType type) {
        perType.get(type).inFlight.incrementAndGet();
        return Timer.start(registry);
    }

    public void finish(JobType type, Timer.Sample sample) {
        PerType meters = perType.get(type);
        sample.stop(meters.duration);
        meters.inFlight.decrementAndGet();
    }

    public void processed(JobType type) {
        perType.get(type).processed.increment();
    }

    public void failed(JobType type) {
        perType.get(type).failed.increment();
    }

    public void retried(JobType type) {
        perType.get(type).retried.increment();
    }

    public void deadLettered(JobType type) {
        perType.get(type).deadLettered.increment();
    }

    public int inFlight() {
        return perType.values().stream().mapToInt(meters -> meters.inFlight.get()).sum();
    }

    public void queueDepth(String queue, long depth) {
        queueDepths.computeIfAbsent(queue,
                name -> registry.gauge("fastshop.jobs.queue_depth", Tags.of("queue", name), new AtomicLong()))
                .set(depth);
    }
}
