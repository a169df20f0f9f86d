package slugbuilder.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.support.Fixtures;

/** The Procfile table of docs/dialects.md, one row per case. */
class ProcfileTest {
    private static final String NAME_128 = "p".repeat(128);

    static Stream<Arguments> accepted() {
        return Stream.of(
                // line shape: the command is everything after the first ':' (trimmed)
                Arguments.of("web: npm start", "web", "npm start"),
                Arguments.of("web:npm start", "web", "npm start"),
                Arguments.of(
                        "web:   bundle exec puma -C config/puma.rb   ", "web", "bundle exec puma -C config/puma.rb"),
                Arguments.of("worker: celery -A app:celery worker", "worker", "celery -A app:celery worker"),
                Arguments.of(
                        "release: ./bin/migrate --url=http://db:5432/x",
                        "release",
                        "./bin/migrate --url=http://db:5432/x"),
                Arguments.of(
                        "web: java -Dserver.port=$PORT -jar app.jar", "web", "java -Dserver.port=$PORT -jar app.jar"),
                Arguments.of("web: bin/run # not a comment", "web", "bin/run # not a comment"),
                Arguments.of("web: echo \"a: b\" 'c'", "web", "echo \"a: b\" 'c'"),
                Arguments.of("  web: indented", "web", "indented"),
                Arguments.of("web : spaced", "web", "spaced"),
                // name charset [A-Za-z0-9_-]{1,128}
                Arguments.of("Web_2-x: cmd", "Web_2-x", "cmd"),
                Arguments.of("1: cmd", "1", "cmd"),
                Arguments.of("-: cmd", "-", "cmd"),
                Arguments.of(NAME_128 + ": cmd", NAME_128, "cmd"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("accepted")
    void acceptsProcessLines(String text, String name, String command) {
        Procfile procfile = Procfile.parse("Procfile", text + "\n");
        assertEquals(List.of(new Procfile.Entry(name, command, 1)), procfile.entries());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("my web: cmd", 1, "process type name \"my web\" contains a space"),
                Arguments.of("web.1: cmd", 1, "process type name \"web.1\" contains '.'"),
                Arguments.of("w\u00e9b: cmd", 1, "process type name \"w\u00e9b\" contains '\u00e9'"),
                Arguments.of("web\u00a0x: cmd", 1, "process type name \"web\u00a0x\" contains the character U+00A0"),
                // invisible characters are shown escaped: the message stays one line a terminal prints as it is
                Arguments.of(
                        "w\u001b[31mb: cmd", 1, "process type name \"w\\u001B[31mb\" contains the character U+001B"),
                Arguments.of(
                        "we\uFEFFb\tx: cmd",
                        1,
                        "process type name \"we\\uFEFFb\\u0009x\" contains the character U+FEFF"),
                Arguments.of(
                        "p".repeat(129) + ": cmd", 1, "process type name is 129 characters long; the limit is 128"),
                Arguments.of(": cmd", 1, "no process type name before ':'"),
                Arguments.of("web:", 1, "process type \"web\" has no command"),
                Arguments.of("web: \t ", 1, "process type \"web\" has no command"),
                Arguments.of("web npm start", 1, "no ':' after a process type name"),
                Arguments.of("web: a\nworker: b\nweb: c", 3, "process type \"web\" is defined twice, on lines 1 and 3"),
                Arguments.of(
                        "<<<<<<< HEAD\nweb: a\n=======\nweb: b\n>>>>>>> topic", 1, "git merge-conflict marker <<<<<<<"),
                Arguments.of("web: a\n=======", 2, "git merge-conflict marker ======="),
                Arguments.of("web: a\n>>>>>>> topic:branch", 2, "git merge-conflict marker >>>>>>>"),
                Arguments.of("web: a\n||||||| merged common ancestors", 2, "git merge-conflict marker |||||||"),
                Arguments.of("web: a\u0000b", 1, "contains a NUL byte"),
                Arguments.of("", 0, "defines no process type"),
                Arguments.of("# only\n\n   # comments\n", 0, "defines no process type"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("refused")
    void refusesWithFileLineAndHint(String text, int line, String problem) {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> Procfile.parse("Procfile", text));
        String where = line > 0 ? "Procfile:" + line : "Procfile";
        assertEquals(where + ": " + problem, e.getMessage());
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertNotNull(e.hint());
        assertFalse(e.hint().isBlank());
    }

    @Test
    void skipsCommentsAndBlankLinesButKeepsLineNumbers() {
        Procfile procfile =
                Procfile.parse("Procfile", "# processes\n\n   \n  # indented comment\nweb: a\n\nworker: b\n");
        assertEquals(
                List.of(new Procfile.Entry("web", "a", 5), new Procfile.Entry("worker", "b", 7)), procfile.entries());
    }

    @Test
    void duplicateHintSuggestsKeepingOne() {
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> Procfile.parse("Procfile", "web: a\nweb: b\n"));
        assertTrue(e.hint().contains("keep one of them"), e.hint());
    }

    @Test
    void namesAreCaseSensitive() {
        Procfile procfile = Procfile.parse("Procfile", "web: a\nWeb: b\n");
        assertEquals(Map.of("web", "a", "Web", "b"), procfile.processTypes());
    }

    @ParameterizedTest(name = "[{index}] line ending {0}")
    @ValueSource(strings = {"\r\n", "\n", "\r"})
    void acceptsAnyLineEnding(String eol) {
        Procfile procfile = Procfile.parse("Procfile", "web: a" + eol + eol + "worker: b" + eol);
        assertEquals(
                List.of(new Procfile.Entry("web", "a", 1), new Procfile.Entry("worker", "b", 3)), procfile.entries());
    }

    @Test
    void acceptsAByteOrderMarkInParse() {
        Procfile procfile = Procfile.parse("Procfile", "\uFEFFweb: a\r\n");
        assertEquals(Map.of("web", "a"), procfile.processTypes());
    }

    @Test
    void readsFromDiskWithBomAndCrlf(@TempDir Path scratch) {
        Path dir = Fixtures.app(scratch, "Procfile", "\uFEFFweb: bundle exec puma\r\nrelease: rake db:migrate\r\n");
        Procfile procfile = Procfile.read(AppDir.open(dir));
        assertEquals(
                List.of("web", "release"), List.copyOf(procfile.processTypes().keySet()));
        assertEquals("rake db:migrate", procfile.require("release").command());
    }

    @Test
    void missingProcfileIsABadInputWithAnExample(@TempDir Path scratch) {
        Path dir = Fixtures.app(scratch, "package.json", "{}");
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> Procfile.read(AppDir.open(dir)));
        assertEquals("Procfile: missing", e.getMessage());
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("create one with a line such as  web: npm start", e.hint());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Procfile.txt", "procfile"})
    void missingProcfileSuggestsRenamingANearMiss(String nearMiss, @TempDir Path scratch) {
        Path dir = Fixtures.app(scratch, nearMiss, "web: npm start\n");
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> Procfile.read(AppDir.open(dir)));
        assertEquals("Procfile: missing", e.getMessage());
        assertTrue(e.hint().startsWith("rename " + nearMiss + " to Procfile"), e.hint());
    }

    @Test
    void readErrorsNameTheLine(@TempDir Path scratch) {
        Path dir = Fixtures.app(scratch, "Procfile", "web: a\n\nworker\n");
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> Procfile.read(AppDir.open(dir)));
        assertEquals("Procfile:3: no ':' after a process type name", e.getMessage());
        assertEquals("write each process as  name: command, e.g.  web: npm start", e.hint());
    }

    @Test
    void findAndRequire() {
        Procfile procfile = Procfile.parse("Procfile", "web: a\nworker: b\nrelease: c\n");
        assertEquals(Optional.of(new Procfile.Entry("worker", "b", 2)), procfile.find("worker"));
        assertEquals(Optional.empty(), procfile.find("WORKER"));
        assertEquals(new Procfile.Entry("release", "c", 3), procfile.require("release"));
    }

    @Test
    void requireNamesTheFileAndListsWhatItHas() {
        Procfile procfile = Procfile.parse("Procfile", "web: a\nrelease: c\n");
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> procfile.require("worker"));
        assertEquals("Procfile: no process type \"worker\"; it defines web, release", e.getMessage());
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.hint().contains("worker: <command>"), e.hint());
    }

    @Test
    void processTypesKeepFileOrderAndAreReadOnly() {
        Procfile procfile = Procfile.parse("Procfile", "zeta: z\nalpha: a\nmid: m\n");
        Map<String, String> types = procfile.processTypes();
        assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(types.keySet()));
        assertEquals(List.of("z", "a", "m"), List.copyOf(types.values()));
        assertThrows(UnsupportedOperationException.class, () -> types.put("x", "y"));
        assertThrows(
                UnsupportedOperationException.class, () -> procfile.entries().clear());
    }

    @Test
    void refusesACommandLongerThanLinuxPassesAsOneArgument() {
        String longest = "x".repeat(ExecLimits.MAX_STRING_BYTES);
        assertEquals(
                longest,
                Procfile.parse("Procfile", "web: " + longest + "\n")
                        .require("web")
                        .command());

        // two bytes per 'é': one character fewer than half the limit still fits, one more does not
        String tooLong = "é".repeat(ExecLimits.MAX_STRING_BYTES / 2 + 1);
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> Procfile.parse("Procfile", "# big\nweb: ok\nworker: " + tooLong + "\n"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(
                "Procfile:3: the command of process type \"worker\" is 131072 bytes long; Linux passes at most 131071 bytes"
                        + " per argument to a process",
                e.getMessage());
        assertTrue(e.hint().contains("script"), e.hint());
    }

    @Test
    void formatsNameColonCommandLines() {
        Procfile procfile = Procfile.parse("Procfile", "# c\r\nweb:npm start\r\n\r\n  worker :  node q.js  \r\n");
        assertEquals("web: npm start\nworker: node q.js\n", procfile.format());
    }

    static Stream<String> roundTrips() {
        return Stream.of(
                "web: npm start",
                "\uFEFFweb: a\r\nworker: b\r\n",
                "# comment\n\nweb:    spaced    \n",
                "web: a:b:c\nrelease: ./x --flag=\"q: r\"\n",
                "z: 1\ny: 2\nx: 3\n",
                "web: sh -c 'echo $PORT; exec bin/server' # trailing\n",
                "worker-ok_1: python -c \"print('\u00e9')\"\n",
                NAME_128 + ": cmd\n");
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("roundTrips")
    void parseFormatParseRoundTrips(String text) {
        Procfile first = Procfile.parse("Procfile", text);
        Procfile second = Procfile.parse("Procfile", first.format());
        assertEquals(first.processTypes(), second.processTypes());
        assertEquals(first.format(), second.format());
    }

    @Test
    void anyInputEitherParsesOrFailsWithABadInputError() {
        Random random = new Random(20240601);
        String alphabet = "web:worker \t#\r\n\uFEFF\u0000<=>|-_.é💥:";
        for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int k = 0; k < length; k++) {
                text.appendCodePoint(alphabet.codePointAt(
                        alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            try {
                Procfile procfile = Procfile.parse("Procfile", text.toString());
                assertEquals(
                        procfile.processTypes(),
                        Procfile.parse("Procfile", procfile.format()).processTypes());
            } catch (SlugbuilderException e) {
                assertEquals(ExitCode.BAD_INPUT, e.exitCode());
                assertTrue(e.getMessage().startsWith("Procfile"), e.getMessage());
                assertNotNull(e.hint());
            } catch (RuntimeException e) {
                fail("input " + text.toString().replace("\u0000", "\\0") + " threw " + e);
            }
        }
    }
}
