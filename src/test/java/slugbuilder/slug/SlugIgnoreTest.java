package slugbuilder.slug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * .slugignore with gitignore's semantics. The table of {@link #CASES} is checked twice: against
 * the expected answers written next to each path, and against {@code git check-ignore} run on a
 * real repository holding those paths with the patterns as its .gitignore.
 */
class SlugIgnoreTest {

    /**
     * Pattern sets ("patterns:" lines, one pattern per " ; ") each followed by paths (a trailing /
     * makes a directory) and whether they are excluded. Includes the peers' bug cases: GNU tar -X
     * matches nothing for /tmp and logs/, and gets *.log, docs/**, **, a/** /b wrong or partly.
     */
    private static final String CASES = """
            patterns: /tmp
              tmp/                      true
              tmp/cache/x.txt           true
              a/tmp/                    false
              a/tmp/y                   false
              tmpfile                   false
              tmp.txt                   false
            patterns: logs/
              logs/                     true
              logs/app.log              true
              a/logs/                   true
              a/logs/x                  true
              b/logs                    false
              logsx/y                   false
            patterns: *.log
              app.log                   true
              a/b/c.log                 true
              x.log/                    true
              x.log/inner.txt           true
              log                       false
              a.logx                    false
              .log                      true
            patterns: docs/**/*.md
              docs/a.md                 true
              docs/x/y/b.md             true
              docs/x/c.txt              false
              other/docs/a.md           false
              README.md                 false
            patterns: **/node_modules
              node_modules/             true
              node_modules/a/index.js   true
              x/node_modules/b.js       true
              x/y/node_modules          true
              x/node_modules_old/c      false
            patterns: a/**/b
              a/b                       true
              a/x/b                     true
              a/x/y/b/z                 true
              x/a/b                     false
              a/bb                      false
              ab/b                      false
            patterns: foo/*
              foo/x                     true
              foo/d/y                   true
              foo/                      false
              a/foo/x                   false
            patterns: doc/** ; /build/ ; *.tmp
              doc/                      false
              doc/a/                    true
              doc/a/b                   true
              build/                    true
              build/out.o               true
              src/build/                false
              src/build/x               false
              build.gradle              false
              cache/x.tmp               true
            patterns: ?at.txt ; [abc].txt ; [!a-c]z ; *.[oa]
              cat.txt                   true
              hat.txt                   true
              at.txt                    false
              d/bat.txt                 true
              a.txt                     true
              d.txt                     false
              az                        false
              dz                        true
              lib.a                     true
              lib.o                     true
              lib.so                    false
            patterns: a/*/c ; /x/y/
              a/b/c                     true
              a/b/d/c                   false
              a/c                       false
              x/y/                      true
              x/y/z                     true
              q/x/y/                    false
            patterns: \\#hash ; \\!bang ; # a comment ; trail   ; sp\\<SP>
              #hash                     true
              !bang                     true
              trail                     true
              trail   x                 false
              sp                        false
              sp<SP>                    true
            patterns: x**y ; **/deep/** ; [[:digit:]]*
              xay                       true
              xa/y                      false
              a/deep/b                  true
              deep/b/c                  true
              deep/                     false
              1st                       true
              first                     false
            patterns: héllo* ; h?llo ; 世界/
              héllo-世界.txt             true
              hello                     true
              hallo                     true
              héllo2/                   true
              世界/                     true
              世界/a.txt                true
              a/世界                    false
            patterns: /*.js ; \\*star ; lib/[^a]*.css
              index.js                  true
              lib/index.js              false
              *star                     true
              xstar                     false
              lib/b.css                 true
              lib/a.css                 false
              lib/x/b.css               false
            patterns: /a**/.a ; docs/ab**/x
              a/.a                      true
              a/tmp/.a                  true
              ab/c/.a                   true
              b/a/.a                    false
              docs/ab/x                 true
              docs/ab/c/x               true
              docs/abc/x                true
              docs/a/x                  false
            patterns: */
              d/                        true
              d/x                       true
              file                      false
            patterns: **
              anything                  true
              a/b/c                     true
            """;

