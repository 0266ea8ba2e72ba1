package dev.fastshop.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The four built jars running together, as production runs them (profile prod), against the real PostgreSQL, Redis
 * and RabbitMQ of this machine (databases *_e2e, vhost fastshop-e2e, Redis database 4) and a real SMTP server. Started
 * once for all black-box tests of the run ({@code @ExtendWith(Stack.Extension.class)}), stopped after the last.
 */
final class Stack implements ExtensionContext.Store.CloseableResource {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    final List<ServiceProcess> services = new ArrayList<>();
    final Map<String, ServiceProcess> byName = new LinkedHashMap<>();
    final GreenMail smtp;
    final TestTokens tokens;
    final String gateway;

    private Stack() throws Exception {
        // Absolute: under podman the services read these files at the same paths, mounted read-only.
        tokens = new TestTokens(Path.of("target", "e2e-keys").toAbsolutePath());
        smtp = new GreenMail(new ServerSetup(ServiceProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();

        int catalogPort = ServiceProcess.freePort();
        int orderPort = ServiceProcess.freePort();
        Map<String, String> env = new HashMap<>();
        String pg = System.getenv("FASTSHOP_PG_HOST") + ":" + System.getenv("FASTSHOP_PG_PORT");
        env.put("CATALOG_DB_URL", "postgresql://" + pg + "/catalog_e2e");
        env.put("CATALOG_DB_JDBC_URL", "jdbc:postgresql://" + pg + "/catalog_e2e");
        env.put("ORDER_DB_URL", "postgresql://" + pg + "/orders_e2e");
        env.put("ORDER_DB_JDBC_URL", "jdbc:postgresql://" + pg + "/orders_e2e");
        env.put("REDIS_URL", "redis://" + System.getenv("FASTSHOP_REDIS_HOST") + ":"
                + System.getenv("FASTSHOP_REDIS_PORT") + "/4");
        env.put("STATE_REDIS_URL", "redis://" + System.getenv("FASTSHOP_STATE_REDIS_HOST") + ":"
                + System.getenv("FASTSHOP_STATE_REDIS_PORT") + "/4");
        env.put("RABBITMQ_HOST", System.getenv("FASTSHOP_RABBITMQ_HOST"));
        env.put("RABBITMQ_PORT", System.getenv("FASTSHOP_RABBITMQ_PORT"));
        env.put("RABBITMQ_VHOST", "fastshop-e2e");
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
        env.put("JWT_PUBLIC_KEY_LOCATION", tokens.publicKeyPem.toString());
        env.put("ORDER_SERVICE_KEY_LOCATION", tokens.orderServiceKeyPem.toString());
        env.put("CATALOG_JWT_KEYS_LOCATION", tokens.catalogTrustJwks.toString());
        env.put("CATALOG_URL", "http://127.0.0.1:" + catalogPort);
        env.put("ORDER_URL", "http://127.0.0.1:" + orderPort);
        // %prod discovers upstreams through the Kubernetes API; outside a cluster the gateway uses static lists.
        env.put("GATEWAY_DISCOVERY", "static");
        env.put("GATEWAY_TLS_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");

        add("catalog", catalogPort, env);
        add("order", orderPort, env);
        add("worker", ServiceProcess.freePort(), env);
        add("gateway", ServiceProcess.freePort(), env);
        gateway = byName.get("gateway").baseUrl();
        try {
            for (ServiceProcess service : services) {
                service.start();
            }
            awaitAllReady();
        } catch (Exception | Error e) {
            // Nothing registers this stack for closing yet: stop what did start before giving up.
            try {
                close();
            } catch (RuntimeException | InterruptedException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    ServiceProcess service(String name) {
        return byName.get(name);
    }

    private void add(String name, int port, Map<String, String> shared) {
        Map<String, String> env = new HashMap<>(shared);
        int managementPort = ServiceProcess.freePort();
        String prefix = name.toUpperCase(Locale.ROOT);
        env.put(prefix + "_PORT", Integer.toString(port));
        env.put(prefix + "_MANAGEMENT_PORT", Integer.toString(managementPort));
        ServiceProcess service = new ServiceProcess(name, port, managementPort, env);
        services.add(service);
        byName.put(name, service);
    }

    /** Starts a service stopped by a test again, so that tests after it find the whole stack. */
    void restart(String name) throws Exception {
        ServiceProcess service = byName.get(name);
        if (!service.isAlive()) {
            service.start();
        }
        awaitAllReady();
    }

    private void awaitAllReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (ServiceProcess service : services) {
            while (!service.isReady()) {
                if (!service.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.name + " did not get ready:\n" + service.tail(40));
                }
                Thread.sleep(250);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess service : services) {
            service.stop();
        }
        smtp.stop();
    }

    /** Gives each test class the one stack of the run, started on first use. */
    static final class Extension implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("FASTSHOP_PG_HOST") != null,
                    "needs the real servers and secrets that ./fastshop test provides");
            String noImages = Images.unavailableReason();
            org.junit.jupiter.api.Assumptions.assumeTrue(noImages == null, noImages);
            current = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(Stack.class, key -> {
                        try {
                            return new Stack();
                        } catch (Exception e) {
                            throw new IllegalStateException("the stack did not start", e);
                        }
                    }, Stack.class);
        }
    }

    private static volatile Stack current;

    /** The running stack, in a class extended with {@link Extension}. */
    static Stack get() {
        return current;
    }
}
