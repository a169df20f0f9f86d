package slugbuilder.slug;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;
import slugbuilder.ExitCode;
import slugbuilder.Sizes;
import slugbuilder.SlugbuilderException;

/**
 * How {@link SlugPacker} packs a slug.
 *
 * @param appRoot      the app's own directory inside {@code /app}, relative to it ({@code src}: the app's
 *                     files are {@code /app/src/...}); {@code .slugignore} and the {@code .git} rule apply
 *                     below it only, never to {@code /app/.heroku}, {@code /app/.profile.d} and the
 *                     like. Empty means all of {@code /app}.
 * @param ignore       the app's {@code .slugignore}, relative to the app root
 * @param reproducible entries sorted by name, every mtime {@code fixedMtime}, uid/gid 0, no user/group
 *                     names: the same input gives the same bytes and SHA-256
 * @param fixedMtime   the mtime of every entry in reproducible mode; null: {@code SOURCE_DATE_EPOCH}
 *                     seconds after the epoch when that variable is set, else 1980-01-01T00:00:00Z
 * @param warnAbove    compressed size above which a warning says the dyno will boot slowly
 * @param refuseAbove  compressed size at which packing stops with an error
 * @param level        gzip compression level, 1 (fastest) to 9 (smallest); 6 is gzip's and Heroku's
 */
public record SlugOptions(
        String appRoot,
        SlugIgnore ignore,
        boolean reproducible,
        Instant fixedMtime,
        long warnAbove,
        long refuseAbove,
        int level) {
    /** gzip's default, which Heroku's slug compiler uses. */
    public static final int DEFAULT_LEVEL = 6;
    /** Heroku states its limits in MB, read as everywhere in slugbuilder ({@link Sizes#MB}). */
    public static final long MB = Sizes.MB;
    /** Heroku's soft limit: above it a slug boots more slowly. */
    public static final long HEROKU_SOFT_LIMIT = 300 * MB;
    /** Heroku's hard limit: the Platform API refuses a larger slug. */
    public static final long HEROKU_HARD_LIMIT = 500 * MB;

    public static final String DEFAULT_APP_ROOT = "src";
    /** The fixed mtime without SOURCE_DATE_EPOCH: the zip epoch, which every tool can represent. */
    public static final Instant DEFAULT_FIXED_MTIME = Instant.parse("1980-01-01T00:00:00Z");

    public SlugOptions {
        appRoot = normalizeAppRoot(Objects.requireNonNull(appRoot, "appRoot"));
        Objects.requireNonNull(ignore, "ignore");
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("compression level must be 1 to 9: " + level);
        }
        if (warnAbove <= 0 || refuseAbove <= 0) {
            throw new IllegalArgumentException("size limits must be positive: " + warnAbove + ", " + refuseAbove);
        }
    }

    /** App root {@code src}, no {@code .slugignore}, not reproducible, Heroku's 300 MB / 500 MB limits. */
    public static SlugOptions defaults() {
        return new SlugOptions(
                DEFAULT_APP_ROOT, SlugIgnore.none(), false, null, HEROKU_SOFT_LIMIT, HEROKU_HARD_LIMIT, DEFAULT_LEVEL);
    }

    public SlugOptions withAppRoot(String root) {
        return new SlugOptions(root, ignore, reproducible, fixedMtime, warnAbove, refuseAbove, level);
    }

    public SlugOptions withIgnore(SlugIgnore patterns) {
        return new SlugOptions(appRoot, patterns, reproducible, fixedMtime, warnAbove, refuseAbove, level);
    }

    public SlugOptions withReproducible(boolean on) {
        return new SlugOptions(appRoot, ignore, on, fixedMtime, warnAbove, refuseAbove, level);
    }

    public SlugOptions withFixedMtime(Instant mtime) {
        return new SlugOptions(appRoot, ignore, reproducible, mtime, warnAbove, refuseAbove, level);
    }

    public SlugOptions withLevel(int compression) {
        return new SlugOptions(appRoot, ignore, reproducible, fixedMtime, warnAbove, refuseAbove, compression);
    }

    public SlugOptions withLimits(long warn, long refuse) {
        return new SlugOptions(appRoot, ignore, reproducible, fixedMtime, warn, refuse, level);
    }

    /** The mtime reproducible mode writes: {@link #fixedMtime}, else SOURCE_DATE_EPOCH, else 1980-01-01. */
    Instant effectiveFixedMtime() {
        return fixedMtime != null ? fixedMtime : fixedMtimeFrom(System.getenv("SOURCE_DATE_EPOCH"));
    }

    /** reproducible-builds.org: SOURCE_DATE_EPOCH is a decimal count of seconds since the epoch. */
    static Instant fixedMtimeFrom(String sourceDateEpoch) {
        if (sourceDateEpoch == null || sourceDateEpoch.isBlank()) {
            return DEFAULT_FIXED_MTIME;
        }
        String value = sourceDateEpoch.strip();
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return Instant.ofEpochSecond(seconds);
        } catch (NumberFormatException | DateTimeException e) {
            // the specification asks tools to fail rather than guess
            throw new SlugbuilderException(
                    ExitCode.USAGE,
                    "SOURCE_DATE_EPOCH is not a number of seconds: \"" + value + "\"",
                    "set it to a Unix timestamp (e.g. $(git log -1 --format=%ct)) or unset it");
        }
    }

    private static String normalizeAppRoot(String root) {
        String r = root.strip();
        while (r.startsWith("/")) {
            r = r.substring(1);
        }
        if (r.startsWith("app/")) {
            r = r.substring(4); // "/app/src" given as a path in the image
        } else if (r.equals("app")) {
            r = "";
        }
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        if (r.equals(".")) {
            r = "";
        }
        for (String segment : r.split("/", -1)) {
            if (!r.isEmpty() && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
                throw new IllegalArgumentException("not a directory inside /app: " + root);
            }
        }
        return r;
    }
}
