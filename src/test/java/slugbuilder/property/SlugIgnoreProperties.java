package slugbuilder.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import slugbuilder.slug.SlugIgnore;

/**
 * {@link SlugIgnore} against git itself: a random tree of files and directories is created in a
 * scratch repository, random patterns are written as its {@code .gitignore}, and for every path
 * the slug's decision must equal {@code git check-ignore --no-index}'s.
 *
 * <p>The subset compared is where docs/dialects.md says .slugignore means what .gitignore means:
 * {@code *}, {@code ?}, {@code **}, {@code [...]} classes (ranges, {@code !}/{@code ^} negation,
 * {@code [:alpha:]}), backslash escapes, a leading {@code /} anchoring to the root, a {@code /} in
 * the middle anchoring too, a trailing {@code /} for directories only, {@code #} comments, blank
 * lines, unescaped trailing spaces dropped, CRLF line ends and a UTF-8 byte-order mark. Left out:
 * {@code !} negation, which Heroku's .slugignore does not have (SlugIgnore refuses such a line;
 * a literal leading {@code !} is written {@code \!} and is compared), and symbolic links.
 */
class SlugIgnoreProperties {
    /** Names with the characters patterns treat specially (dots, brackets, '!', '#') and a two-byte one. */
    private static final List<String> NAMES =
            List.of("a", "b", "ab", "ba", "abc", ".a", "a.b", "x.log", "log", "tmp", "[a]", "!a", "#a", "\u00e9");
    /** Pattern pieces: plain names, wildcards, classes and escapes. */
    private static final List<String> PIECES = List.of(
            "a",
            "b",
            "ab",
            "ba",
            ".a",
            "a.b",
            "x.log",
            "log",
            "tmp",
            "[a]",
            "!a",
            "#a",
            "*",
            "?",
            "**",
            "*.log",
            "a*",
            "*a",
            ".*",
            "?b",
            "a?",
            "*b*",
            "[ab]",
            "[!a]",
            "[^b]",
            "[a-c]",
            "[[:alpha:]]",
            "[]a]",
            "[!]a]",
            "[a",
            "\\[a\\]",
            "\\#a",
            "\\!a",
            "\\*",
            "a\\",
            // wildmatch works on bytes, as git does: '?' does not match the two bytes of an 'é', '??' does
            "\u00e9",
            "??",
            "[\u00e9]",
            // '**' next to other characters is a plain '*'; odd classes
            "a**",
            "**.log",
            "***",
            "a**b",
            "[a-]",
            "[-a]",
            "[a-c-e]",
            "[[:digit:]]",
            "[[:bogus:]]",
            "[[:alpha:]",
            "[\\]]");

    private static Path repo;

    @BeforeContainer
    static void createRepository() throws Exception {
        repo = Files.createTempDirectory("jqwik-slugignore-");
        git(null, "init", "-q", "--template=");
    }

    @AfterContainer
    static void deleteRepository() throws IOException {
        if (repo != null) {
            deleteTree(repo);
        }
    }

    /** A tree of paths (relative path to whether it is a directory) and the ignore file's text. */
    record Case(Map<String, Boolean> tree, String gitignore) {}

    @Property(tries = 200)
    void excludesWhatGitIgnores(@ForAll("cases") Case example) throws Exception {
        Map<String, Boolean> tree = example.tree();
        String gitignore = example.gitignore();
        clearWorktree();
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        for (Map.Entry<String, Boolean> entry : tree.entrySet()) {
            Path path = repo.resolve(entry.getKey());
            if (entry.getValue()) {
                Files.createDirectories(path);
            } else {
                Files.createDirectories(path.getParent());
                Files.createFile(path);
            }
            stdin.writeBytes(entry.getKey().getBytes(StandardCharsets.UTF_8));
            stdin.write(0);
        }
        Files.writeString(repo.resolve(".gitignore"), gitignore);

        // -v -n -z: source NUL line NUL pattern NUL path NUL for every path, the first three empty when nothing matched
        String out = git(stdin.toByteArray(), "check-ignore", "--no-index", "-v", "-n", "-z", "--stdin");
        String[] fields = out.split("\0", -1);
        Map<String, String> byGit = new HashMap<>();
        for (int i = 0; i + 3 < fields.length; i += 4) {
            byGit.put(fields[i + 3], fields[i].isEmpty() ? "" : ".gitignore:" + fields[i + 1] + ": " + fields[i + 2]);
        }
        SlugIgnore ignore = SlugIgnore.parse(gitignore);
        Map<String, String> disagreements = new TreeMap<>();
        for (Map.Entry<String, Boolean> entry : tree.entrySet()) {
            String path = entry.getKey();
            String git = byGit.get(path);
            assertTrue(git != null, "git said nothing about " + path + ":\n" + out);
            boolean ours = ignore.excludes(path, entry.getValue());
            if (ours != !git.isEmpty()) {
                disagreements.put(
                        path + (entry.getValue() ? "/" : ""),
                        "git: " + (git.isEmpty() ? "kept" : "excluded by " + git) + "; SlugIgnore: "
                                + ignore.matchingPattern(path, entry.getValue())
                                        .map(p -> "excluded by " + p)
                                        .orElse("kept"));
            }
        }
        assertEquals(
                Map.of(),
                disagreements,
                () -> "patterns:\n" + gitignore.replace("\r", "\\r").replace("\uFEFF", "<BOM>"));
        long excluded = byGit.values().stream().filter(v -> !v.isEmpty()).count();
        Statistics.label("git excludes").collect(excluded == 0 ? "none" : excluded == tree.size() ? "all" : "some");
    }

