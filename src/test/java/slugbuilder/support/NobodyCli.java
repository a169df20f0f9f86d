package slugbuilder.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import slugbuilder.cli.Main;

/**
 * The real CLI in a child JVM started as {@code nobody} through {@code setpriv}: root reads
 * through {@code chmod 000}, so a test of an unreadable file needs a user the mode stops. The
 * test class path is copied under /tmp, where nobody can read it (root's ~/.m2 is closed to
 * others). Not named slugbuilder*: the bad-input corpus checks that no such entry is left in /tmp.
 */
public final class NobodyCli implements AutoCloseable {
    public static final int NOBODY = 65534;
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private final Path scratch;
    private final String classPath;

    private NobodyCli(Path scratch, String classPath) {
        this.scratch = scratch;
        this.classPath = classPath;
    }

    /** Whether this JVM runs as root, which no file mode stops. */
    public static boolean isRoot() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why this machine cannot run the CLI as nobody, or null when it can. */
    public static String unavailableReason() {
        return Files.isExecutable(SETPRIV) ? null : "running as root without " + SETPRIV + ": no user a chmod stops";
    }

    /** Copies the test class path where nobody can read it. */
    public static NobodyCli prepare() throws IOException {
        Path scratch = Files.createTempDirectory(Path.of("/tmp"), "cli-as-nobody-");
        List<String> entries = new ArrayList<>();
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int i = 0;
        for (String entry : testClassPath.split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.exists(source)) {
                Path copy = scratch.resolve("cp" + i++ + (Files.isDirectory(source) ? "" : ".jar"));
                copyTree(source, copy);
                entries.add(copy.toString());
            }
        }
        openUp(scratch);
        return new NobodyCli(scratch, String.join(File.pathSeparator, entries));
    }

    /** Runs slugbuilder ARGS as nobody, with DOCKER_HOST set to DOCKER_HOST, input from /dev/null. */
    public CliRun run(String dockerHost, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                SETPRIV.toString(),
                "--reuid=" + NOBODY,
                "--regid=" + NOBODY,
                "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(scratch.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("DOCKER_HOST", dockerHost);
        Process process = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String out = readAll(process.getInputStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("slugbuilder as nobody did not end within 60 s");
        }
        return new CliRun(process.exitValue(), out, err.join());
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(scratch)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : all.toList()) {
                Files.copy(p, target.resolve(source.relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** World-readable (and searchable), so nobody can load every class. */
    public static void openUp(Path top) throws IOException {
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
