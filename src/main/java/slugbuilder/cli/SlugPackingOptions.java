package slugbuilder.cli;

import picocli.CommandLine.Option;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.slug.SlugOptions;

/** How a slug is packed: options shared by release and slug pack. */
final class SlugPackingOptions {
    @Option(
            names = "--reproducible",
            description = "Sorted entries, fixed mtimes, owner 0: the same /app gives the same bytes.")
    boolean reproducible;

    @Option(
            names = "--warn-above",
            paramLabel = "MB",
            defaultValue = "300",
            description = "Warn when the compressed slug is larger (default: ${DEFAULT-VALUE}, Heroku's soft limit).")
    long warnAboveMb;

    @Option(
            names = "--max-size",
            paramLabel = "MB",
            defaultValue = "500",
            description =
                    "Refuse a compressed slug this large, before anything is sent (default: ${DEFAULT-VALUE}, Heroku's limit).")
    long maxSizeMb;

    @Option(
            names = "--compression-level",
            paramLabel = "1-9",
            defaultValue = "" + SlugOptions.DEFAULT_LEVEL,
            description = "gzip level: 1 is fastest, 9 smallest (default: ${DEFAULT-VALUE}, gzip's and Heroku's). "
                    + "Every core compresses.")
    int level;

    SlugOptions slugOptions() {
        if (warnAboveMb <= 0 || maxSizeMb <= 0) {
            throw new SlugbuilderException(ExitCode.USAGE, "--warn-above and --max-size take a positive number of MB");
        }
        if (level < 1 || level > 9) {
            throw new SlugbuilderException(ExitCode.USAGE, "--compression-level takes 1 to 9, not " + level);
        }
        return SlugOptions.defaults()
                .withReproducible(reproducible)
                .withLevel(level)
                .withLimits(warnAboveMb * SlugOptions.MB, maxSizeMb * SlugOptions.MB);
    }
}
