package slugbuilder.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/** What the Procfile and .env properties share: noisy text, and what an error must look like. */
final class ParserChecks {
    /** Pieces that mean something to one of the parsers, or break naive ones. */
    private static final List<String> FRAGMENTS = List.of(
            "\uFEFF",
            "\r\n",
            "\n",
            "\r",
            "\t",
            " ",
            "\0",
            "\u0007",
            "\u001b[31m",
            "\u0085",
            "\u2028",
            "\u00a0",
            "=",
            ":",
            "#",
            " #",
            "'",
            "\"",
            "\\",
            "\\\"",
            "\\n",
            "$",
            "${X}",
            "export ",
            "export",
            "<<<<<<< HEAD",
            "=======",
            ">>>>>>> b",
            "|||||||",
            "web",
            "worker",
            "KEY",
            "_k",
            "1a",
            "a.b-c",
            "value",
            "npm start",
            "\u00e9",
            "\u65e5\u672c",
            "\uD83D\uDE80",
            "\uD800",
            "\uDC00",
            "\u00c4");

    private ParserChecks() {}

    /** Any text at all, mostly built from meaningful fragments so that the parsers get past their first line. */
    static Arbitrary<String> noisyText() {
        Arbitrary<String> fragments =
                Arbitraries.of(FRAGMENTS).list().ofMaxSize(40).map(parts -> String.join("", parts));
        Arbitrary<String> raw = Arbitraries.strings().all().ofMaxLength(120);
        Arbitrary<String> lines = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars("\n\r\t\"'=:#\\")
                .ofMaxLength(200);
        return Arbitraries.frequencyOf(Tuple.of(6, fragments), Tuple.of(2, raw), Tuple.of(2, lines));
    }

    /**
     * Runs PARSE; it may succeed, and it may refuse with a {@link SlugbuilderException} whose
     * message names FILE first and is one printable line, as is its hint. Anything else fails.
     */
    static <T> T parsesOrRefusesCleanly(String file, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (SlugbuilderException e) {
            assertEquals(ExitCode.BAD_INPUT, e.exitCode(), e.getMessage());
            String message = e.getMessage();
            assertNotNull(message);
            assertTrue(message.startsWith(file + ":"), "names the file first: " + message);
            assertOnePrintableLine(message);
            if (e.hint() != null) {
                assertOnePrintableLine(e.hint());
            }
            return null;
        }
    }

    /** No line breaks and no control characters (a terminal would act on ESC, BEL, ...). */
    static void assertOnePrintableLine(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            assertFalse(
                    control,
                    () -> String.format(
                            Locale.ROOT,
                            "U+%04X at %d in: %s",
                            (int) c,
                            text.indexOf(c),
                            text.replaceAll("\\p{Cntrl}", "?")));
        }
    }
}
