package dev.fastshop.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * Starts the two stand-in upstreams on free ports and a self-signed TLS certificate for the h2 tests, and points
 * the gateway at them. Rate-limit keys get a per-run prefix so repeated runs never share buckets in Redis.
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String KEYSTORE_PASSWORD = "test-only";

    private static Vertx vertx;
    public static EchoUpstream catalog;
    public static EchoUpstream order;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        catalog = new EchoUpstream(vertx, "catalog");
        order = new EchoUpstream(vertx, "order");
        catalog.start();
        order.start();
        Path keystore = selfSignedKeystore();
        return Map.ofEntries(
                Map.entry("quarkus.stork.catalog.service-discovery.address-list", catalog.url()),
                Map.entry("quarkus.stork.order.service-discovery.address-list", order.url()),
                Map.entry("quarkus.http.ssl.certificate.key-store-file", keystore.toString()),
                Map.entry("quarkus.http.ssl.certificate.key-store-password", KEYSTORE_PASSWORD),
                Map.entry("gateway.rate-limit.key-prefix", "fastshop:gateway:test:" + UUID.randomUUID() + ":"));
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** A throw-away certificate made with the JDK's keytool, so no key material lives in the repository. */
    private static Path selfSignedKeystore() {
        try {
            Path dir = Files.createTempDirectory("gateway-tls");
            Path keystore = dir.resolve("gateway.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "gateway",
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
                    keystore.toString(), "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            dir.toFile().deleteOnExit();
            keystore.toFile().deleteOnExit();
            return keystore;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
