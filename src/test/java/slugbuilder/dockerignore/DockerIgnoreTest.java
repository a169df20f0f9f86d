package slugbuilder.dockerignore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;

/**
 * The cases of moby/patternmatcher's own tests (patternmatcher_test.go: TestMatches with its
 * multi-pattern table, TestMatch — Go's filepath.Match table as moby adapted it —, TestCompile,
 * TestWildcardMatches and the exclusion tests; ignorefile/ignorefile_test.go: TestReadAll), plus
 * cases checked against the docker CLI (28.2.2, classic builder) by capturing the context tar
 * it sends. Pattern sets are written one pattern per " ; ".
 */
class DockerIgnoreTest {

    private static DockerIgnore ignore(String patterns) {
        return DockerIgnore.parse(String.join("\n", patterns.split(" ; ")));
    }

    @ParameterizedTest(name = "[{index}] {0}  on  {1}  -> {2}")
    @CsvSource(delimiterString = " => ", textBlock = """
            # patternmatcher_test.go TestMatches (moby asserts MatchesOrParentMatches and MatchesUsingParentResults)
            **                 => file                 => true
            **                 => file/                => true
            **/                => file                 => true
            **/                => file/                => true
            **                 => dir/file             => true
            **/                => dir/file             => true
            **                 => dir/file/            => true
            **/                => dir/file/            => true
            **/**              => dir/file             => true
            **/**              => dir/file/            => true
            dir/**             => dir/file             => true
            dir/**             => dir/file/            => true
            dir/**             => dir/dir2/file        => true
            dir/**             => dir/dir2/file/       => true
            **/dir             => dir                  => true
            **/dir             => dir/file             => true
            **/dir2/*          => dir/dir2/file        => true
            **/dir2/*          => dir/dir2/file/       => true
            **/dir2/**         => dir/dir2/dir3/file   => true
            **/dir2/**         => dir/dir2/dir3/file/  => true
            **file             => file                 => true
            **file             => dir/file             => true
            **/file            => dir/file             => true
            **file             => dir/dir/file         => true
            **/file            => dir/dir/file         => true
            **/file*           => dir/dir/file         => true
            **/file*           => dir/dir/file.txt     => true
            **/file*txt        => dir/dir/file.txt     => true
            **/file*.txt       => dir/dir/file.txt     => true
            **/file*.txt*      => dir/dir/file.txt     => true
            **/**/*.txt        => dir/dir/file.txt     => true
            **/**/*.txt2       => dir/dir/file.txt     => false
            **/*.txt           => file.txt             => true
            **/**/*.txt        => file.txt             => true
            a**/*.txt          => a/file.txt           => true
            a**/*.txt          => a/dir/file.txt       => true
            a**/*.txt          => a/dir/dir/file.txt   => true
            a/*.txt            => a/dir/file.txt       => false
            a/*.txt            => a/file.txt           => true
            a/*.txt**          => a/file.txt           => true
            a[b-d]e            => ae                   => false
            a[b-d]e            => ace                  => true
            a[b-d]e            => aae                  => false
            a[^b-d]e           => aze                  => true
            .*                 => .foo                 => true
            .*                 => foo                  => false
            abc.def            => abcdef               => false
            abc.def            => abc.def              => true
            abc.def            => abcZdef              => false
            abc?def            => abcZdef              => true
            abc?def            => abcdef               => false
            **/foo/bar         => foo/bar              => true
            **/foo/bar         => dir/foo/bar          => true
            **/foo/bar         => dir/dir2/foo/bar     => true
            abc/**             => abc                  => false
            abc/**             => abc/def              => true
            abc/**             => abc/def/ghi          => true
            **/.foo            => .foo                 => true
            **/.foo            => bar.foo              => false
            a(b)c/def          => a(b)c/def            => true
            a(b)c/def          => a(b)c/xyz            => false
            a.|)$(}+{bc        => a.|)$(}+{bc          => true
            dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl => dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl => true
            dist/*.whl         => dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl => true
            a\\\\              => a\\                  => true
            a\\*b              => a*b                  => true
            # TestMatches multiPatternTests
            ** ; !util/docker/web                       => util/docker/web/foo => false
            ** ; !util/docker/web ; util/docker/web/foo => util/docker/web/foo => true
            ** ; !dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl => dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl => false
            ** ; !dist/*.whl   => dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl => false
            # TestWildcardMatches, TestPatternMatches, the exclusion tests
            *                  => fileutils.go         => true
            *.go               => fileutils.go         => true
            !fileutils.go ; *.go => fileutils.go       => true
            docs ; !docs/README.md   => docs/README.md => false
            docs/ ; !docs/README.md  => docs/README.md => false
            docs/* ; !docs/README.md => docs/README.md => false
            *.go ; !fileutils.go     => fileutils.go   => false
            # TestMatch: Go's filepath.Match table, as moby runs it (valid patterns)
            abc                => abc                  => true
            *                  => abc                  => true
            *c                 => abc                  => true
            a*                 => a                    => true
            a*                 => abc                  => true
            a*                 => ab/c                 => true
            a*/b               => abc/b                => true
            a*/b               => a/c/b                => false
            a*b*c*d*e*/f       => axbxcxdxe/f          => true
            a*b*c*d*e*/f       => axbxcxdxexxx/f       => true
            a*b*c*d*e*/f       => axbxcxdxe/xxx/f      => false
            a*b*c*d*e*/f       => axbxcxdxexxx/fff     => false
            a*b?c*x            => abxbbxdbxebxczzx     => true
            a*b?c*x            => abxbbxdbxebxczzy     => false
            ab[c]              => abc                  => true
            ab[b-d]            => abc                  => true
            ab[e-g]            => abc                  => false
            ab[^c]             => abc                  => false
            ab[^b-d]           => abc                  => false
            ab[^e-g]           => abc                  => true
            a\\*b              => ab                   => false
            a?b                => a☺b                  => true
            a[^a]b             => a☺b                  => true
            a???b              => a☺b                  => false
            a[^a][^a][^a]b     => a☺b                  => false
            [a-ζ]*             => α                    => true
            *[a-ζ]             => A                    => false
            a?b                => a/b                  => false
            a*b                => a/b                  => false
            [\\]a]             => ]                    => true
            [\\-]              => -                    => true
            [x\\-]             => x                    => true
            [x\\-]             => -                    => true
            [x\\-]             => z                    => false
            [\\-x]             => x                    => true
            [\\-x]             => -                    => true
            [\\-x]             => a                    => false
            *x                 => xxx                  => true
            # exceptions: the last matching pattern wins
            *.md ; !README.md  => README.md            => false
            *.md ; !README.md  => CHANGES.md           => true
            !README.md ; *.md  => README.md            => true
            *.md ; !README*.md ; README-secret.md => README-secret.md => true
            *.md ; !README*.md ; README-secret.md => README-public.md => false
            # a path is excluded when it or a parent directory matches
            node_modules       => node_modules         => true
            node_modules       => node_modules/x/y.js  => true
            node_modules       => src/node_modules     => false
            */node_modules     => src/node_modules/x   => true
            tmp/*              => tmp                  => false
            tmp/*              => tmp/a/b/c            => true
            **/__pycache__     => app/x/__pycache__/y.pyc => true
            **/*.log           => debug.log            => true
            **/*.log           => logs/a/b/debug.log   => true
            # a leading / is removed, patterns are cleaned
            /build             => build                => true
            /build             => build/out.o          => true
            /build             => src/build            => false
            ./src/../build/    => build                => true
            /                  => anything             => false
            # checked against the docker CLI: ** in the middle needs the slashes
            a**b               => ab                   => true
            a**b               => ax/b                 => true
            a**b               => axb                  => false
            """)
    void matchesLikeMoby(String patterns, String path, boolean excluded) {
        DockerIgnore ignore = ignore(patterns);
        assertEquals(excluded, MobyMatcher.matchesOrParentMatches(ignore, path), "MatchesOrParentMatches");
        assertEquals(excluded, ignore.excludes(path), "the CLI's walk");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            # TestMatch's ErrBadPattern rows, and moby's TestMatchesWithMalformedPatterns
            []a]        => 1
            [-]         => 1
            [x-]        => 1
            [-x]        => 1
            \\          => 1
            [a-b-c]     => 1
            [           => 1
            [^          => 1
            [^bc        => 1
            a[          => 1
            # TestSingleExclamationError
            !           => 1
            # valid Go glob, but the regexp Docker builds does not compile (moby#52203)
            [Local-Only]/ => 1
            a\\q        => 1
            a\\1        => 1
            """)
    void rejectsBadPatterns(String pattern, int line) {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> DockerIgnore.parse(pattern));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(".dockerignore:" + line + ": bad pattern \""), e.getMessage());
    }

    @Test
    void namesTheLineOfABadPattern() {
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> DockerIgnore.parse("# deps\nnode_modules\n\n  src/[abc\n"));
        assertEquals(".dockerignore:4: bad pattern \"src/[abc\"", e.getMessage());
        assertTrue(e.hint().contains("unclosed ["), e.hint());

        SlugbuilderException bang =
                assertThrows(SlugbuilderException.class, () -> DockerIgnore.parse("a\r\nb\r\n ! \r\n"));
        assertEquals(".dockerignore:3: bad pattern \"!\"", bang.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            # patternmatcher_test.go compileTests (the "slash" variant)
            *            => regexp ^[^/]*$
            file*        => regexp ^file[^/]*$
            *file        => regexp ^[^/]*file$
            a*/b         => regexp ^a[^/]*/b$
            **           => suffix
            **/**        => regexp ^(.*/)?.*$
            dir/**       => prefix
            **/dir       => suffix
            **/dir2/*    => regexp ^(.*/)?dir2/[^/]*$
            **/dir2/**   => regexp ^(.*/)?dir2/.*$
            **file       => suffix
            **/file*txt  => regexp ^(.*/)?file[^/]*txt$
            **/**/*.txt  => regexp ^(.*/)?(.*/)?[^/]*\\.txt$
            a[b-d]e      => regexp ^a[b-d]e$
            .*           => regexp ^\\.[^/]*$
            abc.def      => exact
            abc?def      => regexp ^abc[^/]def$
            **/foo/bar   => suffix
            a(b)c/def    => exact
            a.|)$(}+{bc  => exact
            dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl => exact
            """)
    void compilesLikeMoby(String pattern, String compiled) {
        assertEquals(compiled, MobyMatcher.compiled(pattern));
    }

    @Test
    void readsTheFileLikeIgnorefileReadAll() {
        // ignorefile_test.go TestReadAll, without its two "!" lines (moby's New rejects those)
        String content = "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n";
        assertEquals(
                List.of("test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path"),
                DockerIgnore.parse(content).patterns());

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> DockerIgnore.parse(content + "!\n! "));
        assertTrue(e.getMessage().startsWith(".dockerignore:8: "), e.getMessage());
    }

    @Test
    void commentsOnlyWhenHashIsTheFirstCharacter() {
        DockerIgnore ignore = DockerIgnore.parse("#secret\n  #notes\n");
        assertEquals(List.of("#notes"), ignore.patterns());
        assertFalse(ignore.excludes("#secret"));
        assertTrue(ignore.excludes("#notes"));
    }

    @Test
    void toleratesCrlfBomAndGoWhitespace() {
        DockerIgnore ignore =
                DockerIgnore.parse("\uFEFF# comment\r\n\t.git \r\n\u00A0!  /a/../keep.txt\u00A0\r\nx\ry\n");
        assertEquals(List.of(".git", "!keep.txt", "x\ry"), ignore.patterns());
        assertTrue(ignore.excludes(".git/HEAD"));
        assertTrue(ignore.excludes("x\ry"), "a lone CR is no line break for Go's bufio.Scanner");
        assertFalse(ignore.excludes("x"));
    }

    @Test
    void readsTheAppsFile(@TempDir Path dir) throws IOException {
        assertEquals(List.of(), DockerIgnore.read(AppDir.open(dir)).patterns());
        assertFalse(DockerIgnore.read(AppDir.open(dir)).excludes("anything"));

        Files.write(
                dir.resolve(".dockerignore"),
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '#', 'x', '\n', 'l', 'o', 'g', '\n'});
        DockerIgnore ignore = DockerIgnore.read(AppDir.open(dir));
        assertEquals(List.of("log"), ignore.patterns());
        assertTrue(ignore.excludes("log/today"));
    }

    @ParameterizedTest(name = "[{index}] {0}  walk {1}  -> {2}")
    @CsvSource(delimiterString = " => ", textBlock = """
            node_modules                 => node_modules   => false
            node_modules                 => src            => true
            node_modules                 => .              => true
            docs ; !docs/README.md       => docs           => true
            docs ; !docs/*.md            => docs           => true
            a ; !a/b/c                   => a              => true
            a ; !a/b/c                   => a/b            => true
            a ; !a/b/c                   => a/x            => false
            * ; !src                     => src            => true
            * ; !src                     => lib            => false
            # the CLI compares the exception's text with the directory: a ** exception does not count
            node_modules ; !**/keep.txt  => node_modules   => false
            node_modules ; !*/keep.txt   => node_modules   => false
            # an exception that only starts with the same letters does not count
            node ; !node_modules/x       => node           => false
            # below a directory that is not walked, nothing is walked
            a ; !b                       => a/b            => false
            """)
    void walksLikeTheDockerCli(String patterns, String dir, boolean walk) {
        assertEquals(walk, ignore(patterns).mustWalk(dir));
    }

    @Test
    void whatIsNotWalkedIsExcludedEvenIfAnExceptionMatchesIt() {
        DockerIgnore ignore = ignore("node_modules ; !**/keep.txt");
        assertFalse(MobyMatcher.matchesOrParentMatches(ignore, "node_modules/keep.txt"));
        assertTrue(ignore.excludes("node_modules/keep.txt"));
        assertFalse(ignore.excludes("src/keep.txt"));
    }

    @Test
    void anExcludedDirectoryThatIsWalkedLosesOnlyItsOwnEntry() {
        DockerIgnore ignore = ignore("docs ; !docs/README.md");
        assertTrue(ignore.excludes("docs"));
        assertTrue(ignore.mustWalk("docs"));
        assertFalse(ignore.excludes("docs/README.md"));
        assertTrue(ignore.excludes("docs/other.md"));
    }

    @Test
    void theWalkCarriesParentResultsInsteadOfRecheckingParents() {
        // MatchesUsingParentResults, which the CLI's walk uses, does not re-check an exception
        // against the parents of a path an earlier pattern matched; MatchesOrParentMatches does.
        DockerIgnore ignore = ignore("a/b ; !a");
        assertFalse(MobyMatcher.matchesOrParentMatches(ignore, "a/b"));
        assertTrue(ignore.excludes("a/b"));
        assertFalse(ignore.excludes("a"));
    }

    @ParameterizedTest(name = "[{index}] {0}  on  {1}  -> {2}")
    @CsvSource(delimiterString = " => ", textBlock = """
            # Docker hands [...] and \\x to Go's regexp engine: checked against the docker CLI
            file\\d      => file1   => true
            file\\d      => filed   => false
            [!a]x        => !x      => true
            [!a]x        => ax      => true
            [!a]x        => bx      => false
            [a?]         => a]      => true
            [a?]         => a       => false
            [a?]         => ?       => false
            [*]          => *       => false
            [[:digit:]]x => 7x      => true
            a^*          => a^b     => false
            a^b          => a^b     => true
            """)
    void keepsDockersRegexpQuirks(String patterns, String path, boolean excluded) {
        assertEquals(excluded, ignore(patterns).excludes(path));
    }

    @Test
    void keepsTheBuildFilesInTheContextAsTheCliDoes() {
        DockerIgnore ignore = DockerIgnore.parse("Dockerfile\n.dockerignore\n.git\n");
        DockerIgnore kept = ignore.keepingBuildFiles("Dockerfile");
        assertEquals(List.of("Dockerfile", ".dockerignore", ".git", "!.dockerignore", "!Dockerfile"), kept.patterns());
        assertFalse(kept.excludes("Dockerfile"));
        assertFalse(kept.excludes(".dockerignore"));
        assertTrue(kept.excludes(".git/config"));
        assertTrue(ignore.excludes("Dockerfile"));

        DockerIgnore untouched = DockerIgnore.parse("*.log").keepingBuildFiles("Dockerfile");
        assertEquals(List.of("*.log"), untouched.patterns());

        // moby's deprecated Matches also checks the parent directory as deep as the pattern
        DockerIgnore nested = DockerIgnore.parse("deploy").keepingBuildFiles("deploy/docker/Dockerfile");
        assertEquals(List.of("deploy", "!deploy/docker/Dockerfile"), nested.patterns());
        assertTrue(nested.mustWalk("deploy"));
        assertFalse(nested.excludes("deploy/docker/Dockerfile"));
        assertTrue(nested.excludes("deploy/other"));
    }

    @Test
    void rejectsAbsolutePaths() {
        assertThrows(IllegalArgumentException.class, () -> ignore("x").excludes("/x"));
    }
}
