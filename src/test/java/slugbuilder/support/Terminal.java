package slugbuilder.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The packaged jar run on a real terminal: a tmux pane, which answers terminal queries (a
 * cursor position request from redis-cli's line editor) as a user's terminal does, and lets a
 * test type and read the screen. Each instance has its own tmux server, ended by {@link #close}.
 */
public final class Terminal implements AutoCloseable {
    private static final Path JAR = Path.of("target", "slugbuilder.jar").toAbsolutePath();
    private final String socket = "slugbuilder-it-" + UUID.randomUUID();
    private final Path exitFile;

    private Terminal(Path exitFile) {
        this.exitFile = exitFile;
    }

    /** Starts slugbuilder ARGS with ENV added to this process's environment, in a 200x50 pane. */
    public static Terminal start(Path scratch, Map<String, String> env, String... args) {
        Terminal terminal = new Terminal(scratch.resolve("exit-" + UUID.randomUUID()));
        StringBuilder command = new StringBuilder("env");
        env.forEach((k, v) -> command.append(' ').append(quote(k + "=" + v)));
        command.append(" java -jar ").append(quote(JAR.toString()));
        for (String arg : args) {
            command.append(' ').append(quote(arg));
        }
        // the exit code goes to a file: the pane closes with the command, and its server with it
        command.append("; echo $? > ").append(quote(terminal.exitFile.toString()));
        terminal.tmux("new-session", "-d", "-x", "200", "-y", "50", "bash", "-c", command.toString());
        return terminal;
    }

    /** Waits until the screen shows TEXT; returns the screen. */
    public String await(String text, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String screen = "";
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(exitFile)) {
                throw new AssertionError("slugbuilder ended before the screen showed \"" + text + "\":\n" + screen);
            }
            screen = screen();
            if (screen.contains(text)) {
                return screen;
            }
            sleep(100);
        }
        throw new AssertionError("no \"" + text + "\" on the screen within " + timeout + ":\n" + screen);
    }

    /** Types LINE and Enter (as bytes: tmux would take a trailing ';' for its own command separator). */
    public void type(String line) {
        List<String> keys = new ArrayList<>(List.of("send-keys", "-t", "0", "-H"));
        for (byte b : (line + "\r").getBytes(StandardCharsets.UTF_8)) {
            keys.add(String.format(Locale.ROOT, "%02x", b));
        }
        tmux(keys.toArray(String[]::new));
    }

    /** Waits for slugbuilder to end; returns its exit code. */
    public int exitCode(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                String code = Files.readString(exitFile, StandardCharsets.UTF_8).strip();
                if (!code.isEmpty()) {
                    return Integer.parseInt(code);
                }
            } catch (IOException notYet) {
                // the command is still running
            }
            sleep(100);
        }
        throw new AssertionError("slugbuilder did not end within " + timeout + ":\n" + screen());
    }

    /** The pane's text, with its scrollback; empty once the pane is gone. */
    public String screen() {
        return tmux("capture-pane", "-p", "-J", "-S", "-500", "-t", "0");
    }

    @Override
    public void close() {
        tmux("kill-server");
    }

    private String tmux(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("tmux is needed for terminal tests (apt-get install tmux)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
