package slugbuilder.engine.docker;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The engine's unix socket, when it can be told without reading docker-java's config: DOCKER_HOST
 * names one, or nothing names any host and the default socket is meant. Anything docker-java
 * would read beyond that (a context, its properties file, a TCP host) leaves the choice to it.
 */
final class EngineAddress {
    static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
    static final Path PODMAN_SYSTEM_SOCKET = Path.of("/run/podman/podman.sock");

    private EngineAddress() {}

    /** From this process's settings. */
    static Optional<Path> unixSocket() {
        return unixSocket(EngineAddress::setting, Path.of(System.getProperty("user.home")));
    }

    /** A setting as docker-java reads it: a system property overrides the environment. */
    static String setting(String name) {
        return System.getProperty(name, System.getenv(name));
    }

    static Optional<Path> unixSocket(UnaryOperator<String> settings, Path home) {
        return unixSocket(settings, home, Files::exists);
    }

    /**
     * EXISTS tells which sockets are there. With nothing named, Docker's own socket, else the
     * first of Podman's (the user's, then the system's) and rootless Docker's that is there, as
     * people run those engines; else Docker's, which an error then names.
     */
    static Optional<Path> unixSocket(UnaryOperator<String> settings, Path home, Predicate<Path> exists) {
        String host = settings.apply("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            if (!host.startsWith("unix://")) {
                return Optional.empty();
            }
            try {
                String path = URI.create(host).getPath();
                return path == null || path.isEmpty() ? Optional.empty() : Optional.of(Path.of(path));
            } catch (IllegalArgumentException malformed) {
                return Optional.empty(); // docker-java's config reports it, as an engine that cannot be reached
            }
        }
        String context = settings.apply("DOCKER_CONTEXT");
        if (context != null && !context.isBlank() && !context.equals("default")) {
            return Optional.empty();
        }
        if (matches(configFile(settings, home), CURRENT_CONTEXT)
                || Files.exists(home.resolve(".docker-java.properties"))) {
            return Optional.empty();
        }
        return Optional.of(
                candidates(settings).stream().filter(exists).findFirst().orElse(DEFAULT_SOCKET));
    }

    /** Where an engine's socket is looked for when nothing names one, in order. */
    static List<Path> candidates(UnaryOperator<String> settings) {
        List<Path> candidates = new ArrayList<>(List.of(DEFAULT_SOCKET));
        String runtime = settings.apply("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            candidates.add(Path.of(runtime, "podman", "podman.sock"));
        }
        candidates.add(PODMAN_SYSTEM_SOCKET);
        if (runtime != null && !runtime.isBlank()) {
            candidates.add(Path.of(runtime, "docker.sock")); // rootless Docker
        }
        return candidates;
    }

    /**
     * A note for a socket found in place of Docker's own (SOCKET is not it): which engine it is
     * likely to be, and how to choose another.
     */
    static String foundInstead(Path socket) {
        String engine = socket.toString().contains("podman") ? "Podman's socket" : "rootless Docker's socket";
        return "no engine at " + DEFAULT_SOCKET + "; using " + engine + " unix://" + socket
                + " (DOCKER_HOST chooses another)";
    }

    /** The Docker CLI's config file ($DOCKER_CONFIG/config.json, else ~/.docker/config.json). */
    static Path configFile() {
        return configFile(EngineAddress::setting, Path.of(System.getProperty("user.home")));
    }

    private static final Pattern CURRENT_CONTEXT = Pattern.compile("\"currentContext\"");

    private static Path configFile(UnaryOperator<String> settings, Path home) {
        String configDir = settings.apply("DOCKER_CONFIG");
        return (configDir == null || configDir.isBlank() ? home.resolve(".docker") : Path.of(configDir))
                .resolve("config.json");
    }

    private static boolean matches(Path file, Pattern pattern) {
        try {
            return Files.isRegularFile(file)
                    && pattern.matcher(Files.readString(file, StandardCharsets.UTF_8))
                            .find();
        } catch (IOException e) {
            return true; // unreadable: docker-java decides, and reports it
        }
    }
}
