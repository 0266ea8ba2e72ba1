package dev.fastshop.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.testcontainers.containers.GenericContainer;

/**
 * One built service running as a child process on a free port (and a free management port for /q/*), its output in
 * target/e2e-logs: the jar, or its image under podman when {@link Images#TAG} is set.
 */
final class ServiceProcess {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final int managementPort;
    private static final int FIRST_PORT = 20000;
    private static final int LAST_PORT = 32000;
    private static final Random RANDOM = new Random();
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private final Map<String, String> env;
    private Process process;
    private GenericContainer<?> container;

    ServiceProcess(String name, int port, int managementPort, Map<String, String> env) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.env = env;
    }

    /**
     * A port that is free now, below Linux's ephemeral range (32768 and up): a port the kernel hands out may be taken
     * by any outgoing connection before the service binds it ("Address already in use" at start, seen in CI). Never
     * the same port twice in one run.
     */
    static synchronized int freePort() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = FIRST_PORT + RANDOM.nextInt(LAST_PORT - FIRST_PORT);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                HANDED_OUT.add(socket.getLocalPort());
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IllegalStateException("no free port between " + FIRST_PORT + " and " + LAST_PORT);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    Path log() {
        return ROOT.resolve("e2e-tests/target/e2e-logs/" + name + ".log");
    }

    void start() throws IOException {
        Files.createDirectories(log().getParent());
        if (Images.TAG != null) {
            container = Images.start(name, env, log());
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(jarCommand())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(env);
        process = builder.start();
    }

    private List<String> jarCommand() {
        Path jar = ROOT.resolve(name + "-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw package)");
        }
        return List.of(javaBinary(), "-Xmx256m", "-jar", jar.toString());
    }

    boolean isReady() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean isAlive() {
        return container != null ? container.isRunning() : process != null && process.isAlive();
    }

    /** SIGTERM, then SIGKILL after the grace period: the same sequence Kubernetes uses. */
    void stop() throws InterruptedException {
        if (container != null) {
            if (container.isRunning()) {
                container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(25).exec();
            }
            container.stop();
            container = null;
            return;
        }
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
