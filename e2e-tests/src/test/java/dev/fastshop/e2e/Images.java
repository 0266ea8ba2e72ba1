package dev.fastshop.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The black-box tests against the service images instead of the jars: with {@code FASTSHOP_E2E_IMAGE_TAG} set (the
 * tag {@code ./fastshop images} built, e.g. the commit), each service runs as {@code localhost/fastshop/<name>-service}
 * under podman with the chart's security context: uid and gid 185, read-only root filesystem with a tmpfs /tmp, every
 * capability dropped, no privilege escalation, the chart's memory limit. Host networking keeps the free ports the
 * stack chose; files the configuration names (keys, certificates) are mounted read-only where they are.
 */
final class Images {

    static final String TAG = blankToNull(System.getenv("FASTSHOP_E2E_IMAGE_TAG"));
    /** The chart's memory limits (helm/fastshop/values.yaml). */
    private static final Map<String, String> MEMORY = Map.of("gateway", "384m", "catalog", "512m", "order", "512m",
            "worker", "512m");

    private Images() {
    }

    /** podman here needs the containers.conf that {@code ./fastshop images} writes (runc, explicit ulimits). */
    static Map<String, String> podmanEnvironment() {
        Path conf = Path.of(System.getenv().getOrDefault("FASTSHOP_HOME", "../.fastshop"), "containers",
                "containers.conf").toAbsolutePath();
        return Files.isRegularFile(conf) ? Map.of("CONTAINERS_CONF", conf.toString()) : Map.of();
    }

    static List<String> runCommand(String name, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of("podman", "run", "--rm", "--replace", "--name", container(name),
                "--network", "host", "--user", "185:185", "--read-only", "--tmpfs", "/tmp:rw,size=64m",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--memory", MEMORY.get(name),
                "--pull", "never"));
        for (String key : env.keySet()) {
            command.add("--env");
            command.add(key);
        }
        // The passwords a jar would inherit from ./fastshop's environment (.fastshop/secrets.env).
        for (String key : secretNames()) {
            if (System.getenv(key) != null && !env.containsKey(key)) {
                command.add("--env");
                command.add(key);
            }
        }
        for (String directory : mountedDirectories(env)) {
            command.add("--volume");
            command.add(directory + ":" + directory + ":ro");
        }
        command.add("localhost/fastshop/" + name + "-service:" + TAG);
        return command;
    }

    /** podman stop: SIGTERM to the service in the container, SIGKILL after the grace period. */
    static void stop(String name) throws InterruptedException {
        try {
            ProcessBuilder builder = new ProcessBuilder("podman", "stop", "--time", "25", container(name))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(podmanEnvironment());
            Process stop = builder.start();
            stop.waitFor(40, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("podman stop " + container(name) + " failed", e);
        }
    }

    private static List<String> secretNames() {
        Path secrets = Path.of(System.getenv().getOrDefault("FASTSHOP_HOME", "../.fastshop"), "secrets.env");
        try {
            return Files.isRegularFile(secrets)
                    ? Files.readAllLines(secrets).stream()
                            .filter(line -> line.matches("[A-Z][A-Z0-9_]*=.*"))
                            .map(line -> line.substring(0, line.indexOf('=')))
                            .toList()
                    : List.of();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + secrets, e);
        }
    }

    private static String container(String name) {
        return "fastshop-e2e-" + name;
    }

    private static Set<String> mountedDirectories(Map<String, String> env) {
        Set<String> directories = new TreeSet<>();
        for (String value : env.values()) {
            Path path = Path.of(value);
            if (value.startsWith("/") && Files.isRegularFile(path)) {
                directories.add(path.getParent().toString());
            }
        }
        return directories;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
