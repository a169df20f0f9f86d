package slugbuilder.detect;

import java.util.List;
import org.semver4j.Semver;

/**
 * A release written as one to three dot-separated numbers without leading zeros ("20.11.0",
 * Go's "1.20"): compared by its numbers alone, read without a regular expression, since init
 * looks at every one of node's ~670 releases.
 */
final class PlainVersion implements Comparable<PlainVersion> {
    private static final int MAX_DIGITS = 9; // fits an int
    private static final String[] PADDING = {".0.0", ".0", ""};

    private final String text;
    private final int[] numbers;
    private final int parts;

    private PlainVersion(String text, int[] numbers, int parts) {
        this.text = text;
        this.numbers = numbers;
        this.parts = parts;
    }

    /** TEXT as a plain version, or null when it is not one. */
    static PlainVersion parse(String text) {
        int[] numbers = new int[3];
        int part = 0;
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (digits == 0 || ++part == numbers.length) {
                    return null;
                }
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < MAX_DIGITS && !(digits == 1 && numbers[part] == 0)) {
                numbers[part] = numbers[part] * 10 + (c - '0');
                digits++;
            } else {
                return null;
            }
        }
        return digits == 0 ? null : new PlainVersion(text, numbers, part + 1);
    }

    /** The release as written. */
    String text() {
        return text;
    }

    /**
     * What {@code Semver.coerce(text)} gives, without its search for numbers in any text (and
     * without a string concatenation, whose first use of a shape costs milliseconds at start-up).
     */
    Semver semver() {
        return new Semver(text.concat(PADDING[parts - 1]));
    }

    /** How this release compares with each of VERSIONS (-1, 0 or 1), as semver orders them. */
    int[] sides(List<Semver> versions) {
        int[] sides = new int[versions.size()];
        for (int i = 0; i < sides.length; i++) {
            Semver version = versions.get(i);
            int c = Integer.compare(numbers[0], version.getMajor());
            if (c == 0) {
                c = Integer.compare(numbers[1], version.getMinor());
            }
            if (c == 0) {
                c = Integer.compare(numbers[2], version.getPatch());
            }
            // a release comes after its own pre-releases (21.0.0 > 21.0.0-0); build metadata does not count
            sides[i] = c != 0 ? Integer.signum(c) : version.getPreRelease().isEmpty() ? 0 : 1;
        }
        return sides;
    }

    @Override
    public int compareTo(PlainVersion other) {
        for (int i = 0; i < numbers.length; i++) {
            int c = Integer.compare(numbers[i], other.numbers[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
