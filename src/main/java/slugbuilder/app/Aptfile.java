package slugbuilder.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import slugbuilder.SlugbuilderException;

/**
 * Heroku's apt buildpack convention: an {@code Aptfile} listing Debian/Ubuntu packages, one per
 * line, {@code #} comments. Only package names are accepted: they are unpacked under /app/.apt.
 */
public final class Aptfile {
    public static final String NAME = "Aptfile";
    // Debian policy: lower case letters, digits, + - . ; at least two characters, starting alphanumeric.
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    private Aptfile() {}

    /** The packages the app's Aptfile lists, or empty when it has none. */
    public static Optional<List<String>> read(AppDir app) {
        return app.readLines(NAME).map(Aptfile::parse);
    }

    static List<String> parse(List<String> lines) {
        List<String> packages = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!PACKAGE.matcher(line).matches()) {
                throw SlugbuilderException.badFile(
                        NAME,
                        i + 1,
                        TextLines.quote(line, 80) + " is not a Debian package name",
                        "list one package name per line (e.g. imagemagick); .deb URLs and :repo: lines are not supported");
            }
            packages.add(line);
        }
        if (packages.isEmpty()) {
            throw SlugbuilderException.badFile(
                    NAME, 0, "lists no packages", "add package names, one per line, or delete the Aptfile");
        }
        return packages;
    }
}
