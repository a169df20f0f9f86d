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
        try (InputStream in = Version.class.getResourceAsStream("/slugbuilder-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /**
     * Where this build comes from, e.g. {@code commit abc1234, built 2026-12-07}: the commit and its
     * date (the build date is the commit's unless SOURCE_DATE_EPOCH says otherwise, so one commit
     * builds one jar), constants the build wrote (pom.xml), so that nothing is read for them.
     */
    public static String origin() {
        return String.join("", "commit ", known(BuildOrigin.COMMIT), ", built ", known(BuildOrigin.DATE));
    }

    /** A value the build filled in, or "unknown" (built outside a git checkout). */
    private static String known(String value) {
        return value.isEmpty() ? "unknown" : value;
    }
}
