package slugbuilder.app;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import slugbuilder.SlugbuilderException;

/**
 * A {@code .dockerignore} with exactly the Docker CLI's semantics, so that a build context
 * slugbuilder streams itself leaves out what {@code docker build} would leave out.
 *
 * <p>Ported from moby's {@code github.com/moby/patternmatcher} ({@code ignorefile.ReadAll},
 * {@code New}, {@code Pattern.compile}, {@code MatchesOrParentMatches},
 * {@code MatchesUsingParentResults}, {@code Matches}) and from the directory walk of
 * {@code archive.TarWithOptions} (moby/go-archive) that docker/cli runs with the patterns:
 * <ul>
 *   <li>Lines are split on LF (a CR before it is dropped); a UTF-8 BOM is ignored; a line whose
 *       first character is {@code #} is a comment (an indented {@code #} is a pattern); the rest
 *       is trimmed, a leading {@code !} marks an exception, the pattern is cleaned like Go's
 *       {@code filepath.Clean} and one leading {@code /} is dropped.</li>
 *   <li>A pattern must be valid Go {@code filepath.Match} syntax ({@code * ? [a-z] [^a-z] \x}),
 *       but Docker then matches with a regular expression it builds from the pattern: {@code *}
 *       and {@code ?} never cross a {@code /}, {@code **} crosses any number of directories,
 *       and the text of {@code [...]} and {@code \x} is handed to Go's regexp engine as is. This
 *       class does the same (Go's regexp syntax translated to java.util.regex), quirks
 *       included: {@code [!a]} is not a negation, {@code \d} is a digit.</li>
 *   <li>The last pattern that matches a path or one of its parent directories decides.</li>
 *   <li>A directory that is excluded is not walked, unless an exception pattern starts with
 *       the directory's path (the CLI compares text: {@code !**}{@code /keep} does not count).</li>
 *   <li>A malformed pattern fails {@link #parse} with its line. That includes a pattern whose
 *       regular expression Go rejects ({@code [z-a]}, {@code \q}): docker fails the build on
 *       it only when the pattern is first evaluated, so it lets one pass as long as no earlier
 *       pattern matched anything; slugbuilder rejects it anyway.</li>
 * </ul>
 * Paths are relative to the context root, with forward slashes ({@code node_modules/x/y.js}).
 */
public final class DockerIgnore {
    public static final String NAME = ".dockerignore";
    private static final DockerIgnore NONE = new DockerIgnore(List.of(), List.of());
    // bufio.Scanner's default limit: docker fails with "token too long" on such a line.
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private final List<String> patterns;
    private final List<Rule> rules;
    private final boolean exclusions;

    private DockerIgnore(List<String> patterns, List<Rule> rules) {
        this.patterns = List.copyOf(patterns);
        this.rules = List.copyOf(rules);
        this.exclusions = rules.stream().anyMatch(r -> r.exclusion);
    }

    /** The app's {@code .dockerignore}; one that matches nothing when the app has none. */
    public static DockerIgnore read(AppDir app) {
        // readText has already dropped the BOM, which ReadAll strips once
        return app.readText(NAME).map(text -> parse(text, false)).orElse(NONE);
    }

    /** Parses the text of a {@code .dockerignore}; a malformed pattern fails naming its line. */
    public static DockerIgnore parse(String text) {
        return parse(text, true);
    }

    private static DockerIgnore parse(String text, boolean stripBom) {
        List<String> patterns = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        readAll(stripBom && text.startsWith("\uFEFF") ? text.substring(1) : text, patterns, lines);
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            Rule rule = Rule.of(patterns.get(i), lines.get(i));
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new DockerIgnore(patterns, rules);
    }

    /** The patterns as Docker reads them (cleaned, exceptions with their {@code !}), in order. */
    public List<String> patterns() {
        return patterns;
    }

