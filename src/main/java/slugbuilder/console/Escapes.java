package slugbuilder.console;

import java.util.regex.Pattern;

/**
 * Terminal escape sequences in a tool's output (colours, cursor moves, titles): a terminal draws
 * them, a log file or a pipe keeps them as noise, so they go only to a terminal.
 */
final class Escapes {
    /** CSI (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \), other two-byte ESC sequences, then any stray ESC. */
    private static final Pattern SEQUENCE = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|\u001B[@-Z\\\\-_]|\u001B");

    private Escapes() {}

    /** LINE without its escape sequences. */
    static String strip(String line) {
        return line.indexOf('\u001B') < 0 ? line : SEQUENCE.matcher(line).replaceAll("");
    }
}
