package slugbuilder.dockerignore;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import slugbuilder.SlugbuilderException;

/**
 * One {@code .dockerignore} pattern as moby's patternmatcher compiles and matches it
 * ({@code patternmatcher.Pattern}, with "/" as the separator): an exact name, a prefix
 * ({@code dir/**}), a suffix ({@code **}{@code /name}) or a regular expression.
 */
final class PatternRule {
    enum Kind {
        EXACT,
        PREFIX,
        SUFFIX,
        REGEXP
    }

    final boolean exclusion;
    /** The pattern as matched: cleaned, without its {@code !}. */
    final String cleaned;
    /** How many path segments the pattern has, for moby's deprecated Matches. */
    final int dirs;

    final Kind kind;
    /** The Go regular expression moby builds (e.g. {@code ^[^/]*$}); empty unless REGEXP. */
    final String goSource;

    private final Pattern regexp;
    private final byte[] suffix;

    private PatternRule(boolean exclusion, String cleaned, Kind kind, Pattern regexp, String goSource) {
        this.exclusion = exclusion;
        this.goSource = goSource;
        this.cleaned = cleaned;
        this.dirs = cleaned.split("/", -1).length;
        this.kind = kind;
        this.regexp = regexp;
        byte[] bytes = cleaned.getBytes(StandardCharsets.UTF_8);
        // Go slices bytes: cleanedPattern[2:]
        this.suffix = kind == Kind.SUFFIX ? Arrays.copyOfRange(bytes, 2, bytes.length) : null;
    }

    /** patternmatcher.New for one pattern; null when New skips it (blank); LINE names it in errors. */
    static PatternRule of(String raw, int line) {
        String p = GoPath.trimSpace(raw);
        if (p.isEmpty()) {
            return null;
        }
        p = GoPath.clean(p);
        boolean exclusion = false;
        if (p.charAt(0) == '!') {
            if (p.length() == 1) {
                throw bad(raw, line, "a ! needs a pattern after it, e.g. !README.md");
            }
            exclusion = true;
            p = p.substring(1);
        }
        if (!GoGlob.valid(p)) {
            throw bad(
                    raw,
                    line,
                    "not valid Go filepath.Match syntax (* ? [a-z] [^a-z] \\x): "
                            + "check for an unclosed [, a range without an end, a trailing \\; docker build rejects it too");
        }
        return compile(exclusion, p, raw, line);
    }

    /** patternmatcher's Pattern.compile with "/" as the separator. */
    private static PatternRule compile(boolean exclusion, String pattern, String raw, int line) {
        StringBuilder reg = new StringBuilder("^");
        Kind kind = Kind.EXACT;
        int[] cps = pattern.codePoints().toArray();
        int pos = 0;
        if (cps.length > 0 && cps[0] == 0xFEFF) {
            pos = 1; // Go's text/scanner skips a byte-order mark at the very start of the pattern
        }
        for (int i = 0; pos < cps.length; i++) {
            int ch = cps[pos++];
            if (ch == '*') {
                if (pos < cps.length && cps[pos] == '*') {
                    pos++;
                    if (pos < cps.length && cps[pos] == '/') {
                        pos++;
                    }
                    if (pos == cps.length) {
                        if (kind == Kind.EXACT) {
                            kind = Kind.PREFIX;
                        } else {
                            reg.append(".*");
                            kind = Kind.REGEXP;
                        }
                    } else {
                        reg.append("(.*/)?");
                        kind = Kind.REGEXP;
                    }
                    if (i == 0) {
                        kind = Kind.SUFFIX;
                    }
                } else {
                    reg.append("[^/]*");
                    kind = Kind.REGEXP;
                }
            } else if (ch == '?') {
                reg.append("[^/]");
                kind = Kind.REGEXP;
            } else if (ch < 128 && ".+()|{}$".indexOf(ch) >= 0) {
                reg.append('\\').appendCodePoint(ch);
            } else if (ch == '\\') {
                if (pos < cps.length) {
                    reg.append('\\').appendCodePoint(cps[pos++]);
                    kind = Kind.REGEXP;
                } else {
                    reg.append('\\');
                }
            } else if (ch == '[' || ch == ']') {
                reg.appendCodePoint(ch);
                kind = Kind.REGEXP;
            } else {
                reg.appendCodePoint(ch);
            }
        }
        Pattern regexp = null;
        if (kind == Kind.REGEXP) {
            reg.append('$');
            try {
                regexp = Pattern.compile(GoRegexp.toJava(reg.toString()));
            } catch (GoRegexp.SyntaxError e) {
                throw bad(
                        raw,
                        line,
                        "Docker turns it into the regular expression " + reg + ", which Go rejects (" + e.getMessage()
                                + "); docker build fails on it too");
            } catch (PatternSyntaxException e) {
                throw bad(
                        raw,
                        line,
                        "Docker turns it into the regular expression " + reg
                                + ", which slugbuilder cannot reproduce; simplify the pattern");
            }
        }
        return new PatternRule(exclusion, pattern, kind, regexp, kind == Kind.REGEXP ? reg.toString() : "");
    }

    boolean match(String path) {
        switch (kind) {
            case EXACT:
                return path.equals(cleaned);
            case PREFIX:
                return path.startsWith(cleaned.substring(0, cleaned.length() - 2));
            case SUFFIX: {
                byte[] p = path.getBytes(StandardCharsets.UTF_8);
                if (endsWith(p, suffix)) {
                    return true;
                }
                // **/foo matches "foo"
                return suffix[0] == '/' && Arrays.equals(p, 0, p.length, suffix, 1, suffix.length);
            }
            default:
                return regexp.matcher(path).find();
        }
    }

    /** Whether the rule matches PATH or, as MatchesOrParentMatches checks, one of its parent directories. */
    boolean matchesOrParent(String path) {
        if (match(path)) {
            return true;
        }
        String parentPath = GoPath.dir(path);
        if (parentPath.equals(".")) {
            return false;
        }
        String[] parentDirs = parentPath.split("/", -1);
        for (int i = 0; i < parentDirs.length; i++) {
            if (match(String.join("/", Arrays.copyOfRange(parentDirs, 0, i + 1)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWith(byte[] s, byte[] suffix) {
        return s.length >= suffix.length
                && Arrays.equals(s, s.length - suffix.length, s.length, suffix, 0, suffix.length);
    }

    private static SlugbuilderException bad(String raw, int line, String hint) {
        return SlugbuilderException.badFile(DockerIgnore.NAME, line, "bad pattern \"" + raw + "\"", hint);
    }

    @Override
    public String toString() {
        return (exclusion ? "!" : "") + cleaned;
    }
}
