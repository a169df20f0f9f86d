package slugbuilder.app;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import slugbuilder.SlugbuilderException;

/**
 * Environment variables from a {@code .env} file (or an {@code --env-file}), in file order.
 * {@code KEY=value} lines with {@code export}, quotes, comments and multi-line double-quoted values
 * as docs/dialects.md describes. Nothing is ever interpolated or executed. Values are secrets: no error
 * message and no {@link #toString()} contains one. An entry too long to reach a process
 * ({@link #MAX_ENTRY_BYTES}) and a git merge-conflict marker are refused with their line.
 */
public final class DotEnv {
    public static final String NAME = ".env";
    /** The most bytes one {@code KEY=value} entry can have and still reach a process. */
    public static final int MAX_ENTRY_BYTES = ExecLimits.MAX_STRING_BYTES;

    private final String fileName;
    private final Map<String, String> values;
    private final Map<String, Span> spans;

    /**
     * Where a key's entry is: the indexes of its first and last line in {@link TextLines#of} of
     * the text (a quoted value may take several lines). For a duplicate key, the last entry.
     */
    public record Span(int firstLine, int lastLine) {}

    private DotEnv(String fileName, Map<String, String> values, Map<String, Span> spans) {
        this.fileName = fileName;
        this.values = Collections.unmodifiableMap(values);
        this.spans = Collections.unmodifiableMap(spans);
    }

    /** FILE_NAME (relative to the app, or absolute) parsed; empty when it is absent, as .env is optional. */
    public static DotEnv read(AppDir app, String fileName) {
        return app.readText(fileName)
                .map(text -> parse(fileName, text))
                .orElseGet(() -> new DotEnv(fileName, new LinkedHashMap<>(), new LinkedHashMap<>()));
    }

    /**
     * Parses TEXT (CRLF and a UTF-8 byte-order mark accepted); FILE_NAME is how errors name it.
     * Throws {@link SlugbuilderException} naming the line (and the key, never the value) for
     * anything it refuses. For a duplicate key the last value wins.
     */
    public static DotEnv parse(String fileName, String text) {
        Parser parser = new Parser(fileName, text);
        return new DotEnv(fileName, parser.parse(), parser.spans);
    }

    /** Every variable, in the order its key first appears. */
    public Map<String, String> values() {
        return values;
    }

    /** Each key's (effective) entry's lines, for rewriting one entry and keeping the rest of the file. */
    public Map<String, Span> spans() {
        return spans;
    }

    /** {@code KEY=value} entries, as the Docker API takes a container's environment. */
    public List<String> asEnvEntries() {
        return values.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .toList();
    }

    /** The variables as .env lines, quoted where needed, so that parsing the result gives the same values. */
    public String format() {
        StringBuilder out = new StringBuilder();
        values.forEach(
                (key, value) -> out.append(key).append('=').append(quote(value)).append('\n'));
        return out.toString();
    }

    /** Names the file and its keys only: values are secrets and must not reach logs. */
    @Override
    public String toString() {
        return "DotEnv[" + fileName + ": " + String.join(", ", values.keySet()) + "]";
    }

