package slugbuilder.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the app-file parsers share: the one place that drops a byte-order mark and splits text
 * into lines, and naming a character or a piece of text in a message.
 */
public final class TextLines {
    private static final String BOM = "\uFEFF";

    private TextLines() {}

    /** TEXT without the UTF-8 byte-order mark it may start with (only one is dropped). */
    public static String withoutBom(String text) {
        return text.startsWith(BOM) ? text.substring(BOM.length()) : text;
    }

    /** The lines of TEXT (LF, CRLF or CR), without a UTF-8 byte-order mark. */
    public static List<String> of(String text) {
        return withoutBom(text).lines().toList();
    }

    /**
     * The lines of TEXT split as Go's bufio.Scanner splits them, for the files Docker and git
     * read that way: only LF ends a line, and each line keeps a CR that came before its LF (see
     * {@link #withoutCr}); a last line without LF counts, an empty text has no lines. No
     * byte-order mark is dropped: the caller decides.
     */
    public static List<String> splitOnLf(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            lines.add(text.substring(start, end));
            start = end + 1;
        }
        return lines;
    }

    /** LINE from {@link #splitOnLf} without the CR of a CRLF ending. */
    public static String withoutCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** "a space", "'$'", or "the character U+0007": a character named so a user can find it. */
    static String describe(int c) {
        if (c == ' ') {
            return "a space";
        }
        if (c == '\t') {
            return "a tab";
        }
        boolean visible = (c > ' ' && c < 0x7f) || Character.isLetterOrDigit(c);
        return visible ? "'" + Character.toString(c) + "'" : String.format(Locale.ROOT, "the character U+%04X", c);
    }

    /**
     * TEXT in double quotes for a message, cut after MAX characters: line breaks, control and
     * format characters (a byte-order mark, a bidi override) and lone surrogates are shown as
     * {@code \\uXXXX}, so that the message stays one line that a terminal shows as it is.
     */
    public static String quote(String text, int max) {
        StringBuilder out = new StringBuilder("\"");
        int[] codePoints = text.codePoints().toArray();
        for (int i = 0; i < codePoints.length && i < max; i++) {
            int c = codePoints[i];
            int type = Character.getType(c);
            boolean invisible = type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE;
            if (invisible) {
                out.append(String.format(Locale.ROOT, "\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.append(codePoints.length > max ? "...\"" : "\"").toString();
    }
}
