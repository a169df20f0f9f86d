package slugbuilder.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The app's current git commit, for the slug's {@code commit} and {@code commit_description}. */
public record GitInfo(String commit, String description) {

    /** Empty when the directory is not a git repository (or git is missing): both fields are optional. */
    public static Optional<GitInfo> of(Path appDir) {
        Optional<String> commit = git(appDir, "rev-parse", "--verify", "HEAD");
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GitInfo(commit.get(), git(appDir, "log", "-1", "--format=%s").orElse("")));
    }

    private static Optional<String> git(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
