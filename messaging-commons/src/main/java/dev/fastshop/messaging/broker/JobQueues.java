package dev.fastshop.messaging.broker;

import java.util.HashMap;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;

import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Topology;

/** The declarations a publisher of jobs makes on every (re)connection, so no job is unroutable before a worker ran. */
public final class JobQueues {

    private JobQueues() {
    }

    /**
     * Declares a job type's queue with the arguments every declarer uses ({@link Topology#jobQueueArguments}) and binds
     * it to {@link Topology#JOBS_EXCHANGE}, which must exist. Idempotent.
     */
    public static Uni<Void> declare(RabbitMQClient broker, JobType type) {
        String queue = Topology.jobQueue(type);
        return broker.queueDeclare(queue, true, false, false,
                new JsonObject(new HashMap<>(Topology.jobQueueArguments(type))))
                .chain(() -> broker.queueBind(queue, Topology.JOBS_EXCHANGE, type.key()));
    }
}
