package slugbuilder.slug;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.app.TextLines;

/**
 * A {@code .slugignore}: what Heroku's slug compiler removes from the app before it packs the
 * slug, read with gitignore's semantics (git's {@code dir.c} and {@code wildmatch.c}, checked
 * against {@code git check-ignore}), relative to the app root:
 * <ul>
 *   <li>one pattern per line (LF or CRLF, a UTF-8 byte-order mark is ignored); a line starting
 *       with {@code #} is a comment ({@code \#} is a pattern starting with {@code #}); blank
 *       lines are ignored; trailing spaces are dropped unless escaped ({@code \ });</li>
 *   <li>no negation: Heroku has none, so a line starting with {@code !} is an error naming its
 *       line ({@code \!} is a pattern starting with {@code !});</li>
 *   <li>a pattern with a slash at its start or in its middle is anchored to the app root
 *       ({@code /tmp}, {@code docs/*.md}); one without matches a name at any depth
 *       ({@code *.log}, {@code node_modules});</li>
 *   <li>a trailing {@code /} matches directories only ({@code logs/}); a symlink to a directory
 *       is not a directory;</li>
 *   <li>{@code *}, {@code ?}, {@code [...]} and {@code **} as in {@link Wildmatch};</li>
 *   <li>a path is excluded when it or one of its parent directories matches.</li>
 * </ul>
 * Unlike GNU tar's {@code -X}, which the peers use and where {@code /tmp} and {@code logs/}
 * silently match nothing, these patterns mean what they mean in a {@code .gitignore}.
 */
public final class SlugIgnore {
    public static final String NAME = ".slugignore";
    private static final SlugIgnore NONE = new SlugIgnore(List.of());

    private final List<Rule> rules;

    private SlugIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Ignores nothing. */
    public static SlugIgnore none() {
        return NONE;
    }

    /** The app's {@code .slugignore}, or {@link #none()} when it has none. */
    public static SlugIgnore read(AppDir app) {
        return app.readText(NAME).map(SlugIgnore::parse).orElse(NONE);
    }

    /** Parses the text of a {@code .slugignore}; a {@code !} line fails naming its line. */
    public static SlugIgnore parse(String text) {
        List<String> lines = TextLines.splitOnLf(TextLines.withoutBom(text));
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = TextLines.withoutCr(lines.get(i));
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String pattern = trimTrailingSpaces(line);
            if (pattern.isEmpty()) {
                continue;
            }
            if (pattern.startsWith("!")) {
                throw SlugbuilderException.badFile(
                        NAME,
                        lineNo,
                        TextLines.quote(pattern, 80) + ": negation (!) is not supported",
                        "Heroku's .slugignore has no exceptions: list only what to leave out"
                                + " (write \\! for a name that starts with '!')");
            }
            rules.add(Rule.of(pattern, lineNo));
        }
        return new SlugIgnore(rules);
    }

    /** The patterns in the order of the file, as they are matched (trailing spaces dropped). */
    public List<String> patterns() {
        return rules.stream().map(Rule::text).toList();
    }

    /** Whether the file has no patterns. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Whether the path is left out of the slug: a pattern matches it or one of its parents.
     *
     * @param relativePath relative to the app root, with forward slashes ({@code tmp/cache/x});
     *                     a leading {@code ./} or {@code /} and a trailing {@code /} are ignored
     * @param isDirectory  whether the path is a directory (not a symlink to one)
     */
    public boolean excludes(String relativePath, boolean isDirectory) {
        return matchingPattern(relativePath, isDirectory).isPresent();
    }

    /**
     * The first pattern that excludes the path (or a parent), as {@code .slugignore:<line>: <pattern>},
     * for messages; empty when the path stays.
     */
    public Optional<String> matchingPattern(String relativePath, boolean isDirectory) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        String path = relativePath;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty() || path.equals(".")) {
            return Optional.empty();
        }
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        while (true) {
            int slash = indexOf(bytes, (byte) '/', from);
            int end = slash < 0 ? bytes.length : slash;
            boolean dir = slash >= 0 || isDirectory;
            byte[] prefix = Arrays.copyOf(bytes, end);
            byte[] basename = Arrays.copyOfRange(bytes, from, end);
            for (Rule rule : rules) {
                if (rule.matches(prefix, basename, dir)) {
                    return Optional.of(NAME + ":" + rule.line + ": " + rule.text);
                }
            }
            if (slash < 0) {
                return Optional.empty();
            }
            from = slash + 1;
        }
    }

    @Override
    public String toString() {
        return NAME + patterns();
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** git's trim_trailing_spaces: drops trailing spaces that no backslash escapes. */
    private static String trimTrailingSpaces(String line) {
        int lastSpace = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                if (lastSpace < 0) {
                    lastSpace = i;
                }
                continue;
            }
            if (c == '\\') {
                i++;
                if (i >= line.length()) {
                    return line;
                }
            }
            lastSpace = -1;
        }
        return lastSpace < 0 ? line : line.substring(0, lastSpace);
    }

    /** One pattern, parsed as git's parse_path_pattern does. */
    private record Rule(String text, int line, byte[] pattern, boolean mustBeDir, boolean basenameOnly) {

        static Rule of(String text, int line) {
            String p = text;
            boolean mustBeDir = false;
            if (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
                mustBeDir = true;
            }
            boolean basenameOnly = p.indexOf('/') < 0;
            if (!basenameOnly && p.startsWith("/")) {
                p = p.substring(1); // anchored to the app root; match_pathname drops one leading slash
            }
            return new Rule(text, line, p.getBytes(StandardCharsets.UTF_8), mustBeDir, basenameOnly);
        }

        boolean matches(byte[] path, byte[] basename, boolean isDirectory) {
            if (mustBeDir && !isDirectory) {
                return false;
            }
            if (pattern.length == 0) {
                return false;
            }
            return basenameOnly ? Wildmatch.matches(pattern, basename, false) : matchesPathname(path);
        }

        /**
         * git's match_pathname: the pattern's leading run without wildcards is compared as text
         * and only the rest goes to wildmatch. That is not just a shortcut: a {@code **} right after
         * the run then starts the pattern, so {@code ab**}{@code /x} crosses directories
         * ({@code ab/c/x}) as git check-ignore says, although gitignore(5) calls it a plain {@code *}.
         */
        private boolean matchesPathname(byte[] path) {
            int prefix = 0;
            while (prefix < pattern.length && "*?[\\".indexOf(pattern[prefix]) < 0) {
                prefix++;
            }
            if (prefix > path.length || !Arrays.equals(pattern, 0, prefix, path, 0, prefix)) {
                return false;
            }
            return Wildmatch.matches(
                    Arrays.copyOfRange(pattern, prefix, pattern.length),
                    Arrays.copyOfRange(path, prefix, path.length),
                    true);
        }
    }
}
