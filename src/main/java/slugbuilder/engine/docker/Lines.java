package slugbuilder.engine.docker;

import java.util.function.Consumer;

/** Output that arrives in chunks which need not end at line ends, handed on a line at a time. */
final class Lines {
    private Lines() {}

    /** Appends CHUNK to PARTIAL and hands every whole line (trailing blanks stripped, empty ones dropped) to OUTPUT. */
    static void emit(StringBuilder partial, String chunk, Consumer<String> output) {
        partial.append(chunk);
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, newline).stripTrailing();
            partial.delete(0, newline + 1);
            if (!line.isEmpty()) {
                output.accept(line);
            }
        }
    }
}
