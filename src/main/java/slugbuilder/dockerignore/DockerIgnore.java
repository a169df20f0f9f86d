package slugbuilder.dockerignore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import slugbuilder.app.AppDir;
import slugbuilder.app.TextLines;

/**
 * A {@code .dockerignore} with exactly the Docker CLI's semantics, so that a build context
 * slugbuilder streams itself leaves out what {@code docker build} would leave out.
 *
 * <p>Ported from moby's {@code github.com/moby/patternmatcher} ({@code ignorefile.ReadAll}:
 * {@link IgnoreFileReader}; {@code New} and {@code Pattern.compile}: {@link PatternRule};
 * {@code MatchesUsingParentResults}, {@code Matches}) and from the directory walk of
 * {@code archive.TarWithOptions} (moby/go-archive) that docker/cli runs with the patterns:
 * <ul>
 *   <li>A pattern must be valid Go {@code filepath.Match} syntax ({@code * ? [a-z] [^a-z] \x}),
 *       but Docker then matches with a regular expression it builds from the pattern: {@code *}
 *       and {@code ?} never cross a {@code /}, {@code **} crosses any number of directories,
 *       and the text of {@code [...]} and {@code \x} is handed to Go's regexp engine as is. This
 *       package does the same ({@link GoRegexp}), quirks included: {@code [!a]} is not a
 *       negation, {@code \d} is a digit.</li>
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

    private final List<String> patterns;
    private final List<PatternRule> rules;
    private final boolean exclusions;

    private DockerIgnore(List<String> patterns, List<PatternRule> rules) {
        this.patterns = List.copyOf(patterns);
        this.rules = List.copyOf(rules);
        this.exclusions = rules.stream().anyMatch(r -> r.exclusion);
    }

    /** The app's {@code .dockerignore}; one that matches nothing when the app has none. */
    public static DockerIgnore read(AppDir app) {
        // readText has already dropped the byte-order mark, which ReadAll strips once
        return app.readText(NAME).map(DockerIgnore::of).orElse(NONE);
    }

    /** Parses the text of a {@code .dockerignore}; a malformed pattern fails naming its line. */
    public static DockerIgnore parse(String text) {
        return of(TextLines.withoutBom(text));
    }

    private static DockerIgnore of(String textWithoutBom) {
        List<String> patterns = new ArrayList<>();
        List<PatternRule> rules = new ArrayList<>();
        for (IgnoreFileReader.Line line : IgnoreFileReader.readAll(textWithoutBom)) {
            patterns.add(line.pattern());
            PatternRule rule = PatternRule.of(line.pattern(), line.number());
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
     * patterns exclude it, checked as the CLI's walk checks them (each directory's results
     * carried to its children), or one of its parent directories is excluded and not walked
     * (see {@link #mustWalk}). For a directory that is excluded but must be walked, only its
     * own tar entry is left out, not what it contains.
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
        String file = GoPath.clean(dockerfile);
        if (result.deprecatedMatches(file)) {
            result = result.plus("!" + file);
        }
        return result;
    }

    @Override
    public String toString() {
        return NAME + patterns;
    }

    private DockerIgnore plus(String pattern) {
        List<String> morePatterns = new ArrayList<>(patterns);
        morePatterns.add(pattern);
        List<PatternRule> moreRules = new ArrayList<>(rules);
        moreRules.add(PatternRule.of(pattern, 0));
        return new DockerIgnore(morePatterns, moreRules);
    }

    // ---- the CLI's walk (moby/go-archive TarWithOptions) ----

    private record Walk(boolean matched, boolean prunedAbove) {}

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
            PatternRule rule = rules.get(i);
            boolean match = parentMatched != null && parentMatched[i];
            if (!match) {
                if (rule.exclusion != matched) {
                    continue;
                }
                match = parentMatched == null ? rule.matchesOrParent(file) : rule.match(file);
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
        for (PatternRule rule : rules) {
            if (rule.exclusion && (rule.cleaned + "/").startsWith(dirSlash)) {
                return true;
            }
        }
        return false;
    }

    /** moby's deprecated package-level {@code Matches}: only one parent directory is checked. */
    private boolean deprecatedMatches(String file) {
        String path = GoPath.clean(file);
        if (path.equals(".")) {
            return false;
        }
        boolean matched = false;
        String parentPath = GoPath.dir(path);
        String[] parentDirs = parentPath.split("/", -1);
        for (PatternRule rule : rules) {
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

    private static String relative(String path) {
        String cleaned = GoPath.clean(path);
        if (cleaned.startsWith("/")) {
            throw new IllegalArgumentException("not relative to the context root: " + path);
        }
        return cleaned;
    }
}
