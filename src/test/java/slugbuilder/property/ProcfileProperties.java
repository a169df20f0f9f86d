package slugbuilder.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import slugbuilder.app.Procfile;

/**
 * Procfile.parse on any text: it parses or refuses with one clean line naming the file; and a
 * valid Procfile, written in any of the accepted ways (comments, blank lines, indentation, spaces
 * around the colon, CRLF, a byte-order mark), parses to what was written and survives
 * {@link Procfile#format()} unchanged.
 */
class ProcfileProperties {

    @Property
    void anyTextParsesOrIsRefusedCleanly(@ForAll("noisy") String text) {
        ParserChecks.parsesOrRefusesCleanly("Procfile", () -> Procfile.parse("Procfile", text));
    }

    @Property
    void anyTextAfterAValidLineParsesOrIsRefusedCleanly(@ForAll("noisy") String text) {
        ParserChecks.parsesOrRefusesCleanly("Procfile", () -> Procfile.parse("Procfile", "web: npm start\n" + text));
    }

    @Property
    void validDocumentsRoundTrip(@ForAll("documents") Document doc) {
        Procfile parsed = Procfile.parse("Procfile", doc.text());
        List<Procfile.Entry> expected = new ArrayList<>();
        doc.entries()
                .forEach((name, command) -> expected.add(
                        new Procfile.Entry(name, command, doc.lines().get(name))));
        assertEquals(expected, parsed.entries(), "parsed from:\n" + doc.text());

        Procfile again = Procfile.parse("Procfile", parsed.format());
        assertEquals(parsed.processTypes(), again.processTypes());
        assertEquals(parsed.format(), again.format());
    }

    /** A Procfile's text, the process types it defines in order, and the line each is on. */
    record Document(String text, Map<String, String> entries, Map<String, Integer> lines) {}

    @Provide
    Arbitrary<String> noisy() {
        return ParserChecks.noisyText();
    }

    @Provide
    Arbitrary<Document> documents() {
        Arbitrary<String> names = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .withChars("_-")
                .ofMinLength(1)
                .ofMaxLength(12);
        Arbitrary<String> commands = commands();
        Arbitrary<List<String>> entries = Combinators.combine(names, commands)
                .as((n, c) -> n + "\0" + c)
                .list()
                .ofMaxSize(8);
        Arbitrary<List<Integer>> styles =
                Arbitraries.integers().between(0, 99).list().ofSize(24);
        return Combinators.combine(entries, styles, Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(ProcfileProperties::render)
                .filter(doc -> !doc.entries().isEmpty());
    }

    /** Commands: printable text with ':' '#' quotes and non-ASCII inside, nothing the line's trim would eat. */
    private static Arbitrary<String> commands() {
        Arbitrary<String> words = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars("\u00e9\u65e5\u00a0")
                .ofMaxLength(12);
        Arbitrary<String> inner = Arbitraries.oneOf(
                        words, Arbitraries.just("\uD83D\uDE80"), Arbitraries.just(" : # ' \" "))
                .list()
                .ofMaxSize(4)
                .map(parts -> String.join("", parts));
        Arbitrary<Character> edge = Arbitraries.chars().range('!', '~').with('\u00e9', '\u00a0');
        return Combinators.combine(edge, inner, edge).as((a, mid, b) -> a + mid + b);
    }

    /** Writes the entries (first definition of a name wins; later duplicates dropped) in styles chosen by STYLE. */
    private static Document render(List<String> rawEntries, List<Integer> style, boolean crlf, boolean bom) {
        String nl = crlf ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder(bom ? "\uFEFF" : "");
        Map<String, String> entries = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        int line = 0;
        int s = 0;
        for (String raw : rawEntries) {
            String name = raw.substring(0, raw.indexOf('\0'));
            String command = raw.substring(raw.indexOf('\0') + 1);
            if (entries.containsKey(name)) {
                continue; // a duplicate is an error: not part of a valid document
            }
            int pick = style.get(s++ % style.size());
            if (pick % 5 == 0) {
                text.append("# ").append(command).append(nl);
                line++;
            }
            if (pick % 7 == 0) {
                text.append(pick % 2 == 0 ? "" : "  \t").append(nl);
                line++;
            }
            String indent = pick % 3 == 0 ? "  " : "";
            String before = pick % 4 == 0 ? " " : "";
            String after = pick % 6 == 0 ? "" : pick % 6 == 1 ? "\t" : " ";
            String trailing = pick % 11 == 0 ? "   " : "";
            text.append(indent)
                    .append(name)
                    .append(before)
                    .append(':')
                    .append(after)
                    .append(command)
                    .append(trailing)
                    .append(nl);
            line++;
            entries.put(name, command);
            lines.put(name, line);
        }
        return new Document(text.toString(), entries, lines);
    }
}
