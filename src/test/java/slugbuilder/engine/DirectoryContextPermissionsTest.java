package slugbuilder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unreadable files and directories in the build context, as a user they are unreadable to: the
 * walk runs in a child JVM ({@link ContextWalkMain}) started as {@code nobody} through
 * {@code setpriv} when the tests run as root (root reads everything), as the current user
 * otherwise. The classes it needs are copied under /tmp, where nobody can read them.
 */
class DirectoryContextPermissionsTest {
    private static final int NOBODY = 65534;
    private static Path scratch;
    private static String classPath;

    @BeforeAll
    static void copyClassPath() throws IOException {
        scratch = Files.createTempDirectory(Path.of("/tmp"), "context-permissions-test-");
        List<String> entries = new ArrayList<>();
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int i = 0;
        for (String entry : testClassPath.split(File.pathSeparator)) {
            Path source = Path.of(entry);
            boolean needed =
                    Files.isDirectory(source) || source.getFileName().toString().startsWith("commons-");
            if (needed && Files.exists(source)) {
                Path copy = scratch.resolve("cp" + i++ + (Files.isDirectory(source) ? "" : ".jar"));
                copyTree(source, copy);
                entries.add(copy.toString());
            }
        }
        classPath = String.join(File.pathSeparator, entries);
        openUp(scratch);
    }

    @AfterAll
    static void removeScratch() throws IOException {
        if (scratch != null) {
            try (Stream<Path> all = Files.walk(scratch)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.setPosixFilePermissions(
                            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
                    Files.delete(p);
                }
            }
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result walkAsAnotherUser(Path app) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            Path setpriv = Path.of("/usr/bin/setpriv");
            assumeTrue(Files.isExecutable(setpriv), "running as root without setpriv: no user here that a chmod stops");
            command.addAll(List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                ContextWalkMain.class.getName(),
                app.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .directory(scratch.toFile())
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), output);
    }

    private static boolean isRoot() throws IOException {
        return Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
    }

    private static Path app(String name) throws IOException {
        Path app = Files.createDirectories(scratch.resolve(name));
        Files.writeString(app.resolve("index.js"), "x");
        Files.createDirectories(app.resolve("lib"));
        Files.writeString(app.resolve("lib/a.js"), "a");
        return app;
    }

    @Test
    void anExcludedUnreadableDirectoryIsNotEntered() throws Exception {
        Path app = app("excluded");
        Files.writeString(app.resolve(".dockerignore"), "private\n");
        Files.createDirectories(app.resolve("private"));
        Files.writeString(app.resolve("private/key"), "k");
        openUp(app);
        Files.setPosixFilePermissions(app.resolve("private"), PosixFilePermissions.fromString("---------"));

        assertEquals(new Result(0, "sent"), walkAsAnotherUser(app));
    }

    @Test
    void anUnreadableDirectoryTheContextNeedsIsNamed() throws Exception {
        Path app = app("dir");
        // an exception below it means docker walks it: so does slugbuilder
        Files.writeString(app.resolve(".dockerignore"), "private\n!private/keep\n");
        Files.createDirectories(app.resolve("private"));
        openUp(app);
        Files.setPosixFilePermissions(app.resolve("private"), PosixFilePermissions.fromString("---------"));

        assertEquals(new Result(3, "error: private: permission denied"), walkAsAnotherUser(app));
    }

    @Test
    void anUnreadableFileIsNamedUnlessItIsExcluded() throws Exception {
        Path app = app("file");
        Files.writeString(app.resolve("lib/secret.pem"), "s");
        openUp(app);
        Files.setPosixFilePermissions(app.resolve("lib/secret.pem"), PosixFilePermissions.fromString("---------"));
        assertEquals(new Result(3, "error: lib/secret.pem: permission denied"), walkAsAnotherUser(app));

        Files.writeString(app.resolve(".dockerignore"), "**/*.pem\n");
        Files.setPosixFilePermissions(app.resolve(".dockerignore"), PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(new Result(0, "sent"), walkAsAnotherUser(app));
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : all.toList()) {
                Files.copy(p, target.resolve(source.relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** World-readable (and searchable): the unprivileged user must be stopped only where a test says so. */
    private static void openUp(Path top) throws IOException {
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
