package slugbuilder.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.support.Fixtures;

/** The .env table of docs/dialects.md, one row per case. */
class DotEnvTest {
    private static final String SECRET = "s3cr3t-VALUE";

    private static Map<String, String> parse(String text) {
        return DotEnv.parse(".env", text).values();
    }

    static Stream<Arguments> values() {
        return Stream.of(
                // KEY=value, export KEY=value
                Arguments.of("KEY=value", "KEY", "value"),
                Arguments.of("export KEY=value", "KEY", "value"),
                Arguments.of("export \t KEY=value", "KEY", "value"),
                Arguments.of("  export KEY=value", "KEY", "value"),
                Arguments.of("export=1", "export", "1"),
                Arguments.of("export =1", "export", "1"),
                Arguments.of("exported=1", "exported", "1"),
                Arguments.of("KEY = value", "KEY", "value"),
                // single quotes: literal, no escapes, no expansion
                Arguments.of("KEY='single quoted'", "KEY", "single quoted"),
                Arguments.of(
                        "KEY='a\\nb \\\\ $HOME ${X} \"q\" # not a comment'",
                        "KEY",
                        "a\\nb \\\\ $HOME ${X} \"q\" # not a comment"),
                Arguments.of("KEY='  padded  '", "KEY", "  padded  "),
                Arguments.of("KEY=''", "KEY", ""),
                // double quotes: \n \t \" \\ (and \r \$) unescaped; other backslashes kept
                Arguments.of("KEY=\"double quoted\"", "KEY", "double quoted"),
                Arguments.of("KEY=\"a\\nb\"", "KEY", "a\nb"),
                Arguments.of("KEY=\"a\\tb\"", "KEY", "a\tb"),
                Arguments.of("KEY=\"say \\\"hi\\\"\"", "KEY", "say \"hi\""),
                Arguments.of("KEY=\"back\\\\slash\"", "KEY", "back\\slash"),
                Arguments.of("KEY=\"a\\rb\"", "KEY", "a\rb"),
                Arguments.of("KEY=\"\\$HOME\"", "KEY", "$HOME"),
                Arguments.of("KEY=\"C:\\Users\\me\"", "KEY", "C:\\Users\\me"),
                Arguments.of("KEY=\"it's # not a comment\"", "KEY", "it's # not a comment"),
                Arguments.of("KEY=\"\"", "KEY", ""),
                Arguments.of("KEY=  \"spaced open\"  ", "KEY", "spaced open"),
                // comments after values
                Arguments.of("KEY=value # comment", "KEY", "value"),
                Arguments.of("KEY=value\t# tab comment", "KEY", "value"),
                Arguments.of("KEY=value#inside", "KEY", "value#inside"),
                Arguments.of("KEY=#fff", "KEY", "#fff"),
                Arguments.of("KEY= # only a comment", "KEY", ""),
                Arguments.of("KEY=\"quoted\" # comment", "KEY", "quoted"),
                Arguments.of("KEY='quoted'# comment", "KEY", "quoted"),
                // unquoted values: trimmed, inner spaces kept
                Arguments.of("ENERGY=20 GeV", "ENERGY", "20 GeV"),
                Arguments.of("KEY=   padded   ", "KEY", "padded"),
                Arguments.of("KEY=", "KEY", ""),
                Arguments.of("KEY=a=b=c", "KEY", "a=b=c"),
                Arguments.of("KEY=it's", "KEY", "it's"),
                Arguments.of("KEY=a \"b\" c", "KEY", "a \"b\" c"),
                Arguments.of("KEY=back\\slash\\n", "KEY", "back\\slash\\n"),
                // never interpolate, never execute
                Arguments.of("KEY=${HOME}", "KEY", "${HOME}"),
                Arguments.of("KEY=$(touch /tmp/pwned)", "KEY", "$(touch /tmp/pwned)"),
                Arguments.of("KEY=\"$(whoami) `id`\"", "KEY", "$(whoami) `id`"),
                // key charset [A-Za-z_][A-Za-z0-9_.-]*
                Arguments.of("_KEY=1", "_KEY", "1"),
                Arguments.of("a.b-c_9=1", "a.b-c_9", "1"),
                Arguments.of("lower=1", "lower", "1"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("values")
    void parsesValues(String text, String key, String value) {
        assertEquals(Map.of(key, value), parse(text + "\n"));
    }

    @Test
    void doubleQuotedValuesSpanLines() {
        Map<String, String> env = parse("A=\"-----BEGIN KEY-----\nline two\n-----END KEY-----\"\nB=after\n");
        assertEquals("-----BEGIN KEY-----\nline two\n-----END KEY-----", env.get("A"));
        assertEquals("after", env.get("B"));
    }

    @Test
    void multiLineValuesWithCrlfGetLfAndKeepEscapes() {
        Map<String, String> env = parse("A=\"one\r\n\ttwo\\\"\r\n# not a comment\r\n\" # done\r\nB=1\r\n");
        assertEquals(Map.of("A", "one\n\ttwo\"\n# not a comment\n", "B", "1"), env);
    }

    @Test
    void singleQuotedValuesSpanLinesToo() {
        assertEquals(Map.of("A", "one\n\\n two", "B", "x"), parse("A='one\n\\n two'\nB=x"));
    }

    @Test
    void skipsCommentsAndBlankLines() {
        assertEquals(
                Map.of("A", "1", "B", "2"), parse("# a comment\n\n   \n  # indented = comment\nA=1\n\t\nB=2\n#C=3\n"));
    }

    @Test
    void duplicateKeysLastWins() {
        assertEquals(Map.of("A", "2", "B", "x"), parse("A=1\nB=x\nA=2\n"));
    }

    @Test
    void keepsFileOrder() {
        assertEquals(
                List.of("Z", "A", "M"), List.copyOf(parse("Z=1\nA=2\nM=3\n").keySet()));
    }

    @ParameterizedTest(name = "[{index}] line ending {0}")
    @ValueSource(strings = {"\r\n", "\n", "\r"})
    void acceptsAnyLineEnding(String eol) {
        assertEquals(
                Map.of("A", "1", "B", "two words", "C", "q"),
                parse("A=1" + eol + "# c" + eol + "B=two words # c" + eol + "C='q'" + eol));
    }

    @Test
    void acceptsAByteOrderMarkInParse() {
        assertEquals(Map.of("KEY", "v"), parse("\uFEFFKEY=v\r\n"));
    }

    @Test
    void readsFromDiskWithBomAndCrlf(@TempDir Path scratch) {
        Path dir = Fixtures.app(scratch, ".env", "\uFEFFexport A=1\r\nB=\"x\r\ny\"\r\n");
        DotEnv env = DotEnv.read(AppDir.open(dir), ".env");
        assertEquals(Map.of("A", "1", "B", "x\ny"), env.values());
    }

    @Test
    void anAbsentFileIsEmpty(@TempDir Path scratch) {
        Path dir = Fixtures.app(scratch, "Procfile", "web: x\n");
        DotEnv env = DotEnv.read(AppDir.open(dir), ".env");
        assertTrue(env.values().isEmpty());
        assertEquals(List.of(), env.asEnvEntries());
        assertEquals("", env.format());
    }

    @Test
    void readErrorsNameTheFileGiven(@TempDir Path scratch) {
        Path dir = Fixtures.app(scratch, "config/dev.env", "A=1\nB\n");
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> DotEnv.read(AppDir.open(dir), "config/dev.env"));
        assertEquals("config/dev.env:2: not a KEY=value line (no '=')", e.getMessage());
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("NOEQUALS", 1, "not a KEY=value line (no '=')"),
                Arguments.of("A=1\nexport B", 2, "not a KEY=value line (no '=')"),
                Arguments.of("=value", 1, "no variable name before '='"),
                Arguments.of("1KEY=x", 1, "invalid variable name: it starts with '1'"),
                Arguments.of(".KEY=x", 1, "invalid variable name: it starts with '.'"),
                Arguments.of("MY KEY=x", 1, "invalid variable name: it contains a space"),
                Arguments.of("K\u00c9Y=x", 1, "invalid variable name: it contains '\u00c9'"),
                Arguments.of("\"KEY\"=x", 1, "invalid variable name: it starts with '\"'"),
                Arguments.of("KEY: x=1", 1, "invalid variable name: it contains ':'"),
                Arguments.of("K\u0000E\u0000Y\u0000=\u0000x", 1, "the variable name contains a NUL byte"),
                Arguments.of(
                        "A=1\nB=\"never closed\nC=3\n", 2, "the value of B opens a double quote that is never closed"),
                Arguments.of("A='never closed", 1, "the value of A opens a single quote that is never closed"),
                Arguments.of("A=\"escaped \\\"", 1, "the value of A opens a double quote that is never closed"),
                Arguments.of("A=\"x\" trailing", 1, "unexpected text after the closing quote of A's value"),
                Arguments.of("A='x'y", 1, "unexpected text after the closing quote of A's value"),
                Arguments.of("A=\"x\"\"y\"", 1, "unexpected text after the closing quote of A's value"),
                Arguments.of(
                        "X=1\nA=\"x\ny\" junk",
                        3,
                        "unexpected text after the closing quote of A's value (opened on line 2)"),
                Arguments.of("A=a\u0000b", 1, "the value of A contains a NUL byte"),
                Arguments.of("A=\"a\nb\u0000\"", 1, "the value of A contains a NUL byte"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("refused")
    void refusesMalformedLinesWithFileAndLine(String text, int line, String problem) {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> DotEnv.parse("prod.env", text));
        assertEquals("prod.env:" + line + ": " + problem, e.getMessage());
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertNotNull(e.hint());
        assertFalse(e.hint().isBlank());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "TOKEN=\"s3cr3t-VALUE         | TOKEN",
                "TOKEN='s3cr3t-VALUE          | TOKEN",
                "TOKEN=\"s3cr3t-VALUE\" s3cr3t-VALUE | TOKEN",
                "TOKEN='s3cr3t-VALUE's3cr3t-VALUE | TOKEN",
                "TOKEN=s3cr3t-VALUE\\0        | TOKEN",
                "TOKEN=\"s3cr3t-VALUE\\0\"    | TOKEN",
                "s3cr3t-VALUE                 | ",
                "TOKEN: s3cr3t-VALUE          | ",
                "TOKEN s3cr3t-VALUE=x         | ",
                "-s3cr3t-VALUE=x              | ",
                "export TOKEN s3cr3t-VALUE    | ",
            })
    void errorsNeverContainTheValue(String line, String key) {
        String text = "A=1\n" + line.replace("\\0", "\u0000") + "\nB=2\n";
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> DotEnv.parse(".env", text));
        assertTrue(e.getMessage().startsWith(".env:2: "), e.getMessage());
        for (String shown : List.of(e.getMessage(), e.hint())) {
            assertFalse(shown.contains("s3cr3t"), shown);
            assertFalse(shown.contains("VALUE"), shown);
        }
        if (key != null) {
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
    }

    @Test
    void toStringShowsKeysNotValues() {
        DotEnv env = DotEnv.parse(".env", "TOKEN=" + SECRET + "\nOTHER=\"" + SECRET + "\"\n");
        assertEquals("DotEnv[.env: TOKEN, OTHER]", env.toString());
        assertFalse(env.toString().contains(SECRET));
    }

    /** The largest value a process can receive (Linux's 128 KiB per environment string) parses, in each style. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"unquoted, X=", "single, X='", "double, X=\""})
    void aValueUpToTheEnvironmentLimitParses(String style, String prefix) {
        int size = DotEnv.MAX_ENTRY_BYTES - "X=".length();
        String big = "x".repeat(size / 2) + "y".repeat(size - size / 2);
        String closing = prefix.endsWith("=") ? "" : prefix.substring(prefix.length() - 1);
        Map<String, String> env = parse("A=1\n" + prefix + big + closing + "\nB=2\n");
        assertEquals(size, env.get("X").length());
        assertEquals(big, env.get("X"));
        assertEquals(List.of("A", "X", "B"), List.copyOf(env.keySet()));
    }

    /** One byte more could not reach the process (execve fails with E2BIG): refused with its line, not its value. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"unquoted, X=", "single, X='", "double, X=\""})
    void aValueBeyondTheEnvironmentLimitIsRefused(String style, String prefix) {
        String big = "v".repeat(DotEnv.MAX_ENTRY_BYTES - "X=".length() + 1);
        String closing = prefix.endsWith("=") ? "" : prefix.substring(prefix.length() - 1);
        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> DotEnv.parse(".env", "A=1\n" + prefix + big + closing + "\n"));
        assertEquals(
                ".env:2: the entry X=... is " + (DotEnv.MAX_ENTRY_BYTES + 1)
                        + " bytes long; Linux passes at most 131071 bytes per environment variable to a process",
                e.getMessage());
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
    }

    @Test
    void theEnvironmentLimitCountsUtf8Bytes() {
        // 65535 two-byte characters: 131070 bytes of value, 131072 with "X=": one too many
        String accents = "\u00e9".repeat(65535);
        assertThrows(SlugbuilderException.class, () -> DotEnv.parse(".env", "X=" + accents + "\n"));
        assertEquals(
                65534,
                DotEnv.parse(".env", "X=" + accents.substring(1) + "\n")
                        .values()
                        .get("X")
                        .length());
    }

    @Test
    void mergeConflictMarkersAreNamed() {
        String text = "A=1\n<<<<<<< HEAD\nB=2\n=======\nB=3\n>>>>>>> feature\n";
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> DotEnv.parse(".env", text));
        assertEquals(".env:2: git merge-conflict marker <<<<<<<", e.getMessage());
        SlugbuilderException middle =
                assertThrows(SlugbuilderException.class, () -> DotEnv.parse(".env", "A=1\n=======\n"));
        assertEquals(".env:2: git merge-conflict marker =======", middle.getMessage());
        // inside a quoted value such lines are just text
        assertEquals(
                "x\n=======\ny",
                DotEnv.parse(".env", "A=\"x\n=======\ny\"\n").values().get("A"));
    }

    @Test
    void asEnvEntriesAreKeyEqualsValue() {
        DotEnv env = DotEnv.parse(".env", "A=1\nB=two words\nC=\"x=y\\nz\"\nD=\n");
        assertEquals(List.of("A=1", "B=two words", "C=x=y\nz", "D="), env.asEnvEntries());
    }

    @Test
    void valuesAreReadOnly() {
        Map<String, String> values = parse("A=1\n");
        assertThrows(UnsupportedOperationException.class, () -> values.put("B", "2"));
    }

    @Test
    void formatQuotesOnlyWhatNeedsIt() {
        DotEnv env = DotEnv.parse(
                ".env",
                String.join(
                        "\n",
                        "PLAIN=postgres://u:p@db:5432/app",
                        "QUERY=https://x.test/?a=1&b=2",
                        "EMPTY=",
                        "SPACES=20 GeV",
                        "HASH='a #b'",
                        "APOS=\"it's\"",
                        "MULTI=\"a\nb\"",
                        "DOLLAR='$HOME'",
                        "MIXED=\"'\\\"$\\\\\t\"",
                        "QUOTED_MULTI=\"say \\\"hi\\\"\\nbye\"",
                        "WINDIR=C:\\dir\\",
                        "EXPANDS=\"it's \\$HOME, $ 5\"",
                        ""));
        assertEquals(
                String.join(
                        "\n",
                        "PLAIN=postgres://u:p@db:5432/app",
                        "QUERY='https://x.test/?a=1&b=2'",
                        "EMPTY=",
                        "SPACES='20 GeV'",
                        "HASH='a #b'",
                        "APOS=\"it's\"",
                        "MULTI=\"a\\nb\"",
                        "DOLLAR='$HOME'",
                        "MIXED=\"'\\\"$\\\\\t\"",
                        "QUOTED_MULTI='say \"hi\"",
                        "bye'",
                        "WINDIR=C:\\dir\\",
                        "EXPANDS=\"it's \\$HOME, $ 5\"",
                        ""),
                env.format());
    }

    static Stream<String> roundTrips() {
        return Stream.of(
                "A=1\nB=two words\nC=",
                "export A='single # quoted'\nB=\"dq \\\"x\\\" \\\\ \\n\\t\\r \\$y\"",
                "PEM=\"-----BEGIN-----\nabc\n-----END-----\n\"",
                "A='  leading and trailing  '\nB=\"\"\nC=''",
                "QUOTES=\"it's \\\"both\\\"\"\nAPOS=it's",
                "HASH=#fff\nURL=https://x.test/a#frag\nC= # comment",
                "WIN=\"C:\\Users\\me\"\nBS='\\\\'\nEND=\"trailing\\\\\"",
                "DOLLAR=${HOME}\nCMD=$(id)\nTICK=`id`",
                "UNICODE=\"h\u00e9llo w\u00f6rld \u2603 \ud83d\udca5\"\nTAB='a\tb'",
                "\uFEFFCRLF=1\r\nNEXT=\"x\r\ny\"\r\n",
                "DUP=1\nDUP=2",
                "ODD=\u000b\u000c\u0085\u2028 vt ff nel ls");
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("roundTrips")
    void parseFormatParseRoundTrips(String text) {
        DotEnv first = DotEnv.parse(".env", text);
        DotEnv second = DotEnv.parse(".env", first.format());
        assertEquals(first.values(), second.values());
        assertEquals(
                List.copyOf(first.values().keySet()),
                List.copyOf(second.values().keySet()));
        assertEquals(first.format(), second.format());
    }

    @Test
    void anyInputEitherParsesAndRoundTripsOrFailsWithABadInputError() {
        Random random = new Random(20240601);
        String alphabet = "AB_=x #'\"\\\n\r\t$\u0000.-9\uFEFF\u00e9\ud83d\udca5exportn";
        int[] codePoints = alphabet.codePoints().toArray();
        int parsed = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(30);
            for (int k = 0; k < length; k++) {
                text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
            }
            try {
                DotEnv env = DotEnv.parse(".env", text.toString());
                Map<String, String> again =
                        new LinkedHashMap<>(DotEnv.parse(".env", env.format()).values());
                assertEquals(
                        env.values(),
                        again,
                        () -> "round trip of " + text.toString().replace("\u0000", "\\0"));
                parsed++;
            } catch (SlugbuilderException e) {
                assertEquals(ExitCode.BAD_INPUT, e.exitCode());
                assertTrue(e.getMessage().startsWith(".env"), e.getMessage());
                assertNotNull(e.hint());
            } catch (RuntimeException e) {
                fail("input " + text.toString().replace("\u0000", "\\0") + " threw " + e);
            }
        }
        assertTrue(parsed > 1_000, "only " + parsed + " random inputs parsed: the generator is too hostile");
    }
}
