package slugbuilder.app;

import java.util.List;

/** What the app-file parsers share: reading text into lines, and naming a character in a message. */
final class TextLines {
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
}
