package slugbuilder.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.DotEnv;

/**
 * DotEnv.parse on any text: it parses or refuses with one clean line naming the file. A valid
 * .env, written with a test-side printer in every accepted style (bare, single-quoted,
 * double-quoted with escapes, multi-line, {@code export}, comments, CRLF, a byte-order mark,
 * duplicate keys), parses to what was written (the last duplicate wins), and
 * {@link DotEnv#format()} then parses back to the same values. An error never shows a value.
 */
class DotEnvProperties {
    private static final String SECRET = "s3cr3t-VALUE";

    @Property
    void anyTextParsesOrIsRefusedCleanly(@ForAll("noisy") String text) {
        ParserChecks.parsesOrRefusesCleanly(".env", () -> DotEnv.parse(".env", text));
    }

    @Property
    void anyTextAfterValidLinesParsesOrIsRefusedCleanly(@ForAll("noisy") String text) {
        ParserChecks.parsesOrRefusesCleanly(".env", () -> DotEnv.parse(".env", "A=1\nB='two'\n" + text));
    }

    @Property
    void validDocumentsRoundTrip(@ForAll("documents") Document doc) {
        Map<String, String> parsed = DotEnv.parse(".env", doc.text()).values();
        assertEquals(doc.values(), parsed, () -> "parsed from:\n" + doc.text().replace("\r", "\\r"));
        assertEquals(
                List.copyOf(doc.values().keySet()),
                List.copyOf(parsed.keySet()),
                "keys in the order they first appear");

        DotEnv env = DotEnv.parse(".env", doc.text());
        assertEquals(parsed, DotEnv.parse(".env", env.format()).values(), () -> "format() gave:\n" + env.format());
    }

    /** A broken line after valid ones: the error names the line and never shows a value, not even a secret one. */
    @Property
    void errorsNeverShowAValue(@ForAll("documents") Document doc, @ForAll("brokenLines") String broken) {
        String text = doc.text() + "\nTOKEN=" + SECRET + "\n" + broken + "\n";
        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> DotEnv.parse(".env", text), () -> "accepted: " + broken);
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.hint() != null && e.hint().contains(SECRET), e.hint());
        ParserChecks.assertOnePrintableLine(e.getMessage());
    }

    /** A .env's text and the values it defines. */
    record Document(String text, Map<String, String> values) {}

    @Provide
    Arbitrary<String> noisy() {
        return ParserChecks.noisyText();
    }

    @Provide
    Arbitrary<String> brokenLines() {
        return Arbitraries.of(
                "NO_EQUALS",
                "1KEY=" + SECRET,
                "KEY WITH SPACE=" + SECRET,
                "=" + SECRET,
                "OPEN=\"" + SECRET,
                "OPEN='" + SECRET,
                "AFTER='" + SECRET + "'x",
                "NUL=" + SECRET + "\0",
                "<<<<<<< HEAD",
                SECRET);
    }

    @Provide
    Arbitrary<Document> documents() {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Combinators.combine(
                                Arbitraries.chars()
                                        .range('A', 'Z')
                                        .range('a', 'z')
                                        .with('_'),
                                Arbitraries.strings()
                                        .withCharRange('A', 'Z')
                                        .withCharRange('a', 'z')
                                        .withCharRange('0', '9')
                                        .withChars("_.-")
                                        .ofMaxLength(10))
                        .as((first, rest) -> first + rest),
                Arbitraries.of("export", "EXPORT", "A", "_", "a.b", "x-y"));
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20),
                Arbitraries.strings()
                        .withCharRange(' ', '~')
                        .withChars("\n\r\t\u00e9\u65e5\u00a0\u2028\u0007")
                        .ofMaxLength(20),
                Arbitraries.of(
                        "",
                        " ",
                        "#",
                        " # not a comment",
                        "a #b",
                        "a#b",
                        "'",
                        "\"",
                        "\\",
                        "\\n",
                        "$HOME",
                        "${X}",
                        "20 GeV",
                        "x=y",
                        "\uD83D\uDE80",
                        "line1\nline2",
                        "\r\n",
                        "\n"));
        Arbitrary<List<String>> entries = Combinators.combine(keys, values)
                .as((k, v) -> k + "\0" + v)
                .list()
                .ofMaxSize(8);
        Arbitrary<List<Integer>> styles =
                Arbitraries.integers().between(0, 999).list().ofSize(16);
        return Combinators.combine(entries, styles, Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(DotEnvProperties::render);
    }

    /** The test's own .env printer: each entry in a style chosen by STYLE among those that can hold its value. */
    private static Document render(List<String> rawEntries, List<Integer> style, boolean crlf, boolean bom) {
        String nl = crlf ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder(bom ? "\uFEFF" : "");
        Map<String, String> values = new LinkedHashMap<>();
        int s = 0;
        for (String raw : rawEntries) {
            String key = raw.substring(0, raw.indexOf('\0'));
            String value = raw.substring(raw.indexOf('\0') + 1);
            int pick = style.get(s++ % style.size());
            if (pick % 5 == 0) {
                text.append(pick % 2 == 0 ? "# a comment: " + key + "=x" : "   ")
                        .append(nl);
            }
            String indent = pick % 3 == 0 ? " \t" : "";
            String export = pick % 4 == 0 ? "export " : "";
            String space = pick % 7 == 0 ? " " : "";
            String comment = pick % 9 == 0 ? " # trailing comment" : "";
            text.append(indent)
                    .append(export)
                    .append(key)
                    .append(space)
                    .append('=')
                    .append(space)
                    .append(quote(value, pick))
                    .append(comment)
                    .append(nl);
            values.put(key, value);
        }
        return new Document(text.toString(), values);
    }

    /** A '#' after whitespace: where a bare value's comment would start. */
    private static boolean hasCommentStart(String value) {
        for (int i = 1; i < value.length(); i++) {
            if (value.charAt(i) == '#' && Character.isWhitespace(value.charAt(i - 1))) {
                return true;
            }
        }
        return false;
    }

    /** VALUE written bare, single- or double-quoted; the style PICK prefers, if it can hold the value. */
    private static String quote(String value, int pick) {
        boolean bareOk = !value.isEmpty()
                && value.equals(value.strip())
                && !value.startsWith("'")
                && !value.startsWith("\"")
                && !value.startsWith("#") // after "= " it would start a comment
                && value.chars().noneMatch(Character::isISOControl)
                && !hasCommentStart(value);
        // a line break inside single quotes is kept, but CR is a line end too: "\r\n" would read back as "\n"
        boolean singleOk = value.indexOf('\'') < 0 && value.indexOf('\r') < 0;
        int style = (pick / 10) % 3;
        if (style == 0 && bareOk) {
            return value;
        }
        if (style <= 1 && singleOk) {
            return "'" + value + "'";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\r' -> out.append("\\r");
                // a real line break half the time: multi-line double-quoted values are allowed
                case '\n' -> out.append(pick % 2 == 0 ? "\\n" : "\n");
                case '\t' -> out.append(pick % 2 == 0 ? "\\t" : "\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
