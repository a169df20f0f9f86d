package slugbuilder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.DotEnv;

/**
 * {@code config pull}'s files read by the common dotenv readers themselves: Node's dotenv (16.4.7
 * and 18.0.10, from the npm registry), Debian's python-dotenv 0.21 and Ruby's dotenv 2.4
 * (scripts/dotenv-readers.sh installs them). Each reader reads back exactly every value that
 * docs/dialects.md says it does: the cases by name (line breaks, a PEM key, each quote,
 * $, #, leading and trailing spaces) and 400 values drawn (less those ending in a \ that must be
 * quoted, tested on their own) from the characters that break hand-made files. Every reader runs
 * with an empty environment, as python-dotenv and Ruby's dotenv expand variables from it.
 */
class DotEnvReadersIT {
    private static final Map<String, String> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("a line break", "line one\nline two");
        NAMED.put("a PEM key", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B+/=\n-----END PRIVATE KEY-----\n");
        NAMED.put("CRLF line breaks", "one\r\ntwo\r\n");
        NAMED.put("a double quote", "say \"hi\"");
        NAMED.put("an apostrophe", "it's");
        NAMED.put("both quotes", "it's \"both\"");
        NAMED.put("a dollar", "pa$$word$");
        NAMED.put("a variable", "$HOME and ${HOME} and $(id)");
        NAMED.put("an apostrophe and a dollar", "it's $5 or $HOME");
        NAMED.put("a hash", "x #not a comment");
        NAMED.put("a hash first", "#start");
        NAMED.put("leading and trailing spaces", "  spaced  ");
        NAMED.put("a tab", "a\tb");
        NAMED.put("a backslash", "C:\\path\\to\\n");
        NAMED.put("empty", "");
        NAMED.put("unicode", "é ☃ 😀 \u2028");
        NAMED.put("a line break and a double quote", "line \"one\"\nline two");
    }

    private static final char[] TRICKY = {
        '"', '\'', '$', '#', '\\', '\n', '\r', '\t', ' ', '=', '`', '{', '}', '(', ')', 'n', 'r', 'é', '☃', 'a', 'Z',
        '0', '_', '-'
    };

    private static final Pattern EXPANDED_DOLLAR = Pattern.compile("\\$[A-Za-z0-9_{(]");

    /** What python-dotenv 0.21 expands, in any value: ${NAME} and ${NAME:-default}. */
    private static final Pattern PYTHON_VARIABLE = Pattern.compile("\\$\\{[^}:]*(:-[^}]*)?}");

    @TempDir
    static Path scratch;

    private static List<String> nodePaths;

