package slugbuilder.stack;

import com.sun.security.auth.module.UnixSystem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** Runs Debian's debootstrap to make a minimal root filesystem. Needs root. */
final class Debootstrap {
    private Debootstrap() {}

    static void checkAvailable() {
        if (new UnixSystem().getUid() != 0) {
            throw new SlugbuilderException(
                    ExitCode.ENVIRONMENT,
                    "building a stack image needs root: debootstrap creates device nodes and files owned by root",
                    "run it as root (sudo slugbuilder stack build), or pull a stack image instead");
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "debootstrap"))) {
                return;
            }
        }
        if (Files.isExecutable(Path.of("/usr/sbin/debootstrap"))) {
            return;
        }
        throw new SlugbuilderException(
                ExitCode.ENVIRONMENT, "debootstrap is not installed", "install it: apt-get install debootstrap");
    }

    /**
     * Bootstraps SUITE from MIRROR into TARGET with PACKAGES; each progress line goes to PROGRESS.
     * CLEANUP stops debootstrap if slugbuilder is interrupted: the JVM does not end its children.
     */
    static void run(
            String suite,
            String mirror,
            List<String> packages,
            Path target,
            Consumer<String> progress,
            Cleanup cleanup) {
        List<String> command = new ArrayList<>(List.of(
                "debootstrap",
                "--variant=minbase",
                "--include=" + String.join(",", packages),
                suite,
                target.toString(),
                mirror));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin");
        List<String> tail = new ArrayList<>();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SlugbuilderException(
                    ExitCode.ENVIRONMENT,
                    "cannot run debootstrap: " + e.getMessage(),
                    "install it: apt-get install debootstrap",
                    e);
        }
        Cleanup.Action stop = cleanup.add("debootstrap", () -> {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                tail.add(line);
                if (tail.size() > 20) {
                    tail.remove(0);
                }
                if (isProgress(line)) {
                    progress.accept(line);
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                if (Cleanup.shuttingDown()) { // Ctrl-C stopped it too: its last words are no failure
                    throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted");
                }
                tail.forEach(progress);
                throw new SlugbuilderException(
                        ExitCode.ENVIRONMENT,
                        "debootstrap " + suite + " from " + mirror + " failed (exit " + exit + ")",
                        "the lines above are debootstrap's last words; check that the mirror is reachable (--mirror URL)");
            }
        } catch (IOException e) {
            throw new SlugbuilderException(ExitCode.ENVIRONMENT, "debootstrap failed: " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new SlugbuilderException(ExitCode.INTERRUPTED, "interrupted while running debootstrap");
        } finally {
            cleanup.runNow(stop);
        }
    }

    /** The lines worth a user's attention: the phases and any warning or error, not every package. */
    private static boolean isProgress(String line) {
        return line.startsWith("W:")
                || line.startsWith("E:")
                || line.matches(
                                "I: (Retrieving Release|Resolving dependencies|Checking component|Retrieving packages|Extracting packages|Installing core packages|Unpacking the base system|Configuring the base system|Base system installed).*")
                        && !line.matches("I: (Retrieving|Extracting|Validating|Unpacking|Configuring) [a-z0-9].*");
    }
}