    /**
     * Whether {@code docker build} leaves this file or directory out of the context: the
     * patterns exclude it (walked as the CLI walks, see {@link #matches}), or one of its parent
     * directories is excluded and not walked (see {@link #mustWalk}). For a directory that is
     * excluded but must be walked, only its own tar entry is left out, not what it contains.
     */
    public boolean excludes(String relativePath) {
        String path = relative(relativePath);
        if (path.equals(".")) {
            return false;
        }
        Walk walk = walk(path);
        return walk.prunedAbove || walk.matched;
    }

    /**
     * Whether the CLI walks into this directory: false only when the directory is excluded (or
     * lies under a directory that is not walked) and no exception pattern's text starts with
     * {@code relativeDir + "/"}, so nothing below it can be re-included.
     */
    public boolean mustWalk(String relativeDir) {
        String path = relative(relativeDir);
        if (path.equals(".")) {
            return true;
        }
        Walk walk = walk(path);
        return !walk.prunedAbove && !(walk.matched && !hasExceptionUnder(path));
    }

    /**
     * moby's {@code PatternMatcher.MatchesOrParentMatches}: the last pattern that matches the path
     * or one of its parent directories decides; the path is taken as is (not cleaned). What
     * {@link #excludes} answers differs in two ways: the CLI does not walk into an excluded
     * directory that no exception names (see {@link #mustWalk}), and its walk carries each
     * directory's results to its children instead of re-checking the parents, which matters
     * when an exception names a parent of a path an earlier pattern excludes ({@code a/b},
     * {@code !a}: the CLI leaves {@code a/b} out).
     */
    public boolean matches(String path) {
        boolean matched = false;
        String parentPath = goDir(path);
        String[] parentDirs = parentPath.split("/", -1);
        for (Rule rule : rules) {
            if (rule.exclusion != matched) {
                continue;
            }
            boolean match = rule.match(path);
            if (!match && !parentPath.equals(".")) {
                for (int i = 0; i < parentDirs.length && !match; i++) {
                    match = rule.match(String.join("/", Arrays.copyOfRange(parentDirs, 0, i + 1)));
                }
            }
            if (match) {
                matched = !rule.exclusion;
            }
        }
        return matched;
    }

    /**
     * docker/cli's {@code TrimBuildFilesFromExcludes}: the engine needs the Dockerfile and the
     * {@code .dockerignore} in the context (it removes them itself after reading them), so when
     * the patterns exclude them the CLI appends {@code !.dockerignore} and {@code !<dockerfile>}.
     * It decides with moby's deprecated {@code Matches}, which checks only one parent directory.
     *
     * @param dockerfile the Dockerfile's path relative to the context root, e.g. {@code Dockerfile}
     */
    public DockerIgnore keepingBuildFiles(String dockerfile) {
        DockerIgnore result = this;
        if (result.deprecatedMatches(NAME)) {
            result = result.plus("!" + NAME);
        }
        String file = clean(dockerfile);
        if (result.deprecatedMatches(file)) {
            result = result.plus("!" + file);
        }
        return result;
    }

    /**
     * How moby compiles one pattern: its match type, and for a regexp the Go source moby
     * builds (e.g. {@code regexp ^[^/]*$}); for comparing with moby's own compile tests.
     */
    static String compiled(String pattern) {
        Rule rule = Rule.of(pattern, 0);
        return rule.kind.name().toLowerCase(java.util.Locale.ROOT) + (rule.goSource.isEmpty() ? "" : " " + rule.goSource);
    }

    @Override
    public String toString() {
        return NAME + patterns;
    }

    private DockerIgnore plus(String pattern) {
        List<String> morePatterns = new ArrayList<>(patterns);
        morePatterns.add(pattern);
        List<Rule> moreRules = new ArrayList<>(rules);
        Rule rule = Rule.of(pattern, 0);
        if (rule != null) {
            moreRules.add(rule);
        }
        return new DockerIgnore(morePatterns, moreRules);
    }

    // ---- the CLI's walk (moby/go-archive TarWithOptions) ----

    private record Walk(boolean matched, boolean prunedAbove) {
    }

