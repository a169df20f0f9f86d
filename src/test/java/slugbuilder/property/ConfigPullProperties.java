package slugbuilder.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import slugbuilder.PrivateFiles;
import slugbuilder.app.AppDir;
import slugbuilder.app.DotEnv;
import slugbuilder.config.ConfigPull;
import slugbuilder.config.DotEnvMerge;

/**
 * Any config var value (any string without NUL, which no environment can hold) written by
 * {@code config pull}'s writer reads back exactly through slugbuilder's .env reader: alone, among
 * other lines and keys, replacing a local value (--overwrite), and through the file on disk as
 * UTF-8. The values favour what breaks hand-made .env files: both quotes, $, #, backslashes,
 * newlines (LF, CR, CRLF), tabs, leading and trailing spaces, =, empty values, and unicode (accents,
 * emoji outside the BMP, U+2028, U+0085, a byte-order mark, control characters).
 */
class ConfigPullProperties {
    private static final String OTHER_LINES = "# local settings\nexport PORT=5000\nLOCAL_ONLY='keep me'\n\n";

    @Property(tries = 2000)
    void anyValueRoundTrips(@ForAll("values") String value) {
        assertRoundTrip("", Map.of("VALUE", value), false);
    }

    @Property(tries = 1000)
    void anyValuesRoundTripAmongOtherLines(@ForAll("values") String first, @ForAll("values") String second) {
        Map<String, String> pulled = new LinkedHashMap<>();
        pulled.put("FIRST", first);
        pulled.put("SECOND", second);
        Map<String, String> read = assertRoundTrip(OTHER_LINES + "FIRST=\"old\nmulti-line\"\n", pulled, true);
        assertEquals("5000", read.get("PORT"));
        assertEquals("keep me", read.get("LOCAL_ONLY"));
    }

    @Property(tries = 300)
    void anyUnicodeValueRoundTripsThroughTheFile(@ForAll("values") String value) throws IOException {
        Path dir = PrivateFiles.createDirectory(null, "config-pull-property");
        try {
            String text =
                    DotEnvMerge.merge(".env", "", Map.of("VALUE", value), false).text();
            ConfigPull.writePrivately(dir.resolve(".env"), text);
            assertEquals(value, DotEnv.read(AppDir.open(dir), ".env").values().get("VALUE"));
        } finally {
            PrivateFiles.deleteTree(dir);
        }
    }

    private static Map<String, String> assertRoundTrip(String local, Map<String, String> pulled, boolean overwrite) {
        DotEnvMerge.Result result = DotEnvMerge.merge(".env", local, pulled, overwrite);
        Map<String, String> read = DotEnv.parse(".env", result.text()).values();
        pulled.forEach((key, value) ->
                assertEquals(value, read.get(key), () -> key + " read back wrong from:\n" + result.text()));
        return read;
    }

    @Provide
    Arbitrary<String> values() {
        List<Character> tricky = List.of(
                '"', '\'', '$', '#', '\\', '\n', '\r', '\t', ' ', '=', '`', '{', '}', '(', ')', ';', '!', '*', 'é', '☃',
                '\u2028', '\u0085', '\uFEFF', '\u0007', '\u001b', 'a', 'Z', '0', '_', '-', '.', '/', ':');
        Arbitrary<String> trickyText =
                Arbitraries.of(tricky).list().ofMaxSize(40).map(ConfigPullProperties::join);
        Arbitrary<String> withEmoji = trickyText.map(s -> "\uD83D\uDE00" + s + "\uD83D\uDC4D");
        Arbitrary<String> anyUnicode = Arbitraries.strings()
                .all()
                .ofMaxLength(60)
                .filter(s -> s.indexOf('\0') < 0 && s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF));
        Arbitrary<String> fixed = Arbitraries.of(
                "",
                " ",
                "  leading and trailing  ",
                "\n",
                "\r\n",
                "a\\nb",
                "\\",
                "\\\\",
                "'",
                "\"",
                "'\"",
                "$HOME ${HOME} $(id)",
                "# not a comment",
                "x #not a comment",
                "-----BEGIN KEY-----\nabc\n-----END KEY-----\n",
                "C:\\path\\to\\file",
                "=leading equals",
                "export X=1",
                "'unclosed",
                "\"unclosed",
                "line\n# looks like a comment\nKEY=looks like a key");
        return Arbitraries.frequencyOf(
                Tuple.of(3, trickyText), Tuple.of(1, withEmoji), Tuple.of(2, anyUnicode), Tuple.of(1, fixed));
    }

    private static String join(List<Character> chars) {
        StringBuilder out = new StringBuilder();
        chars.forEach(out::append);
        return out.toString();
    }
}