    @BeforeAll
    static void installReaders() throws IOException, InterruptedException {
        Process script = new ProcessBuilder("scripts/dotenv-readers.sh")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, script.waitFor(), "scripts/dotenv-readers.sh failed");
        nodePaths = out.lines().toList();
        assertEquals(2, nodePaths.size(), out);
    }

    /** Which values a reader reads back exactly, as docs/dialects.md says. */
    private record Reader(String name, List<String> command, Predicate<String> exact) {}

    /** The form {@link DotEnv#quote} writes VALUE in. */
    private static boolean doubleQuoted(String value) {
        return DotEnv.quote(value).startsWith("\"");
    }

    private static boolean singleQuoted(String value) {
        return DotEnv.quote(value).startsWith("'");
    }

    /** A $ that the writer escapes in double quotes (one Ruby would expand). */
    private static boolean escapedDollar(String value) {
        return doubleQuoted(value) && EXPANDED_DOLLAR.matcher(value).find();
    }

    private static List<Reader> readers() {
        String nodeScript = "const p=require('dotenv').parse(require('fs').readFileSync(process.argv[1]));"
                + "const o={};for(const k in p)o[k]=Buffer.from(p[k]).toString('base64');"
                + "process.stdout.write(JSON.stringify(o))";
        List<Reader> readers = new ArrayList<>();
        for (String line : nodePaths) {
            String[] versionAndPath = line.split(" ", 2);
            readers.add(new Reader(
                    "Node's dotenv " + versionAndPath[0],
                    List.of("env", "-i", "NODE_PATH=" + versionAndPath[1], "node", "-e", nodeScript),
                    // it unescapes only \n and \r in double quotes
                    value -> !(doubleQuoted(value)
                            && (value.contains("\"") || value.contains("\\") || escapedDollar(value)))));
        }
        readers.add(new Reader(
                "python-dotenv",
                List.of(
                        "env",
                        "-i",
                        "/usr/bin/python3",
                        "-c",
                        "import base64,json,sys\nfrom dotenv import dotenv_values\n"
                                + "print(json.dumps({k: base64.b64encode((v or '').encode()).decode()"
                                + " for k, v in dotenv_values(sys.argv[1]).items()}))"),
                // it expands ${NAME} in every value, unescapes \\ in single quotes, keeps the \ of \$
                value -> !PYTHON_VARIABLE.matcher(value).find()
                        && !(singleQuoted(value) && value.contains("\\\\"))
                        && !escapedDollar(value)));
        readers.add(new Reader(
                "Ruby's dotenv",
                List.of(
                        "env",
                        "-i",
                        "LANG=C.UTF-8",
                        "ruby",
                        "-rdotenv",
                        "-rjson",
                        "-rbase64",
                        "-e",
                        "print JSON.generate(Dotenv::Parser.call(File.read(ARGV[0]))"
                                + ".transform_values { |v| Base64.strict_encode64(v) })"),
                // 2.4 reads a single-quoted value on one line only; in double quotes it unescapes before
                // it expands \n and \$, so a \ before n, r or $ is lost, and \$( stays unless a command follows
                value -> !(singleQuoted(value) && value.contains("\n"))
                        && !(doubleQuoted(value) && (value.contains("\\") || value.contains("$(")))));
        return readers;
    }

    private static Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        NAMED.values().forEach(value -> values.put("NAMED_" + values.size(), value));
        Random random = new Random(19);
        for (int i = 0; i < 400; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                value.append(TRICKY[random.nextInt(TRICKY.length)]);
            }
            if (value.toString().endsWith("\\")
                    && !DotEnv.quote(value.toString()).endsWith("\\")) {
                continue; // quoted, Node and Python would read on into the next entries: see below
            }
            values.put("DRAWN_" + i, value.toString());
        }
        return values;
    }

    @Test
    void eachReaderReadsBackExactlyWhatTheDocsSay() throws IOException, InterruptedException {
        Map<String, String> values = values();
        Path file = scratch.resolve(".env");
        ConfigPull.writePrivately(
                file, DotEnvMerge.merge(".env", "", values, false).text());
        assertEquals(values, DotEnv.parse(".env", Files.readString(file)).values(), "slugbuilder's own reader");

        List<String> wrong = new ArrayList<>();
        for (Reader reader : readers()) {
            Map<String, String> read = read(reader, file);
            int exact = 0;
            int promised = 0;
            for (Map.Entry<String, String> entry : values.entrySet()) {
                boolean same = entry.getValue().equals(read.get(entry.getKey()));
                exact += same ? 1 : 0;
                if (reader.exact().test(entry.getValue())) {
                    promised++;
                    if (!same) {
                        wrong.add(reader.name() + " misreads the value " + escaped(entry.getValue()) + " written as "
                                + escaped(DotEnv.quote(entry.getValue())) + ": " + escaped(read.get(entry.getKey())));
                    }
                }
            }
            System.out.printf(
                    "%s: %d of %d values read back exactly; the docs promise %d%n",
                    reader.name(), exact, values.size(), promised);
        }
        assertEquals(List.of(), wrong);
        for (Reader reader : readers()) {
            for (String named : List.of(
                    "a line break",
                    "a PEM key",
                    "a double quote",
                    "an apostrophe",
                    "a dollar",
                    "a hash",
                    "leading and trailing spaces")) {
                assertTrue(reader.exact().test(NAMED.get(named)), reader.name() + " reads " + named + " back exactly");
            }
        }
    }

    /**
     * A value ending in a backslash (a Windows directory) is written bare where it can be, and every
     * reader reads it. Where it needs quotes, Node's and python-dotenv's patterns for a quoted value
     * take its last \ and the closing quote for an escaped quote: python-dotenv loses it and the
     * entries up to the next quote, Node's dotenv keeps its escapes (as for any double-quoted \)
     * and may read on; slugbuilder's and Ruby's readers read it. The docs say so.
     */
    @Test
    void aValueEndingInABackslashIsWrittenBareWhereItCanBe() throws IOException, InterruptedException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("DIR", "C:\\Program Files\\");
        values.put("NEXT", "\nnext starts with a line break");
        values.put("LAST", "last");
        Path file = scratch.resolve("backslash.env");
        ConfigPull.writePrivately(
                file, DotEnvMerge.merge(".env", "", values, false).text());
        assertTrue(Files.readString(file).startsWith("DIR=C:\\Program Files\\\n"), Files.readString(file));
        assertEquals(values, DotEnv.parse(".env", Files.readString(file)).values(), "slugbuilder's own reader");
        for (Reader reader : readers()) {
            assertEquals(values, read(reader, file), reader.name());
        }

        Map<String, String> quoted = new LinkedHashMap<>();
        quoted.put("QUOTED_DIR", "it's C:\\dir\\");
        quoted.put("NEXT", "say \"hi\", it's next");
        quoted.put("LAST", "last");
        ConfigPull.writePrivately(
                file, DotEnvMerge.merge(".env", "", quoted, false).text());
        assertEquals(quoted, DotEnv.parse(".env", Files.readString(file)).values(), "slugbuilder's own reader");
        for (Reader reader : readers()) {
            Map<String, String> read = read(reader, file);
            if (reader.name().startsWith("Ruby")) {
                assertEquals(quoted, read, reader.name());
            } else if (reader.name().startsWith("python")) {
                assertEquals(Map.of("LAST", "last"), read, "python-dotenv loses it and NEXT: update the docs if not");
            }
        }
    }

    private static Map<String, String> read(Reader reader, Path file) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(reader.command());
        command.add(file.toString());
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), reader.name());
        assertEquals(0, process.exitValue(), reader.name() + " failed");
        Map<String, String> encoded = new ObjectMapper().readValue(out, Map.class);
        Map<String, String> read = new LinkedHashMap<>();
        encoded.forEach((k, v) -> read.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return read;
    }

    private static String escaped(String value) {
        if (value == null) {
            return "(absent)";
        }
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
