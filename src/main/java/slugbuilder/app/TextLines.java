package slugbuilder.app;

import java.util.List;

/** What the app-file parsers share: reading text into lines, and naming a character or a piece of text in a message. */
public final class TextLines {
    private TextLines() {
    }

    /** The lines of TEXT (LF, CRLF or CR), without a UTF-8 byte-order mark. */
    static List<String> of(String text) {
        return (text.startsWith("\uFEFF") ? text.substring(1) : text).lines().toList();
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
        return visible ? "'" + Character.toString(c) + "'" : String.format("the character U+%04X", c);
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
            boolean invisible = type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
            if (invisible) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.append(codePoints.length > max ? "...\"" : "\"").toString();
    }
}
