package slugbuilder.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The sample apps under fixtures/apps, copied to a scratch directory before a test writes into them. */
public final class Fixtures {
    public static final Path ROOT = Path.of("fixtures").toAbsolutePath();
    public static final Path APPS = ROOT.resolve("apps");
    public static final Path GOLDEN = ROOT.resolve("golden");
    /** Apps that ship on the container path: their own Dockerfile per process type. */
    public static final Path CONTAINER_APPS = ROOT.resolve("container-apps");

    private Fixtures() {}

    public static List<String> appNames() {
        try (Stream<Path> dirs = Files.list(APPS)) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh copy of fixtures/apps/NAME inside SCRATCH. */
    public static Path copy(String name, Path scratch) {
        return copy(APPS, name, scratch);
    }

    /** A fresh copy of FOLDER/NAME (e.g. fixtures/container-apps/three-types) inside SCRATCH. */
    public static Path copy(Path folder, String name, Path scratch) {
        Path source = folder.resolve(name);
        Path target = scratch.resolve(name);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path dest = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(path, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Writes FILES (name, content, name, content, ...) into a new app directory under SCRATCH. */
    public static Path app(Path scratch, String... files) {
        Path dir = scratch.resolve("app-" + System.nanoTime());
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < files.length; i += 2) {
                Path file = dir.resolve(files[i]);
                Files.createDirectories(file.getParent());
                Files.writeString(file, files[i + 1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Runs git in DIR as a fixed test author and returns its output; fails the test when git fails. */
    public static String git(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(
                List.of("git", "-C", dir.toString(), "-c", "user.name=t", "-c", "user.email=t@example.com"));
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new AssertionError(String.join(" ", command) + ": " + out);
            }
            return out;
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    /** Runs {@code init} on APP with the locally built stack, as a user would; fails the test when it fails. */
    public static void init(Path app) {
        CliRun init = CliRun.of("init", "--stack", Engine.BUILD_STACK, app.toString());
        assertEquals(0, init.exitCode(), init.err());
    }
}
