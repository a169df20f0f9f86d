package slugbuilder.engine.docker;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The engine's unix socket, when it can be told without reading docker-java's config: DOCKER_HOST
 * names one, or nothing names any host and the default socket is meant. Anything docker-java
 * would read beyond that (a context, its properties file, a TCP host) leaves the choice to it.
 */
final class EngineAddress {
    static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

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
        return Optional.of(DEFAULT_SOCKET);
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
