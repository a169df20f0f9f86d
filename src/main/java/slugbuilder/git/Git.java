package slugbuilder.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the {@code git} program in a directory and gives its output. Whatever git would answer
 * is asked of git itself (repository discovery, worktrees, includes), so slugbuilder reads no git
 * file on its own. Git is optional: when it is missing, fails or hangs, the answer is empty.
 */
public final class Git {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String executable;
    private final Path dir;

    /** git from the PATH, run in DIR ({@code git -C DIR}). */
    public static Git in(Path dir) {
        return new Git("git", dir);
    }

    /** EXECUTABLE instead of git from the PATH: tests name one that does not exist. */
    public Git(String executable, Path dir) {
        this.executable = Objects.requireNonNull(executable, "executable");
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** This runner in another directory. */
    public Git at(Path other) {
        return new Git(executable, other);
    }

    /** Git's standard output when it exits 0, as is; empty when git is missing, fails or takes over 10 s. */
    public Optional<String> output(String... args) {
        List<String> command = new ArrayList<>(List.of(executable, "-C", dir.toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            process.getOutputStream().close();
            // Read while waiting, so that neither a full pipe nor a hung git blocks past the timeout.
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String text = out.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return process.exitValue() == 0 ? Optional.of(text) : Optional.empty();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            return Optional.empty();
        }
    }

    /** Git's output stripped, when git exits 0 and prints something. */
    public Optional<String> line(String... args) {
        return output(args).map(String::strip).filter(text -> !text.isEmpty());
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "Git[" + executable + " -C " + dir + "]";
    }
}
