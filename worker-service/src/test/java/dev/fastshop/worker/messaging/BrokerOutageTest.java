package dev.fastshop.worker.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
