package slugbuilder.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Version ranges as apps write them, turned into npm's grammar (which semver4j evaluates) and
 * checked strictly first: semver4j reads almost anything as some range, so "20 |||" or ">=" must
 * be refused here rather than resolved to a surprise.
 */
final class VersionRange {
    // 20, 20.1, 20.1.2, 20.x, 20.1.x, x, *; a wildcard is never followed by a number
    private static final String NUMBERS = "\\d{1,9}(?:\\.\\d{1,9}){0,2}(?:\\.[xX*]){0,2}";
    private static final String VERSION =
            "v?(?:" + NUMBERS + "|[xX*](?:\\.[xX*]){0,2})(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?";
    private static final Pattern COMPARATOR = Pattern.compile("(?:<=|>=|<|>|=|\\^|~)?\\s*" + VERSION);
    private static final Pattern HYPHEN = Pattern.compile(VERSION + "\\s+-\\s+" + VERSION);
    private static final Pattern WILDCARD = Pattern.compile("v?[xX*](?:\\.[xX*]){0,2}");
    private static final Pattern CARET_ZERO = Pattern.compile("\\^v?0(?:\\.[xX*]){0,2}");
    private static final Pattern CARET_ZERO_ZERO = Pattern.compile("\\^v?0\\.0(?:\\.[xX*])?");
    private static final Pattern TWO_PART_TILDE = Pattern.compile("~>?\\s*(\\d+\\.\\d+)(?![.\\d])");

    private VersionRange() {}

    /**
     * In Bundler ({@code ~> 3.3}) and Composer ({@code ~8.2}), a two-part tilde allows any later
     * minor release, which npm writes as a caret; Composer also writes "and" as a comma and
     * "or" as a single bar.
     */
    static String toNpm(String range, String dialect) {
        String npm = range.strip();
        if ("gem".equals(dialect) || "composer".equals(dialect)) {
            Matcher tilde = TWO_PART_TILDE.matcher(npm);
            npm = tilde.replaceAll("^$1").replace("~>", "~");
        }
        if ("composer".equals(dialect)) {
            npm = npm.replace(',', ' ').replaceAll("(?<!\\|)\\|(?!\\|)", "||");
        }
        return aroundSemver4jQuirks(npm.replaceAll("\\s+", " ").strip());
    }

    /**
     * semver4j (6.0.0) evaluates a few npm ranges differently from npm: {@code ^0} and {@code ^0.x}
     * match every version (npm: below 1.0.0), {@code ^0.0} none (npm: 0.0.x), and a bare wildcard
     * ({@code x}, {@code x.x.x}, {@code *.*.*}) nothing (npm: anything), also next to other
     * comparators. Each is rewritten to an equivalent that it evaluates as npm does; hyphen
     * ranges and anything malformed are left for {@link #check} to judge.
     */
    static String aroundSemver4jQuirks(String range) {
        List<String> alternatives = new ArrayList<>();
        for (String alternative : range.split("\\|\\|", -1)) {
            String set = alternative.strip();
            if (set.isEmpty() || HYPHEN.matcher(set).matches()) {
                alternatives.add(set);
                continue;
            }
            List<String> comparators = new ArrayList<>();
            for (String comparator :
                    set.replaceAll("(<=|>=|<|>|=|\\^|~)\\s+", "$1").split(" ")) {
                if (WILDCARD.matcher(comparator).matches()) {
                    continue; // "anything" adds nothing to the other comparators
                }
                comparators.add(
                        CARET_ZERO.matcher(comparator).matches()
                                ? "0"
                                : CARET_ZERO_ZERO.matcher(comparator).matches() ? "0.0" : comparator);
            }
            alternatives.add(comparators.isEmpty() ? "*" : String.join(" ", comparators));
        }
        return String.join(" || ", alternatives);
    }

    /** Throws IllegalArgumentException unless RANGE is a well-formed npm range. */
    static void check(String range) {
        if (range.isEmpty()) {
            throw new IllegalArgumentException("empty range");
        }
        for (String alternative : range.split("\\|\\|", -1)) {
            String set = alternative.strip();
            if (set.isEmpty()) {
                throw new IllegalArgumentException("empty alternative");
            }
            if (HYPHEN.matcher(set).matches()) {
                continue;
            }
            // comparators are separated by spaces; an operator may stand apart from its version
            String joined = set.replaceAll("(<=|>=|<|>|=|\\^|~)\\s+", "$1");
            for (String comparator : joined.split(" ")) {
                if (!COMPARATOR.matcher(comparator).matches()) {
                    throw new IllegalArgumentException("bad comparator " + comparator);
                }
            }
        }
    }
}
