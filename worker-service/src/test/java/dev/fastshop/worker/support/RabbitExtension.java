package dev.fastshop.worker.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RabbitTestClient} per {@code @QuarkusTest} class:
 * {@code @RegisterExtension static final RabbitExtension rabbit = new RabbitExtension();}. A static
 * {@code @RegisterExtension} field is registered after the class-level {@code QuarkusTestExtension}, so the client
 * connects once Quarkus has started (it reads the worker's config) and is closed after the class's tests.
 */
public final class RabbitExtension implements BeforeAllCallback, AfterAllCallback {

    private RabbitTestClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        client = new RabbitTestClient();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        // Null when connecting failed: that failure is the one to report.
        if (client != null) {
            client.close();
        }
    }

    public RabbitTestClient client() {
        if (client == null) {
            throw new IllegalStateException(
                    "not connected: register RabbitExtension on a static @RegisterExtension field");
        }
        return client;
    }
}
