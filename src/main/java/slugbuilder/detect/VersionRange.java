package slugbuilder.detect;

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
    private static final String VERSION = "v?(?:" + NUMBERS + "|[xX*](?:\\.[xX*]){0,2})(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?";
    private static final Pattern COMPARATOR = Pattern.compile("(?:<=|>=|<|>|=|\\^|~)?\\s*" + VERSION);
    private static final Pattern HYPHEN = Pattern.compile(VERSION + "\\s+-\\s+" + VERSION);
    private static final Pattern TWO_PART_TILDE = Pattern.compile("~>?\\s*(\\d+\\.\\d+)(?![.\\d])");

    private VersionRange() {
    }

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
        return npm.replaceAll("\\s+", " ").strip();
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
