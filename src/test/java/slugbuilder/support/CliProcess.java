package slugbuilder.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged jar run as a user runs it, in its own process, so tests can signal it like a terminal would. */
public final class CliProcess {
    private static final Path JAR = Path.of("target", "slugbuilder.jar").toAbsolutePath();
    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private CliProcess(Process process) {
        this.process = process;
        this.outReader = reader(process.getInputStream(), out);
        this.errReader = reader(process.getErrorStream(), err);
    }

    public static CliProcess start(String... args) {
        return start(Map.of(), args);
    }

    /** With ENV added to (or, for a null value, removed from) this process's environment. */
    public static CliProcess start(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        try {
            return new CliProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to completion (at most TIMEOUT). */
    public static CliProcess run(Duration timeout, String... args) {
        return run(timeout, Map.of(), args);
    }

    /** Runs to completion (at most TIMEOUT) with ENV as in {@link #start(java.util.Map, String...)}. */
    public static CliProcess run(Duration timeout, Map<String, String> env, String... args) {
        CliProcess cli = start(env, args);
        cli.waitFor(timeout);
        return cli;
    }

    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("slugbuilder did not end within " + timeout + "; stderr:\n" + err());
            }
            outReader.join(5000);
            errReader.join(5000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** Waits until stdout or stderr has a line containing TEXT. */
    public void awaitOutput(String text, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (out().contains(text) || err().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(
                        "slugbuilder ended (" + process.exitValue() + ") before printing \"" + text + "\":\n" + err());
            }
            sleep(100);
        }
        throw new AssertionError("no \"" + text + "\" within " + timeout + "; stderr:\n" + err());
    }

    /** Sends a signal by name (INT as Ctrl-C does, TERM as a service manager does). */
    public void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String out() {
        synchronized (out) {
            return String.join("\n", out);
        }
    }

    public String err() {
        synchronized (err) {
            return String.join("\n", err);
        }
    }

    private static Thread reader(InputStream stream, List<String> into) {
        Thread thread = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (into) {
                        into.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
