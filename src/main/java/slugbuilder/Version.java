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
}
