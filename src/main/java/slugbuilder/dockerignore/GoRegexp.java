package slugbuilder.dockerignore;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates the regular expression moby builds from a {@code .dockerignore} pattern (Go's RE2
 * syntax) into an equivalent java.util.regex source, to be used with {@code find()} as Go's
 * MatchString searches. Only what those expressions can hold is translated: moby escapes
 * {@code . + ( ) | { } $} of the pattern and writes the groups and repetitions itself
 * ({@code ^}, {@code $}, {@code [^/]*}, {@code [^/]}, {@code (.*}{@code /)?}, {@code .*}), so
 * alternation, flags and repetitions of the user's own never occur; what the user controls is
 * the text of {@code [...]} and of {@code \x}, which Go reads with its full class and escape
 * syntax. Character classes are rebuilt from their code points, since Java reads {@code [[^/]}
 * differently; Go's errors (bad escapes, reversed ranges) are reported as Go reports them.
 */
final class GoRegexp {
    private static final String WORD = "0-9A-Za-z_";

    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private final int[] re;
    private int pos;
    private final StringBuilder out = new StringBuilder();

    private GoRegexp(String source) {
        this.re = source.codePoints().toArray();
    }

    static String toJava(String goSource) throws SyntaxError {
        GoRegexp g = new GoRegexp(goSource);
        g.parse();
        return g.out.toString();
    }

    private String text(int from, int to) {
        return new String(re, from, Math.min(to, re.length) - from);
    }

    private void parse() throws SyntaxError {
        while (pos < re.length) {
            int c = re[pos];
            switch (c) {
                case '(' -> {
                    pos++;
                    out.append("(?:"); // only moby's own (.*/)?
                }
                case ')', '*', '?' -> {
                    pos++;
                    out.appendCodePoint(c);
                }
                case '^' -> {
                    pos++;
                    out.append("\\A"); // the user's ^ too: Go reads it as an anchor anywhere
                }
                case '$' -> {
                    pos++;
                    out.append("\\z");
                }
                case '.' -> {
                    pos++;
                    out.append("[^\\n]");
                }
                case '[' -> parseClass();
                case '\\' -> parseTopEscape();
                default -> {
                    pos++;
                    literal(c);
                }
            }
        }
    }

    private void literal(int c) {
        out.append("\\x{").append(Integer.toHexString(c)).append('}');
    }

    private void parseTopEscape() throws SyntaxError {
        int start = pos;
        if (pos + 1 < re.length) {
            switch (re[pos + 1]) {
                case 'A':
                    pos += 2;
                    out.append("\\A");
                    return;
                case 'z':
                    pos += 2;
                    out.append("\\z");
                    return;
                case 'b':
                    pos += 2;
                    out.append("(?:(?<=[" + WORD + "])(?![" + WORD + "])|(?<![" + WORD + "])(?=[" + WORD + "]))");
                    return;
                case 'B':
                    pos += 2;
                    out.append("(?:(?<=[" + WORD + "])(?=[" + WORD + "])|(?<![" + WORD + "])(?![" + WORD + "]))");
                    return;
                case 'C':
                    throw new SyntaxError("invalid escape sequence: `\\C`");
                case 'Q': {
                    pos += 2;
                    int e = pos;
                    while (e < re.length && !(re[e] == '\\' && e + 1 < re.length && re[e + 1] == 'E')) {
                        e++;
                    }
                    out.append("(?:");
                    for (int i = pos; i < e; i++) {
                        literal(re[i]);
                    }
                    out.append(')');
                    pos = e < re.length ? e + 2 : e;
                    return;
                }
                default:
                    break;
            }
        }
        List<String> items = new ArrayList<>();
        if (unicodeClass(items) || perlClass(items)) {
            out.append('[').append(String.join("", items)).append(']');
            return;
        }
        pos = start;
        literal(parseEscape());
    }

    /** \pX or \PX (braces are always escaped by moby, so only one-letter names occur). */
    private boolean unicodeClass(List<String> items) throws SyntaxError {
        if (pos + 1 >= re.length || re[pos] != '\\' || (re[pos + 1] != 'p' && re[pos + 1] != 'P')) {
            return false;
        }
        boolean negated = re[pos + 1] == 'P';
        if (pos + 2 >= re.length) {
            return false; // Go then fails in parseEscape
        }
        int name = re[pos + 2];
        String java;
        switch (name) {
            case 'L':
            case 'M':
            case 'N':
            case 'P':
            case 'S':
            case 'Z':
                java = "\\p{" + (char) name + "}";
                break;
            case 'C':
                java = "\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}";
                break;
            default:
                throw new SyntaxError("invalid character class range: `" + text(pos, pos + 3) + "`");
        }
        pos += 3;
        items.add(negated ? "[^" + java + "]" : java);
        return true;
    }

    private boolean perlClass(List<String> items) {
        if (pos + 1 >= re.length || re[pos] != '\\') {
            return false;
        }
        String set;
        switch (re[pos + 1]) {
            case 'd':
                set = "0-9";
                break;
            case 'D':
                set = "^0-9";
                break;
            case 's':
                set = "\\t\\n\\f\\r ";
                break;
            case 'S':
                set = "^\\t\\n\\f\\r ";
                break;
            case 'w':
                set = WORD;
                break;
            case 'W':
                set = "^" + WORD;
                break;
            default:
                return false;
        }
        pos += 2;
        items.add("[" + set + "]");
        return true;
    }

    /** Go's parseEscape: the rune of a single-character escape at pos ("\\..."). */
    private int parseEscape() throws SyntaxError {
        int start = pos;
        pos++; // the backslash
        if (pos >= re.length) {
            throw new SyntaxError("trailing backslash at end of expression: ``");
        }
        int c = re[pos++];
        switch (c) {
            case '1':
            case '2':
            case '3':
            case '4':
            case '5':
            case '6':
            case '7':
                if (pos >= re.length || re[pos] < '0' || re[pos] > '7') {
                    break;
                }
            // fall through: octal
            case '0': {
                int r = c - '0';
                for (int i = 1; i < 3; i++) {
                    if (pos >= re.length || re[pos] < '0' || re[pos] > '7') {
                        break;
                    }
                    r = r * 8 + re[pos++] - '0';
                }
                return r;
            }
            case 'x': {
                if (pos >= re.length) {
                    break;
                }
                int x = unhex(re[pos++]);
                int y = pos < re.length ? unhex(re[pos++]) : -1;
                if (x < 0 || y < 0) {
                    break;
                }
                return x * 16 + y;
            }
            case 'a':
                return 7;
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'v':
                return 0x0B;
            default:
                if (c < 0x80 && !Character.isLetterOrDigit(c)) {
                    return c;
                }
                break;
        }
        throw new SyntaxError("invalid escape sequence: `" + text(start, pos) + "`");
    }

    private static int unhex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Go's parseClass: [ ... ] with ranges, [:name:], \d, \pL and escapes. */
    private void parseClass() throws SyntaxError {
        int start = pos;
        pos++; // [
        boolean negated = false;
        if (pos < re.length && re[pos] == '^') {
            negated = true;
            pos++;
        }
        List<String> items = new ArrayList<>();
        boolean first = true;
        while (pos >= re.length || re[pos] != ']' || first) {
            first = false;
            if (pos + 2 < re.length && re[pos] == '[' && re[pos + 1] == ':') {
                String named = namedClass();
                if (named != null) {
                    items.add(named);
                    continue;
                }
            }
            if (unicodeClass(items) || perlClass(items)) {
                continue;
            }
            int rangeStart = pos;
            int lo = classChar(start);
            int hi = lo;
            if (pos + 1 < re.length && re[pos] == '-' && re[pos + 1] != ']') {
                pos++;
                hi = classChar(start);
                if (hi < lo) {
                    throw new SyntaxError("invalid character class range: `" + text(rangeStart, pos) + "`");
                }
            }
            items.add("\\x{" + Integer.toHexString(lo) + "}-\\x{" + Integer.toHexString(hi) + "}");
        }
        pos++; // ]
        String set = "[" + String.join("", items) + "]";
        out.append(negated ? "(?:(?!" + set + ")(?s:.))" : set);
    }

    private int classChar(int classStart) throws SyntaxError {
        if (pos >= re.length) {
            throw new SyntaxError("missing closing ]: `" + text(classStart, re.length) + "`");
        }
        if (re[pos] == '\\') {
            return parseEscape();
        }
        return re[pos++];
    }

    /** [:alpha:] and friends (ASCII), or null when this is not one; Go looks for ":]" anywhere after. */
    private String namedClass() throws SyntaxError {
        int close = -1;
        for (int i = pos + 2; i + 1 < re.length; i++) {
            if (re[i] == ':' && re[i + 1] == ']') {
                close = i;
                break;
            }
        }
        if (close < 0) {
            return null;
        }
        String name = text(pos, close + 2);
        String inner = text(pos + 2, close);
        boolean neg = inner.startsWith("^");
        String set =
                switch (neg ? inner.substring(1) : inner) {
                    case "alnum" -> "0-9A-Za-z";
                    case "alpha" -> "A-Za-z";
                    case "ascii" -> "\\x00-\\x7F";
                    case "blank" -> "\\t ";
                    case "cntrl" -> "\\x00-\\x1F\\x7F";
                    case "digit" -> "0-9";
                    case "graph" -> "!-~";
                    case "lower" -> "a-z";
                    case "print" -> " -~";
                    case "punct" -> "!-/:-@\\[-`{-~";
                    case "space" -> "\\t\\n\\x0B\\f\\r ";
                    case "upper" -> "A-Z";
                    case "word" -> WORD;
                    case "xdigit" -> "0-9A-Fa-f";
                    default -> null;
                };
        if (set == null) {
            throw new SyntaxError("invalid character class range: `" + name + "`");
        }
        pos = close + 2;
        return "[" + (neg ? "^" : "") + set + "]";
    }
}