    private record Case(String patterns, String path, boolean directory, boolean expected) {}

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String patterns = null;
        for (String line : CASES.lines().toList()) {
            if (line.startsWith("patterns: ")) {
                patterns =
                        String.join("\n", line.substring("patterns: ".length()).split(" ; "));
                continue;
            }
            String trimmed = line.strip();
            int space = trimmed.lastIndexOf(' ');
            String path = trimmed.substring(0, space).strip().replace("<SP>", " ");
            boolean expected = Boolean.parseBoolean(trimmed.substring(space + 1));
            boolean dir = path.endsWith("/");
            cases.add(new Case(
                    patterns.replace("<SP>", " "), dir ? path.substring(0, path.length() - 1) : path, dir, expected));
        }
        return cases;
    }

    @Test
    void matchesTheExpectedAnswers() {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 40, "at least 40 cases, got " + cases.size());
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            boolean actual = SlugIgnore.parse(c.patterns).excludes(c.path, c.directory);
            if (actual != c.expected) {
                wrong.add(c + " -> " + actual);
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** Every case against git itself: the patterns as .gitignore, the paths created on disk. */
    @Test
    void agreesWithGitCheckIgnore(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(gitAvailable(), "git is not installed");
        Map<String, List<Case>> bySet = new LinkedHashMap<>();
        for (Case c : cases()) {
            bySet.computeIfAbsent(c.patterns, k -> new ArrayList<>()).add(c);
        }
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        int set = 0;
        for (Map.Entry<String, List<Case>> entry : bySet.entrySet()) {
            Path repo = tmp.resolve("repo" + set++);
            Files.createDirectories(repo);
            git(repo, null, "init", "-q");
            Files.writeString(repo.resolve(".gitignore"), entry.getKey() + "\n");
            ByteArrayOutputStream stdin = new ByteArrayOutputStream();
            for (Case c : entry.getValue()) {
                Path p = repo.resolve(c.path);
                if (c.directory) {
                    Files.createDirectories(p);
                } else {
                    Files.createDirectories(p.getParent());
                    if (!Files.exists(p)) {
                        Files.createFile(p);
                    }
                }
                stdin.writeBytes(c.path.getBytes(StandardCharsets.UTF_8));
                stdin.write(0);
            }
            String out = git(repo, stdin.toByteArray(), "check-ignore", "--no-index", "-v", "-n", "-z", "--stdin");
            // -v -n -z: source NUL line NUL pattern NUL path NUL, with empty fields for no match
            String[] fields = out.split("\0", -1);
            Map<String, Boolean> ignored = new HashMap<>();
            for (int i = 0; i + 3 < fields.length; i += 4) {
                ignored.put(fields[i + 3], !fields[i].isEmpty());
            }
            SlugIgnore ignore = SlugIgnore.parse(entry.getKey());
            for (Case c : entry.getValue()) {
                Boolean byGit = ignored.get(c.path);
                boolean ours = ignore.excludes(c.path, c.directory);
                if (byGit == null || byGit != ours) {
                    disagreements.add("patterns " + entry.getKey().replace("\n", " ; ") + " path " + c.path
                            + (c.directory ? "/" : "") + ": git " + byGit + ", slugbuilder " + ours);
                }
                checked++;
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(checked >= 40, "checked " + checked);
    }

    private static boolean gitAvailable() {
        try {
            Process p = new ProcessBuilder("git", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String git(Path dir, byte[] stdin, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("git", "-c", "core.excludesFile=/dev/null", "-c", "core.quotePath=false"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        String out;
        try (InputStream o = p.getInputStream()) {
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        // check-ignore exits 1 when nothing is ignored; that is an answer, not a failure
        assertTrue(
                p.exitValue() == 0 || p.exitValue() == 1, "git " + String.join(" ", args) + " exited " + p.exitValue());
        return out;
    }

    // ---- the file format ----

    @Test
    void negationIsAnErrorNamingItsLine() {
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> SlugIgnore.parse("# keep docs out\n*.md\n!README.md\n"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(".slugignore:3: "), e.getMessage());
        assertTrue(e.getMessage().contains("!README.md"), e.getMessage());
        assertTrue(e.hint().contains("no exceptions"), e.hint());
    }

    @Test
    void commentsBlankLinesCrlfBomAndTrailingSpaces() {
        SlugIgnore ignore = SlugIgnore.parse("\uFEFF# comment\r\n\r\n   \r\n*.log   \r\n  spaced\r\n");
        assertEquals(List.of("*.log", "  spaced"), ignore.patterns());
        assertTrue(ignore.excludes("a/b.log", false));
        assertTrue(ignore.excludes("  spaced", false), "leading spaces are part of the pattern, as in git");
        assertFalse(ignore.excludes("spaced", false));
        assertFalse(ignore.excludes("# comment", false));
    }

    @Test
    void noneAndEmptyExcludeNothing() {
        assertFalse(SlugIgnore.none().excludes("anything", false));
        assertTrue(SlugIgnore.parse("\n# only comments\n").isEmpty());
        assertFalse(SlugIgnore.parse("*").excludes("", true), "the app root itself is never excluded");
    }

    @Test
    void pathsAreNormalizedAndTheMatchingPatternIsNamed() {
        SlugIgnore ignore = SlugIgnore.parse("*.md\n/tmp\n");
        assertTrue(ignore.excludes("./tmp/", true));
        assertTrue(ignore.excludes("/tmp/x", false));
        assertEquals(
                ".slugignore:2: /tmp",
                ignore.matchingPattern("tmp/cache/a", false).orElseThrow());
        assertEquals(
                ".slugignore:1: *.md",
                ignore.matchingPattern("docs/README.md", false).orElseThrow());
        assertTrue(ignore.matchingPattern("src/index.js", false).isEmpty());
    }

    /** The peers' bug cases, each stated plainly. */
    @ParameterizedTest(name = "{0} on {1} (dir {2}) -> {3}")
    @CsvSource(delimiterString = " | ", textBlock = """
            /tmp              | tmp/a.txt            | false | true
            /tmp              | lib/tmp/a.txt        | false | false
            logs/             | logs                 | true  | true
            logs/             | logs                 | false | false
            logs/             | srv/logs/x.log       | false | true
            *.log             | deep/er/x.log        | false | true
            docs/**/*.md      | docs/guide/a/b.md    | false | true
            **/node_modules   | web/node_modules/x   | false | true
            a/**/b            | a/b                  | false | true
            a/**/b            | a/1/2/3/b            | true  | true
            """)
    void peersBugCases(String pattern, String path, boolean dir, boolean expected) {
        assertEquals(expected, SlugIgnore.parse(pattern).excludes(path, dir));
    }

    @Test
    void malformedBracketsMatchNothingAsInGit() {
        assertFalse(SlugIgnore.parse("[abc").excludes("[abc", false));
        assertFalse(SlugIgnore.parse("[[:nope:]]").excludes("a", false));
        assertFalse(SlugIgnore.parse("foo\\").excludes("foo", false));
    }
}
