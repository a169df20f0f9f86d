package slugbuilder.dockerignore;

import java.util.Locale;

/** What moby's own tests assert and slugbuilder's code does not need, for comparing with them. */
final class MobyMatcher {
    private MobyMatcher() {}

    /**
     * moby's {@code PatternMatcher.MatchesOrParentMatches}: the last pattern that matches the path
     * or one of its parent directories decides; the path is taken as is (not cleaned). It
     * differs from {@link DockerIgnore#excludes}, which follows the CLI's walk.
     */
    static boolean matchesOrParentMatches(DockerIgnore ignore, String path) {
        boolean matched = false;
        for (String pattern : ignore.patterns()) {
            PatternRule rule = PatternRule.of(pattern, 0);
            if (rule == null || rule.exclusion != matched) {
                continue;
            }
            if (rule.matchesOrParent(path)) {
                matched = !rule.exclusion;
            }
        }
        return matched;
    }

    /** How moby compiles one pattern: its match type, and for a regexp the Go source (e.g. {@code regexp ^[^/]*$}). */
    static String compiled(String pattern) {
        PatternRule rule = PatternRule.of(pattern, 0);
        return rule.kind.name().toLowerCase(Locale.ROOT) + (rule.goSource.isEmpty() ? "" : " " + rule.goSource);
    }
}