    /**
     * VALUE as this reader, and as far as they can the common dotenv readers, read it back
     * exactly: bare when it has only plain characters (also when empty, or a Windows directory
     * that needs no quotes), single-quoted (nothing is unescaped or expanded) when it has no ', no
     * carriage return, and no line break unless beside a ", \ or $; else double-quoted with
     * backslash escapes. docs/dialects.md lists what each reader reads back exactly;
     * DotEnvReadersIT holds Node's, Python's and Ruby's to it.
     */
    public static String quote(String value) {
        if (value.chars().allMatch(DotEnv::isPlainChar) || value.endsWith("\\") && readsBare(value)) {
            return value;
        }
        boolean escapes = value.indexOf('"') >= 0 || value.indexOf('\\') >= 0 || value.indexOf('$') >= 0;
        // a line break is written \n in double quotes, which every reader reads, unless the value
        // also holds what Node's dotenv cannot read escaped: then as it is, in single quotes
        if (value.indexOf('\'') < 0 && value.indexOf('\r') < 0 && (value.indexOf('\n') < 0 || escapes)) {
            return "'" + value + "'";
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                // Ruby's dotenv expands $NAME, ${NAME} and runs $(command) in double quotes; a lone $ it
                // keeps, as Node's reads \$ as two characters and python-dotenv keeps the backslash
                case '$' -> out.append(i + 1 < value.length() && expands(value.charAt(i + 1)) ? "\\$" : "$");
                default -> out.append(c); // a tab too: Node's dotenv would keep the backslash of \t
            }
        }
        return out.append('"').toString();
    }

    /**
     * Whether VALUE reads back exactly unquoted, in every reader: no quote, $, # or line break, and
     * no space at either end. Written so when it ends in a backslash (a Windows directory), which
     * Node's and python-dotenv's quoted-value patterns take, with the closing quote, for an
     * escaped quote.
     */
    private static boolean readsBare(String value) {
        return value.strip().equals(value) && value.chars().noneMatch(c -> "'\"`$#\n\r".indexOf(c) >= 0);
    }

    private static boolean expands(char next) {
        return (next < 128 && Character.isLetterOrDigit(next)) || next == '_' || next == '{' || next == '(';
    }

    private static boolean isPlainChar(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "_-.,/:@%+=~^".indexOf(c) >= 0;
    }

    /** One pass over the file's lines; a quoted value may consume several. */
    private static final class Parser {
        // "export=1" and "export =1" keep "export" as the key
        private static final Pattern EXPORT = Pattern.compile("^export[ \\t]+(?=[^\\s=])");
        private static final String KEY_HINT =
                "names start with a letter or _ and contain only letters, digits, _, . and -, e.g. DATABASE_URL=...";
        private static final String NUL_HINT =
                "remove it: environment variables cannot hold NUL bytes (if the file is UTF-16, save it as UTF-8)";
        // as in Procfile: none of these can start a valid line, and git writes them at the start of one
        private static final List<String> CONFLICT_MARKERS = List.of("<<<<<<<", "=======", ">>>>>>>", "|||||||");

        private final String fileName;
        private final List<String> lines;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, Span> spans = new LinkedHashMap<>();

        Parser(String fileName, String text) {
            this.fileName = fileName;
            this.lines = TextLines.of(text);
        }

        Map<String, String> parse() {
            for (int i = 0; i < lines.size(); i++) {
                i = parseEntry(i);
            }
            return values;
        }

        /** Parses the entry starting on line index I; returns the index of the last line it used. */
        private int parseEntry(int i) {
            int lineNo = i + 1;
            String line = lines.get(i).stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                return i;
            }
            for (String marker : CONFLICT_MARKERS) {
                if (line.startsWith(marker)) {
                    throw error(
                            lineNo,
                            "git merge-conflict marker " + marker,
                            "resolve the conflict: keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines");
                }
            }
            line = EXPORT.matcher(line).replaceFirst("");
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw error(
                        lineNo,
                        "not a KEY=value line (no '=')",
                        "write KEY=value, or start the line with # to make it a comment");
            }
            String key = line.substring(0, equals).strip();
            checkKey(lineNo, key);
            String rest = line.substring(equals + 1);
            String start = rest.stripLeading();
            if (start.startsWith("\"") || start.startsWith("'")) {
                return parseQuoted(i, key, start);
            }
            values.put(key, checkValue(lineNo, key, unquoted(rest)));
            spans.put(key, new Span(i, i));
            return i;
        }

        /** An unquoted value: trimmed, and a # after whitespace starts a comment. */
        private static String unquoted(String rest) {
            int end = rest.length();
            for (int k = 1; k < rest.length(); k++) {
                if (rest.charAt(k) == '#' && Character.isWhitespace(rest.charAt(k - 1))) {
                    end = k;
                    break;
                }
            }
            return rest.substring(0, end).strip();
        }

        /** A quoted value starting at TEXT's first character on line index OPEN; it may continue on later lines. */
        private int parseQuoted(int open, String key, String text) {
            char quote = text.charAt(0);
            StringBuilder value = new StringBuilder();
            int lineIndex = open;
            String current = text;
            int pos = 1;
            while (pos >= current.length() || current.charAt(pos) != quote) {
                if (pos >= current.length()) {
                    if (lineIndex + 1 >= lines.size()) {
                        throw unterminated(open + 1, key, quote);
                    }
                    value.append('\n');
                    current = lines.get(++lineIndex);
                    pos = 0;
                    continue;
                }
                char c = current.charAt(pos);
                String escaped = quote == '"' && c == '\\' && pos + 1 < current.length()
                        ? unescape(current.charAt(pos + 1))
                        : null;
                if (escaped != null) {
                    value.append(escaped);
                    pos += 2;
                } else {
                    value.append(c);
                    pos++;
                }
            }
            String after = current.substring(pos + 1).strip();
            if (!after.isEmpty() && !after.startsWith("#")) {
                String opened = lineIndex == open ? "" : " (opened on line " + (open + 1) + ")";
                throw error(
                        lineIndex + 1,
                        "unexpected text after the closing quote of " + key + "'s value" + opened,
                        "put a comment after whitespace and #, or quote the whole value");
            }
            values.put(key, checkValue(open + 1, key, value.toString()));
            spans.put(key, new Span(open, lineIndex));
            return lineIndex;
        }

        /** The character a double-quoted escape stands for; null keeps the backslash (e.g. a Windows path). */
        private static String unescape(char c) {
            return switch (c) {
                case 'n' -> "\n";
                case 't' -> "\t";
                case 'r' -> "\r";
                case '"' -> "\"";
                case '\\' -> "\\";
                case '$' -> "$";
                default -> null;
            };
        }

        private void checkKey(int lineNo, String key) {
            if (key.isEmpty()) {
                throw error(lineNo, "no variable name before '='", KEY_HINT);
            }
            for (int k = 0; k < key.length(); k++) {
                char c = key.charAt(k);
                boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
                boolean valid = letter || (k > 0 && ((c >= '0' && c <= '9') || c == '.' || c == '-'));
                if (c == '\0') {
                    throw error(lineNo, "the variable name contains a NUL byte", NUL_HINT);
                }
                if (!valid) {
                    // The key is not echoed: a malformed line may well be a secret without its name.
                    String what = k == 0 ? "starts with " : "contains ";
                    throw error(lineNo, "invalid variable name: it " + what + TextLines.describe(c), KEY_HINT);
                }
            }
        }

        private String checkValue(int lineNo, String key, String value) {
            if (value.indexOf('\0') >= 0) {
                throw error(lineNo, "the value of " + key + " contains a NUL byte", NUL_HINT);
            }
            long bytes = ExecLimits.utf8Length(key) + 1 + ExecLimits.utf8Length(value);
            if (bytes > MAX_ENTRY_BYTES) {
                throw error(
                        lineNo,
                        "the entry " + key + "=... is " + bytes + " bytes long; Linux passes at most " + MAX_ENTRY_BYTES
                                + " bytes per environment variable to a process",
                        "keep large data in a file (or behind a URL) and put its path in the variable");
            }
            return value;
        }

        private SlugbuilderException unterminated(int lineNo, String key, char quote) {
            String hint = quote == '"'
                    ? "add the closing \"; write \\\" for a quote inside the value"
                    : "add the closing '; a single-quoted value cannot contain ' (use double quotes and \\\" instead)";
            return error(
                    lineNo,
                    "the value of " + key + " opens a " + (quote == '"' ? "double" : "single")
                            + " quote that is never closed",
                    hint);
        }

        private SlugbuilderException error(int lineNo, String problem, String hint) {
            return SlugbuilderException.badFile(fileName, lineNo, problem, hint);
        }
    }
}
