package dev.fastshop.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TopologyTest {

    @Test
    void namesQueuesAndRoutingKeysAfterTheJobType() {
        assertEquals("jobs.invoice", Topology.jobQueue(JobType.INVOICE));
        assertEquals("jobs.image.dlq", Topology.deadLetterQueue(JobType.IMAGE));
        assertEquals("job.completed.email", Topology.completedKey(JobType.EMAIL));
        assertEquals("job.failed.invoice", Topology.failedKey(JobType.INVOICE));
    }

    @Test
    void jobQueuesAreQuorumQueuesThatDeadLetterAtLeastOnce() {
        Map<String, Object> args = Topology.jobQueueArguments(JobType.EMAIL);
        assertEquals("quorum", args.get("x-queue-type"));
        assertEquals(Topology.JOBS_DEAD_LETTER_EXCHANGE, args.get("x-dead-letter-exchange"));
        assertEquals("email", args.get("x-dead-letter-routing-key"));
        // at-least-once dead-lettering is only honoured with reject-publish overflow
        assertEquals("at-least-once", args.get("x-dead-letter-strategy"));
        assertEquals("reject-publish", args.get("x-overflow"));
    }
}
