package dev.fastshop.worker.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.store.FolderListener;
import com.icegreen.greenmail.user.GreenMailUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.fastshop.contracts.EmailJob;
import dev.fastshop.contracts.JobType;
import dev.fastshop.worker.support.BrokerProxyResource;
import dev.fastshop.worker.support.GreenMailResource;
import dev.fastshop.worker.support.Mailbox;
import dev.fastshop.worker.support.RabbitTestClient;
import dev.fastshop.worker.support.TestJobs;

/**
 * D10: the broker goes away after the email was sent and before its outcome was published ("Not connected"). The
 * job is redelivered when the broker is back; it must publish the recorded outcome, not send a second email.
 */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
@WithTestResource(BrokerProxyResource.class)
class BrokerOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration NO_SECOND_EMAIL_WINDOW = Duration.ofSeconds(5);
    private static final Duration BLIP = Duration.ofSeconds(1);
    private static final int IN_FLIGHT = 40;

    private static RabbitTestClient rabbit;

    @BeforeAll
    static void connect() {
        var config = ConfigProvider.getConfig();
        rabbit = BrokerProxyResource.directClient(config.getValue("rabbitmq-username", String.class),
                config.getValue("rabbitmq-password", String.class),
                config.getValue("rabbitmq-virtual-host", String.class));
    }

    @AfterAll
    static void close() throws Exception {
        BrokerProxyResource.restore();
        rabbit.close();
    }

    @Test
    void aBrokerOutageBetweenSendingAndPublishingSendsNoSecondEmail() throws Exception {
        String recipient = EmailJobTest.uniqueRecipient();
        EmailJob job = TestJobs.email(recipient, "%PDF-1.7 outage".getBytes(StandardCharsets.US_ASCII));
        // The moment GreenMail stores the email (inside the worker's SMTP transaction), the broker disappears: the
        // worker's next step, publishing the outcome, fails. It comes back a few seconds later.
        GreenMailUser user = GreenMailResource.smtp().setUser(recipient, recipient, "secret");
        GreenMailResource.smtp().getManagers().getImapHostManager().getInbox(user).addListener(new OnFirstMail(() -> {
            BrokerProxyResource.cut();
            CompletableFuture.delayedExecutor(OUTAGE.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(BrokerProxyResource::restore);
        }));

        rabbit.publishJob(JobType.EMAIL.key(), job);

        await().atMost(RECOVERY_TIMEOUT).until(() -> !rabbit.resultsFor(job.jobId()).isEmpty());
        await("exactly one email, also after the redelivery").during(NO_SECOND_EMAIL_WINDOW)
                .atMost(NO_SECOND_EMAIL_WINDOW.multipliedBy(2))
                .until(() -> Mailbox.messagesTo(recipient).size() == 1);
        assertEquals(1, Mailbox.messagesTo(recipient).size(), "exactly one email for one job");
    }

    /**
     * Jobs still running when the worker gets its broker back: their acks carry delivery tags of the closed channel.
     * Sent on the new channel, such an ack closed it, and the connector's restarts ended the consumer's stream for
     * good ({@code ./fastshop chaos broker-outage}: jobs left PENDING). The client's own recovery drops stale acks; the
     * broker redelivers those jobs, their completion records publish the outcomes, and the consumer goes on.
     */
    @Test
    void jobsRunningAcrossAnOutageEndOnceAndTheConsumerGoesOn() throws Exception {
        List<EmailJob> jobs = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            jobs.add(TestJobs.email(EmailJobTest.uniqueRecipient(),
                    ("%PDF-1.7 " + i).getBytes(StandardCharsets.US_ASCII)));
        }
        // The first email's SMTP transaction holds one job while the broker is away for a moment; the others run on.
        String first = jobs.get(0).to();
        GreenMailUser user = GreenMailResource.smtp().setUser(first, first, "secret");
        GreenMailResource.smtp().getManagers().getImapHostManager().getInbox(user).addListener(new OnFirstMail(() -> {
            BrokerProxyResource.cut();
            sleep(BLIP);
            BrokerProxyResource.restore();
        }));

        StaleAcks staleAcks = new StaleAcks();
        Logger.getLogger("").addHandler(staleAcks);
        try {
            jobs.forEach(job -> rabbit.publishJob(JobType.EMAIL.key(), job));
            assertEachEndsOnceAndTheConsumerGoesOn(jobs);
        } finally {
            Logger.getLogger("").removeHandler(staleAcks);
        }
        assertEquals(0, staleAcks.seen.get(), "acks sent with a delivery tag of the closed channel");
    }

    private static void assertEachEndsOnceAndTheConsumerGoesOn(List<EmailJob> jobs) {
        await("every job has an outcome").atMost(RECOVERY_TIMEOUT)
                .until(() -> jobs.stream().allMatch(job -> !rabbit.resultsFor(job.jobId()).isEmpty()));
        EmailJob after = TestJobs.email(EmailJobTest.uniqueRecipient(),
                "%PDF-1.7 after".getBytes(StandardCharsets.US_ASCII));
        rabbit.publishJob(JobType.EMAIL.key(), after);
        await("the consumer takes jobs after the outage").atMost(RECOVERY_TIMEOUT)
                .until(() -> !rabbit.resultsFor(after.jobId()).isEmpty());
        for (EmailJob job : jobs) {
            assertEquals(1, Mailbox.messagesTo(job.to()).size(), "exactly one email to " + job.to());
        }
    }

    /** Counts the broker's answer to an ack whose delivery tag belongs to a channel that is gone. */
    private static final class StaleAcks extends Handler {

        final AtomicInteger seen = new AtomicInteger();

        @Override
        public void publish(LogRecord record) {
            for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
                if (String.valueOf(cause.getMessage()).contains("unknown delivery tag")) {
                    seen.incrementAndGet();
                    return;
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class OnFirstMail implements FolderListener {

        private final Runnable action;
        private boolean fired;

        OnFirstMail(Runnable action) {
            this.action = action;
        }

        @Override
        public synchronized void added(int msn) {
            if (!fired) {
                fired = true;
                action.run();
            }
        }

        @Override
        public void expunged(int msn) {
        }

        @Override
        public void flagsUpdated(int msn, jakarta.mail.Flags flags, Long uid) {
        }

        @Override
        public void mailboxDeleted() {
        }
    }
}
