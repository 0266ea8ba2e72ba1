package dev.fastshop.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.IsRunningStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

import com.github.dockerjava.api.model.Capability;

/**
 * The black-box tests against the service images instead of the jars: with {@code FASTSHOP_E2E_IMAGE_TAG} set (the
 * tag {@code ./fastshop images} built, e.g. the commit), each service runs as {@code localhost/fastshop/<name>-service}
 * through Testcontainers — on Docker where {@code DOCKER_HOST} or the default socket says so, on podman's Docker API
 * that {@code ./fastshop test} starts otherwise — with the chart's security context: uid and gid 185, read-only root
 * filesystem with a tmpfs /tmp, every capability dropped, no privilege escalation, the chart's memory limit. Host
 * networking keeps the free ports the stack chose; files the configuration names (keys) are mounted read-only where
 * they are. Readiness is the stack's own check on the management port.
 */
final class Images {

    static final String TAG = blankToNull(System.getenv("FASTSHOP_E2E_IMAGE_TAG"));
    /** The chart's memory limits (helm/fastshop/values.yaml). */
    private static final Map<String, Long> MEMORY_MB = Map.of("gateway", 384L, "catalog", 512L, "order", 512L,
            "worker", 512L);
    private static final long MB = 1024 * 1024;

    private Images() {
    }

    /** Why the image tests cannot run here, or null when a container engine answers. */
    static String unavailableReason() {
        if (TAG == null) {
            return null;
        }
        return DockerClientFactory.instance().isDockerAvailable()
                ? null
                : "FASTSHOP_E2E_IMAGE_TAG is set but no Docker API answers (start Docker, or run through ./fastshop test"
                        + " with podman installed, which serves podman's Docker API)";
    }

    @SuppressWarnings("resource") // stopped by ServiceProcess.stop
    static GenericContainer<?> start(String name, Map<String, String> env, Path log) {
        GenericContainer<?> container = new GenericContainer<>(
                DockerImageName.parse("localhost/fastshop/" + name + "-service:" + TAG))
                .withNetworkMode("host")
                .withEnv(withSecrets(env))
                .withTmpFs(Map.of("/tmp", "rw,size=64m"))
                .withStartupCheckStrategy(new IsRunningStartupCheckStrategy())
                .withStartupTimeout(Duration.ofSeconds(30))
                .withCreateContainerCmdModifier(cmd -> cmd.withUser("185:185").getHostConfig()
                        .withReadonlyRootfs(true)
                        .withCapDrop(Capability.values())
                        .withSecurityOpts(List.of("no-new-privileges"))
                        .withMemory(MEMORY_MB.get(name) * MB));
        for (String value : env.values()) {
            Path path = Path.of(value);
            if (value.startsWith("/") && Files.isRegularFile(path)) {
                container.withFileSystemBind(path.getParent().toString(), path.getParent().toString(),
                        BindMode.READ_ONLY);
            }
        }
        container.start();
        container.followOutput(frame -> append(log, frame.getUtf8String()));
        return container;
    }

    /** The passwords a jar would inherit from ./fastshop's environment (.fastshop/secrets.env). */
    private static Map<String, String> withSecrets(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        Path secrets = Path.of(System.getenv().getOrDefault("FASTSHOP_HOME", "../.fastshop"), "secrets.env");
        try {
            if (Files.isRegularFile(secrets)) {
                for (String line : Files.readAllLines(secrets)) {
                    int equals = line.indexOf('=');
                    String key = equals > 0 ? line.substring(0, equals) : "";
                    if (key.matches("[A-Z][A-Z0-9_]*") && System.getenv(key) != null) {
                        all.putIfAbsent(key, System.getenv(key));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + secrets, e);
        }
        return all;
    }

    private static synchronized void append(Path log, String text) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