    /** Guards the generators: most tries must mix excluded and kept paths, or agreeing would prove little. */
    @Property(tries = 200)
    void theGeneratedCasesAreInteresting(@ForAll("cases") Case example) {
        Map<String, Boolean> tree = example.tree();
        SlugIgnore ignore = SlugIgnore.parse(example.gitignore());
        long excluded = tree.entrySet().stream()
                .filter(e -> ignore.excludes(e.getKey(), e.getValue()))
                .count();
        Statistics.label("mix").collect(excluded == 0 ? "none" : excluded == tree.size() ? "all" : "some");
        Statistics.label("mix").coverage(checker -> {
            checker.check("some").percentage(p -> p >= 30);
            checker.check("none").percentage(p -> p >= 5);
        });
    }

    /** A random tree, and patterns built from the generic pieces and from the tree's own names, so that many match. */
    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<List<String>> paths =
                Arbitraries.of(NAMES).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<String> leaves = Combinators.combine(paths, Arbitraries.of(true, false))
                .as((names, dir) -> String.join("/", names) + (dir ? "/" : ""));
        return leaves.list()
                .ofMinSize(1)
                .ofMaxSize(14)
                .map(SlugIgnoreProperties::tree)
                .flatMap(tree -> ignoreFile(tree).map(text -> new Case(tree, text)));
    }

    private static Map<String, Boolean> tree(List<String> leaves) {
        Map<String, Boolean> tree = new TreeMap<>();
        for (String leaf : leaves) {
            boolean dir = leaf.endsWith("/");
            String path = dir ? leaf.substring(0, leaf.length() - 1) : leaf;
            String[] names = path.split("/");
            for (int i = 1; i < names.length; i++) {
                tree.put(String.join("/", Arrays.copyOfRange(names, 0, i)), true);
            }
            tree.merge(path, dir, Boolean::logicalOr);
        }
        return tree;
    }

    /** A .gitignore/.slugignore: patterns, comments and blank lines; LF or CRLF; sometimes a byte-order mark. */
    private static Arbitrary<String> ignoreFile(Map<String, Boolean> tree) {
        List<String> ownNames = tree.keySet().stream()
                .map(p -> p.substring(p.lastIndexOf('/') + 1))
                .map(n -> n.replaceAll("([\\[\\]*?\\\\])", "\\\\$1"))
                .distinct()
                .toList();
        Arbitrary<String> piece =
                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(PIECES)), Tuple.of(2, Arbitraries.of(ownNames)));
        Arbitrary<String> body = Arbitraries.oneOf(
                piece.list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("/", parts)),
                Arbitraries.of(List.copyOf(tree.keySet()))); // a whole path of the tree
        Arbitrary<String> patterns = Combinators.combine(
                        Arbitraries.integers().between(0, 9),
                        body,
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(0, 9))
                .as((lead, middle, trail, spaces) -> {
                    String pattern =
                            (lead < 3 ? "/" : "") + middle + (trail < 3 ? "/" : "") + (spaces == 0 ? "  " : "");
                    // a leading '!' is negation, which .slugignore has not: compare the escaped literal instead
                    return pattern.startsWith("!") ? "\\" + pattern : pattern;
                });
        Arbitrary<String> lines = Arbitraries.frequencyOf(
                Tuple.of(8, patterns), Tuple.of(1, Arbitraries.of("# a comment", "#*", "", "   ", "/", "**")));
        return Combinators.combine(
                        lines.list().ofMinSize(1).ofMaxSize(5),
                        Arbitraries.integers().between(0, 9))
                .as((all, style) -> (style == 0 ? "\uFEFF" : "")
                        + String.join(style < 3 ? "\r\n" : "\n", all)
                        + (style % 2 == 0 ? "\n" : ""));
    }

    private static void clearWorktree() throws IOException {
        try (Stream<Path> entries = Files.list(repo)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (!entry.getFileName().toString().equals(".git")) {
                    deleteTree(entry);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    /** Runs git in the scratch repository, with no user or system configuration, and returns its stdout. */
    private static String git(byte[] stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-c",
                "core.excludesFile=/dev/null",
                "-c",
                "core.quotePath=false",
                "-c",
                "core.ignoreCase=false"));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(repo.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        String out;
        try (InputStream stdout = p.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("git " + String.join(" ", args) + " did not finish");
        }
        // check-ignore exits 1 when nothing is ignored: an answer, not a failure
        if (p.exitValue() != 0 && p.exitValue() != 1) {
            throw new IllegalStateException("git " + String.join(" ", args) + " exited " + p.exitValue());
        }
        return out;
    }
}
