package slugbuilder.badinput;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import slugbuilder.detect.PlatformCatalog;
import slugbuilder.support.CliRun;
import slugbuilder.support.NobodyCli;

/**
 * Every case under {@code fixtures/bad} (format: fixtures/bad/README.md) through the real command
 * line: the exit code and the first stderr line are exactly the expected ones, the error is one
 * line with at most one hint after it, nothing else is printed, and nothing is left behind.
 * DOCKER_HOST points at a socket that does not exist, so no case can reach a real engine: a case
 * whose error comes only after the engine is contacted fails here with "cannot reach a Docker
 * engine" instead (or is skipped, when its {@code pending} file says it is known to).
 */
class BadInputCorpusTest {
    static final Path CORPUS = Path.of("fixtures", "bad").toAbsolutePath();
    static final String NO_ENGINE = "unix:///nonexistent/slugbuilder-bad-input-corpus.sock";
    static final int MINIMUM_CASES = 40;
    private static final Pattern NEWEST = Pattern.compile("\\{newest:([a-z]+)}");

    private static String savedDockerHost;
    /** The CLI as nobody, for cases whose files root could read through their mode; made on first use. */
    private static NobodyCli nobody;

    @BeforeAll
    static void noEngine() {
        savedDockerHost = System.getProperty("DOCKER_HOST");
        System.setProperty("DOCKER_HOST", NO_ENGINE);
    }

    @AfterAll
    static void restoreEngine() {
        if (savedDockerHost == null) {
            System.clearProperty("DOCKER_HOST");
        } else {
            System.setProperty("DOCKER_HOST", savedDockerHost);
        }
    }

    @AfterAll
    static void removeNobodyClassPath() throws IOException {
        if (nobody != null) {
            nobody.close();
        }
    }

    /** One directory of the corpus. */
    record Case(
            String name, Path dir, String command, int exitCode, String firstLine, List<String> setup, String pending) {
        static Case load(Path dir) {
            String name = dir.getFileName().toString();
            List<String> expected = lines(dir.resolve("expected"));
            List<String> command = lines(dir.resolve("command"));
            if (command.size() != 1 || command.get(0).isBlank()) {
                throw new IllegalStateException(name + "/command must be one non-blank line");
            }
            if (expected.size() != 2
                    || !expected.get(0).matches("\\d{1,3}")
                    || !expected.get(1).startsWith("error: ")) {
                throw new IllegalStateException(
                        name + "/expected must be two lines: an exit code and a line starting with 'error: '");
            }
            Path setup = dir.resolve("setup");
            Path pending = dir.resolve("pending");
            return new Case(
                    name,
                    dir,
                    command.get(0),
                    Integer.parseInt(expected.get(0)),
                    expected.get(1),
                    Files.exists(setup) ? lines(setup) : List.of(),
                    Files.exists(pending) ? String.join(" ", lines(pending)).strip() : null);
        }

        String[] args(Path app, Path tmp) {
            return Stream.of(command.strip().split(" +"))
                    .map(arg -> fill(arg, app, tmp))
                    .toArray(String[]::new);
        }

        String expectedFirstLine(Path app, Path tmp) {
            Matcher m = NEWEST.matcher(fill(firstLine, app, tmp));
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(
                        out,
                        Matcher.quoteReplacement(
                                PlatformCatalog.builtIn().inventory(m.group(1)).newest()));
            }
            return m.appendTail(out).toString();
        }

