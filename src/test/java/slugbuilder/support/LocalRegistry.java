package slugbuilder.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real registry (Docker's distribution, Debian's docker-registry) on 127.0.0.1 with htpasswd
 * auth, started through scripts/registry.sh when it does not answer yet. Each instance has its
 * own port and storage, so a test may stop one without disturbing the others.
 */
public final class LocalRegistry {
    private static final Path SCRIPT = Path.of("scripts", "registry.sh").toAbsolutePath();

    /** The password scripts/registry.sh gives user "_": a test token, not a secret. */
    public static final String TOKEN = "slugbuilder-test-token";

    private final int port;
    private final String address;

    private LocalRegistry(int port, String address) {
        this.port = port;
        this.address = address;
    }

    /** The registry on PORT, started when it is not running. */
    public static LocalRegistry start(int port) {
        String address = script(port, "start").strip();
        if (!address.equals("127.0.0.1:" + port)) {
            throw new IllegalStateException("scripts/registry.sh printed " + address);
        }
        return new LocalRegistry(port, address);
    }

    /** "127.0.0.1:PORT", as --registry takes it. */
    public String address() {
        return address;
    }

    /** Where it keeps its repositories (blobs, uploads in progress, tags). */
    public Path storage() {
        return stateDir(port).resolve("storage");
    }

    private static Path stateDir(int port) {
        return Path.of("/tmp/registry-for-slugbuilder-tests-" + port);
    }

    /** Stops it and removes its storage. */
    public void stop() {
        script(port, "stop");
    }

    private static String script(int port, String action) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), action));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = builder.environment();
        env.put("SLUGBUILDER_REGISTRY_PORT", String.valueOf(port));
        env.put("SLUGBUILDER_REGISTRY_TOKEN", TOKEN);
        env.put("SLUGBUILDER_REGISTRY_DIR", stateDir(port).toString());
        try {
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("scripts/registry.sh " + action + " failed (exit "
                        + (process.isAlive() ? "none: still running" : process.exitValue()) + ")");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
