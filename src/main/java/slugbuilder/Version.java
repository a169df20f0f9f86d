package slugbuilder;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** slugbuilder's own version, filled in by Maven at build time. */
public final class Version {
    private Version() {}

    public static String current() {
        String packed = Version.class.getPackage().getImplementationVersion();
        if (packed != null) {
            return packed; // the jar's manifest, which the JVM has read already: nothing more to open
        }
        return built().getProperty("version", "dev");
    }

    /**
     * Where this build comes from, e.g. {@code commit abc1234, built 2026-12-07}: the commit and its
     * date (the build date is the commit's, so one commit builds one jar), recorded by Maven. Read
     * only for {@code --version}: it opens a resource of the jar.
     */
    public static String origin() {
        Properties built = built();
        return String.join(
                "", "commit ", known(built.getProperty("commit")), ", built ", known(built.getProperty("date")));
    }

    /** A value Maven filled in, or "unknown" (built outside a git checkout, or from an IDE's copy). */
    private static String known(String value) {
        return value == null || value.isEmpty() || value.startsWith("${") ? "unknown" : value;
    }

    private static Properties built() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/slugbuilder-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no record of the build: every value reads as unknown
        }
        return p;
    }
}