    /**
     * Walks from the top directory down to {@code path} as TarWithOptions does, carrying each
     * directory's MatchInfo into its children (MatchesUsingParentResults).
     */
    private Walk walk(String path) {
        String[] parts = path.split("/", -1);
        boolean[] parentInfo = null;
        boolean matched = false;
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(parts[i]);
            boolean[] info = new boolean[rules.size()];
            matched = matchesUsingParentResults(prefix.toString(), parentInfo, info);
            if (i < parts.length - 1 && matched && !hasExceptionUnder(prefix.toString())) {
                return new Walk(matched, true);
            }
            parentInfo = info;
        }
        return new Walk(matched, false);
    }

    private boolean matchesUsingParentResults(String file, boolean[] parentMatched, boolean[] info) {
        boolean matched = false;
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            boolean match = parentMatched != null && parentMatched[i];
            if (!match) {
                if (rule.exclusion != matched) {
                    continue;
                }
                match = rule.match(file);
                if (!match && parentMatched == null) {
                    String parentPath = goDir(file);
                    if (!parentPath.equals(".")) {
                        String[] dirs = parentPath.split("/", -1);
                        for (int j = 0; j < dirs.length && !match; j++) {
                            match = rule.match(String.join("/", Arrays.copyOfRange(dirs, 0, j + 1)));
                        }
                    }
                }
            }
            info[i] = match;
            if (match) {
                matched = !rule.exclusion;
            }
        }
        return matched;
    }

    /** The walker's test for an excluded directory: does some exception's text start with it? */
    private boolean hasExceptionUnder(String dir) {
        if (!exclusions) {
            return false;
        }
        String dirSlash = dir + "/";
        for (Rule rule : rules) {
            if (rule.exclusion && (rule.cleaned + "/").startsWith(dirSlash)) {
                return true;
            }
        }
        return false;
    }

    /** moby's deprecated package-level {@code Matches}: only one parent directory is checked. */
    private boolean deprecatedMatches(String file) {
        String path = clean(file);
        if (path.equals(".")) {
            return false;
        }
        boolean matched = false;
        String parentPath = goDir(path);
        String[] parentDirs = parentPath.split("/", -1);
        for (Rule rule : rules) {
            if (rule.exclusion != matched) {
                continue;
            }
            boolean match = rule.match(path);
            if (!match && !parentPath.equals(".") && rule.dirs <= parentDirs.length) {
                match = rule.match(String.join("/", Arrays.copyOfRange(parentDirs, 0, rule.dirs)));
            }
            if (match) {
                matched = !rule.exclusion;
            }
        }
        return matched;
    }

    // ---- ignorefile.ReadAll ----

    private static void readAll(String text, List<String> out, List<Integer> lines) {
        String body = text;
        int lineNo = 0;
        int start = 0;
        while (start < body.length()) {
            int nl = body.indexOf('\n', start);
            int end = nl < 0 ? body.length() : nl;
            String line = body.substring(start, end);
            start = end + 1;
            lineNo++;
            if (line.getBytes(StandardCharsets.UTF_8).length >= MAX_LINE_BYTES) {
                throw SlugbuilderException.badFile(NAME, lineNo, "line too long",
                        "docker reads .dockerignore lines of up to 64 KiB; split the pattern");
            }
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = goTrimSpace(line);
            if (pattern.isEmpty()) {
                continue;
            }
            boolean invert = pattern.charAt(0) == '!';
            if (invert) {
                pattern = goTrimSpace(pattern.substring(1));
            }
            if (!pattern.isEmpty()) {
                pattern = clean(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                    pattern = pattern.substring(1);
                }
            }
            out.add(invert ? "!" + pattern : pattern);
            lines.add(lineNo);
        }
    }

    // ---- one pattern (patternmatcher.Pattern) ----

    private enum Kind { EXACT, PREFIX, SUFFIX, REGEXP }

    private static final class Rule {
        final boolean exclusion;
        final String cleaned;
        final int dirs;
        final Kind kind;
        final Pattern regexp;
        final byte[] suffix;
        final String goSource;

        private Rule(boolean exclusion, String cleaned, Kind kind, Pattern regexp, String goSource) {
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

        /** patternmatcher.New for one pattern; null when New skips it (blank). */
        static Rule of(String raw, int line) {
            String p = goTrimSpace(raw);
            if (p.isEmpty()) {
                return null;
            }
            p = clean(p);
            boolean exclusion = false;
            if (p.charAt(0) == '!') {
                if (p.length() == 1) {
                    throw bad(raw, line, "a ! needs a pattern after it, e.g. !README.md");
                }
                exclusion = true;
                p = p.substring(1);
            }
            if (!GoGlob.valid(p)) {
                throw bad(raw, line, "not valid Go filepath.Match syntax (* ? [a-z] [^a-z] \\x): "
                        + "check for an unclosed [, a range without an end, a trailing \\; docker build rejects it too");
            }
            return compile(exclusion, p, raw, line);
        }

        /** patternmatcher's Pattern.compile with "/" as the separator. */
        private static Rule compile(boolean exclusion, String pattern, String raw, int line) {
            StringBuilder reg = new StringBuilder("^");
            Kind kind = Kind.EXACT;
            int[] cps = pattern.codePoints().toArray();
            int pos = 0;
            if (cps.length > 0 && cps[0] == 0xFEFF) {
                pos = 1; // text/scanner skips a BOM at the very start
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
                    throw bad(raw, line, "Docker turns it into the regular expression " + reg
                            + ", which Go rejects (" + e.getMessage() + "); docker build fails on it too");
                } catch (PatternSyntaxException e) {
                    throw bad(raw, line, "Docker turns it into the regular expression " + reg
                            + ", which slugbuilder cannot reproduce; simplify the pattern");
                }
            }
            return new Rule(exclusion, pattern, kind, regexp, kind == Kind.REGEXP ? reg.toString() : "");
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

        private static boolean endsWith(byte[] s, byte[] suffix) {
            return s.length >= suffix.length
                    && Arrays.equals(s, s.length - suffix.length, s.length, suffix, 0, suffix.length);
        }

        private static SlugbuilderException bad(String raw, int line, String hint) {
            return SlugbuilderException.badFile(NAME, line, "bad pattern \"" + raw + "\"", hint);
        }
    }

    // ---- Go helpers ----

    /** Go's path.Clean (filepath.Clean on Unix). */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        int n = path.length();
        StringBuilder out = new StringBuilder(n);
        int r = 0;
        int dotdot = 0;
        if (rooted) {
            out.append('/');
            r = 1;
            dotdot = 1;
        }
        while (r < n) {
            char c = path.charAt(r);
            if (c == '/') {
                r++;
            } else if (c == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
                r++;
            } else if (c == '.' && path.charAt(r + 1) == '.' && (r + 2 == n || path.charAt(r + 2) == '/')) {
                r += 2;
                if (out.length() > dotdot) {
                    int w = out.length() - 1;
                    while (w > dotdot && out.charAt(w) != '/') {
                        w--;
                    }
                    out.setLength(w);
                } else if (!rooted) {
                    if (out.length() > 0) {
                        out.append('/');
                    }
                    out.append("..");
                    dotdot = out.length();
                }
            } else {
                if (rooted && out.length() != 1 || !rooted && out.length() != 0) {
                    out.append('/');
                }
                while (r < n && path.charAt(r) != '/') {
                    out.append(path.charAt(r++));
                }
            }
        }
        return out.length() == 0 ? "." : out.toString();
    }

    private static String relative(String path) {
        String cleaned = clean(path);
        if (cleaned.startsWith("/")) {
            throw new IllegalArgumentException("not relative to the context root: " + path);
        }
        return cleaned;
    }

    /** Go's filepath.Dir on Unix. */
    private static String goDir(String path) {
        int slash = path.lastIndexOf('/');
        return clean(path.substring(0, slash + 1));
    }

    /** Go's strings.TrimSpace: unicode.IsSpace at both ends. */
    static String goTrimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end) {
            int cp = s.codePointAt(start);
            if (!goIsSpace(cp)) {
                break;
            }
            start += Character.charCount(cp);
        }
        while (end > start) {
            int cp = s.codePointBefore(end);
            if (!goIsSpace(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(start, end);
    }

    private static boolean goIsSpace(int r) {
        if (r <= 0xFF) {
            return r == '\t' || r == '\n' || r == 0x0B || r == '\f' || r == '\r' || r == ' ' || r == 0x85 || r == 0xA0;
        }
        return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F
                || r == 0x205F || r == 0x3000;
    }

    /** Go's path/filepath.Match on Unix, used only as moby uses it: to reject bad patterns. */
    static final class GoGlob {
        private GoGlob() {
        }

        static final class BadPattern extends Exception {
            BadPattern() {
                super("syntax error in pattern", null, false, false);
            }
        }

        static boolean valid(String pattern) {
            try {
                match(pattern, ".");
                return true;
            } catch (BadPattern e) {
                return false;
            }
        }

        static boolean match(String pattern, String name) throws BadPattern {
            int[] pat = pattern.codePoints().toArray();
            int[] nm = name.codePoints().toArray();
            int p = 0;
            int s = 0;
            pattern:
            while (p < pat.length) {
                boolean star = false;
                while (p < pat.length && pat[p] == '*') {
                    p++;
                    star = true;
                }
                int chunkEnd = scanChunk(pat, p);
                int cStart = p;
                p = chunkEnd;
                if (star && cStart == chunkEnd) {
                    for (int i = s; i < nm.length; i++) {
                        if (nm[i] == '/') {
                            return false;
                        }
                    }
                    return true;
                }
                int t = matchChunk(pat, cStart, chunkEnd, nm, s);
                if (t >= 0 && (t == nm.length || p < pat.length)) {
                    s = t;
                    continue;
                }
                if (star) {
                    for (int i = s; i < nm.length && nm[i] != '/'; i++) {
                        t = matchChunk(pat, cStart, chunkEnd, nm, i + 1);
                        if (t >= 0) {
                            if (p == pat.length && t < nm.length) {
                                continue;
                            }
                            s = t;
                            continue pattern;
                        }
                    }
                }
                while (p < pat.length) {
                    while (p < pat.length && pat[p] == '*') {
                        p++;
                    }
                    int end = scanChunk(pat, p);
                    matchChunk(pat, p, end, nm, nm.length);
                    p = end;
                }
                return false;
            }
            return s == nm.length;
        }

        /** End of the chunk starting at p (after the stars). */
        private static int scanChunk(int[] pat, int p) {
            boolean inrange = false;
            int i = p;
            for (; i < pat.length; i++) {
                int c = pat[i];
                if (c == '\\') {
                    if (i + 1 < pat.length) {
                        i++;
                    }
                } else if (c == '[') {
                    inrange = true;
                } else if (c == ']') {
                    inrange = false;
                } else if (c == '*' && !inrange) {
                    break;
                }
            }
            return i;
        }

        /** Index in name after the match, or -1 when it fails; throws on a bad chunk. */
        private static int matchChunk(int[] pat, int c, int end, int[] nm, int s) throws BadPattern {
            boolean failed = false;
            while (c < end) {
                if (!failed && s == nm.length) {
                    failed = true;
                }
                int ch = pat[c];
                if (ch == '[') {
                    int r = 0;
                    if (!failed) {
                        r = nm[s++];
                    }
                    c++;
                    boolean negated = false;
                    if (c < end && pat[c] == '^') {
                        negated = true;
                        c++;
                    }
                    boolean match = false;
                    int nrange = 0;
                    while (true) {
                        if (c < end && pat[c] == ']' && nrange > 0) {
                            c++;
                            break;
                        }
                        int[] lo = getEsc(pat, c, end);
                        c = lo[1];
                        int hi = lo[0];
                        if (pat[c] == '-') {
                            int[] h = getEsc(pat, c + 1, end);
                            hi = h[0];
                            c = h[1];
                        }
                        if (lo[0] <= r && r <= hi) {
                            match = true;
                        }
                        nrange++;
                    }
                    if (match == negated) {
                        failed = true;
                    }
                } else if (ch == '?') {
                    if (!failed) {
                        if (nm[s] == '/') {
                            failed = true;
                        }
                        s++;
                    }
                    c++;
                } else {
                    if (ch == '\\') {
                        c++;
                        if (c == end) {
                            throw new BadPattern();
                        }
                    }
                    if (!failed) {
                        if (pat[c] != nm[s]) {
                            failed = true;
                        }
                        s++;
                    }
                    c++;
                }
            }
            return failed ? -1 : s;
        }

        /** {rune, index after it}. */
        private static int[] getEsc(int[] pat, int c, int end) throws BadPattern {
            if (c == end || pat[c] == '-' || pat[c] == ']') {
                throw new BadPattern();
            }
            if (pat[c] == '\\') {
                c++;
                if (c == end) {
                    throw new BadPattern();
                }
            }
            int r = pat[c++];
            if (c == end) {
                throw new BadPattern();
            }
            return new int[] {r, c};
        }
    }

    /**
     * Translates the Go regexp source moby builds (RE2 syntax, Perl flags) into an equivalent
     * java.util.regex source, to be used with {@code find()} as Go's MatchString searches.
     * Character classes are rebuilt from their code points, since Java reads {@code [[^/]}
     * differently; Go's errors (bad escapes, reversed ranges) are reported as Go reports them.
     */
    static final class GoRegexp {
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
            int depth = 0;
            boolean canRepeat = false; // an operand precedes
            boolean lastWasRepeat = false;
            while (pos < re.length) {
                int start = pos;
                int c = re[pos];
                boolean repeat = false;
                switch (c) {
                    case '(':
                        pos++;
                        depth++;
                        out.append("(?:");
                        canRepeat = false;
                        break;
                    case ')':
                        pos++;
                        if (--depth < 0) {
                            throw new SyntaxError("unexpected ): `" + text(0, re.length) + "`");
                        }
                        out.append(')');
                        canRepeat = true;
                        break;
                    case '|':
                        pos++;
                        out.append('|');
                        canRepeat = false;
                        break;
                    case '*':
                    case '+':
                    case '?': {
                        pos++;
                        if (pos < re.length && re[pos] == '?') {
                            pos++;
                        }
                        if (lastWasRepeat) {
                            throw new SyntaxError("invalid nested repetition operator: `" + text(start - 1, pos) + "`");
                        }
                        if (!canRepeat) {
                            throw new SyntaxError("missing argument to repetition operator: `" + text(start, pos) + "`");
                        }
                        out.append(text(start, pos));
                        repeat = true;
                        break;
                    }
                    case '^':
                        pos++;
                        out.append("\\A");
                        canRepeat = true;
                        break;
                    case '$':
                        pos++;
                        out.append("\\z");
                        canRepeat = true;
                        break;
                    case '.':
                        pos++;
                        out.append("[^\\n]");
                        canRepeat = true;
                        break;
                    case '[':
                        parseClass();
                        canRepeat = true;
                        break;
                    case '\\':
                        parseTopEscape();
                        canRepeat = true;
                        break;
                    default:
                        pos++;
                        literal(c);
                        canRepeat = true;
                        break;
                }
                lastWasRepeat = repeat;
            }
            if (depth != 0) {
                throw new SyntaxError("missing closing ): `" + text(0, re.length) + "`");
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
                case 'L': case 'M': case 'N': case 'P': case 'S': case 'Z':
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
                case 'd': set = "0-9"; break;
                case 'D': set = "^0-9"; break;
                case 's': set = "\\t\\n\\f\\r "; break;
                case 'S': set = "^\\t\\n\\f\\r "; break;
                case 'w': set = WORD; break;
                case 'W': set = "^" + WORD; break;
                default: return false;
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
                case '1': case '2': case '3': case '4': case '5': case '6': case '7':
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
                case 'a': return 7;
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'v': return 0x0B;
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
            String set = switch (neg ? inner.substring(1) : inner) {
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
}