        private static String fill(String text, Path app, Path tmp) {
            return text.replace("{app}", app.toString()).replace("{tmp}", tmp.toString());
        }
    }

    static List<Case> corpus() {
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            return dirs.filter(Files::isDirectory).sorted().map(Case::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<String> caseNames() {
        return corpus().stream().map(Case::name);
    }

    @Test
    void theCorpusHasEnoughLiveCases() {
        List<Case> all = corpus();
        long live = all.stream().filter(c -> c.pending() == null).count();
        assertTrue(
                live >= MINIMUM_CASES,
                "only " + live + " cases run today (of " + all.size() + "); at least " + MINIMUM_CASES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void failsWithOneClearLine(String name, @TempDir Path scratch) throws IOException, InterruptedException {
        Case c = Case.load(CORPUS.resolve(name));
        Path app = scratch.resolve("app");
        Path tmp = Files.createDirectories(scratch.resolve("tmp"));
        Setup setup = Setup.prepare(c, app);
        Map<String, String> before = snapshot(app);
        Set<String> tempBefore = slugbuilderTemp();

        CliRun run;
        setup.lock();
        try {
            run = setup.asNobody()
                    ? nobodyCli(scratch, tmp).run(NO_ENGINE, c.args(app, tmp))
                    : CliRun.of(c.args(app, tmp));
        } finally {
            setup.unlock();
        }

        if (c.pending() != null
                && run.exitCode() == 4
                && run.firstErrLine().startsWith("error: cannot reach a Docker engine at " + NO_ENGINE)) {
            Assumptions.abort("pending: " + c.pending());
        }
        String expected = c.expectedFirstLine(app, tmp);
        List<String> err = run.err().lines().toList();
        assertAll(
                c.name(),
                () -> assertEquals(expected, run.firstErrLine(), "first stderr line; all of stderr:\n" + run.err()),
                () -> assertEquals(c.exitCode(), run.exitCode(), "exit code; stderr:\n" + run.err()),
                () -> assertTrue(
                        err.size() <= 2 && (err.size() < 2 || err.get(1).startsWith("hint: ")),
                        "one error line and at most one hint line:\n" + run.err()),
                () -> assertFalse(
                        err.stream().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception")),
                        "a stack trace or an exception's name:\n" + run.err()),
                () -> assertEquals("", run.out(), "stdout"),
                () -> assertEquals(before, snapshot(app), "the app directory changed"),
                () -> assertEquals(tempBefore, slugbuilderTemp(), "slugbuilder* entries in java.io.tmpdir"));
    }

    /**
     * The CLI as nobody, with the scratch directory open to it (JUnit makes it private to root)
     * and {@code {tmp}} writable by it: only the case's own {@code unreadable} files stop it.
     */
    private static NobodyCli nobodyCli(Path scratch, Path tmp) throws IOException {
        String unavailable = NobodyCli.unavailableReason();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        if (nobody == null) {
            nobody = NobodyCli.prepare();
        }
        return nobody;
    }

    /** What {@code setup} asks for: structure before the snapshot, permissions only around the run. */
    private static final class Setup {
        private final List<Path> locked = new ArrayList<>();
        private final Map<Path, Set<PosixFilePermission>> modes = new LinkedHashMap<>();

        static Setup prepare(Case c, Path app) throws IOException {
            Setup setup = new Setup();
            Path source = c.dir().resolve("app");
            boolean fileApp = c.setup().contains("app-is-a-file");
            boolean noApp = c.setup().contains("app-missing") || c.setup().contains("app-symlink-loop");
            if (fileApp) {
                Files.writeString(app, "not a directory\n");
            } else if (!noApp) {
                Files.createDirectories(app);
                if (Files.isDirectory(source)) {
                    copyTree(source, app);
                }
            }
            for (String line : c.setup()) {
                String directive = line.strip();
                if (directive.isEmpty() || directive.startsWith("#")) {
                    continue;
                }
                String[] words = directive.split(" +");
                switch (words[0]) {
                    case "app-is-a-file", "app-missing" -> {}
                    case "app-symlink-loop" -> Files.createSymbolicLink(app, app.getFileName());
                    case "symlink" -> Files.createSymbolicLink(app.resolve(words[1]), Path.of(words[2]));
                    case "fill" ->
                        Files.write(
                                app.resolve(words[1]),
                                (words[2].replace("\\n", "\n") + "x".repeat(Integer.parseInt(words[3])) + "\n")
                                        .getBytes(StandardCharsets.UTF_8));
                    case "many" -> {
                        StringBuilder lines = new StringBuilder();
                        String value = "x".repeat(Integer.parseInt(words[4]));
                        for (int n = 0; n < Integer.parseInt(words[2]); n++) {
                            lines.append(words[3])
                                    .append(n)
                                    .append('=')
                                    .append(value)
                                    .append('\n');
                        }
                        Files.writeString(app.resolve(words[1]), lines);
                    }
                    case "unreadable" -> setup.locked.add(app.resolve(words[1]).normalize());
                    default -> throw new IllegalStateException(c.name() + "/setup: unknown directive " + directive);
                }
            }
            return setup;
        }

        /** Root reads through any mode, so a case with unreadable files runs as nobody under root. */
        boolean asNobody() {
            return !locked.isEmpty() && NobodyCli.isRoot();
        }

        void lock() throws IOException {
            for (Path path : locked) {
                modes.put(path, Files.getPosixFilePermissions(path));
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("---------"));
                if (!asNobody() && Files.isReadable(path)) {
                    unlock();
                    Assumptions.abort("chmod 000 does not stop this user (root?) from reading " + path);
                }
            }
        }

        void unlock() throws IOException {
            for (Map.Entry<Path, Set<PosixFilePermission>> mode : modes.entrySet()) {
                Files.setPosixFilePermissions(mode.getKey(), mode.getValue());
            }
            modes.clear();
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path dest = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(path, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    /** Every entry under PATH (or PATH itself when it is not a directory): its kind and content. */
    static Map<String, String> snapshot(Path path) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return entries;
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            entries.put(".", describe(path));
            return entries;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                entries.put(path.relativize(p).toString(), describe(p));
            }
        }
        return entries;
    }

    private static String describe(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return "link " + Files.readSymbolicLink(p);
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return "dir";
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
                    + sha256(Files.readAllBytes(p));
        }
        return "other";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> slugbuilderTemp() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("slugbuilder"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
