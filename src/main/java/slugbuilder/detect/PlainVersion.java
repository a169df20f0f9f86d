package slugbuilder.detect;

import org.semver4j.Semver;

/**
 * A release written as one to three dot-separated numbers without leading zeros ("20.11.0",
 * Go's "1.20"): compared by its numbers alone, read without a regular expression, since init
 * looks at every one of node's ~670 releases.
 */
record PlainVersion(String text, int major, int minor, int patch) implements Comparable<PlainVersion> {
    private static final int MAX_DIGITS = 9; // fits an int

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
        return digits == 0 ? null : new PlainVersion(text, numbers[0], numbers[1], numbers[2]);
    }

    /** What {@code Semver.coerce(text)} gives, without its search for numbers in arbitrary text. */
    Semver semver() {
        return new Semver(major + "." + minor + "." + patch);
    }

    @Override
    public int compareTo(PlainVersion other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) {
            c = Integer.compare(minor, other.minor);
        }
        return c != 0 ? c : Integer.compare(patch, other.patch);
    }
}
