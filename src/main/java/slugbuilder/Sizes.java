package slugbuilder;

import java.util.Locale;

/**
 * Sizes as slugbuilder reads and prints them. One meaning of MB everywhere: 10^6 bytes, as gzip,
 * curl and Heroku's own messages use it. Read against Heroku's slug limits it is the stricter
 * reading, so a slug slugbuilder accepts is never refused by Heroku for its size.
 */
public final class Sizes {
    public static final long KB = 1_000;
    public static final long MB = 1_000_000;

    private Sizes() {}

    /** "177.2 MB": a size with one decimal, for transfers and slugs. */
    public static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", (double) bytes / MB);
    }

    /** "512 bytes", "12 kB", "1.6 MB", "500 MB": the shortest exact-enough form, for limits and entries. */
    public static String human(long bytes) {
        if (bytes < KB) {
            return bytes + " bytes";
        }
        double value = bytes >= MB ? (double) bytes / MB : (double) bytes / KB;
        String unit = bytes >= MB ? " MB" : " kB";
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value))
                + unit;
    }

    /** "124.0 MB/s". */
    public static String rate(long bytes, double seconds) {
        return String.format(Locale.ROOT, "%.1f MB/s", bytes / (double) MB / seconds);
    }
}
