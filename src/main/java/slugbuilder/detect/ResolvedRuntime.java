package slugbuilder.detect;

/**
 * A runtime version chosen for the app.
 *
 * @param origin where it came from, as shown to the user: "engines ^20", ".ruby-version 3.3.6", "default 22.x"
 */
public record ResolvedRuntime(String name, String title, String version, String origin) {

    /** "node 20.18.0 from engines ^20" or "node 22.12.0 (default 22.x)". */
    public String describe() {
        return name + " " + version + (origin.startsWith("default") ? " (" + origin + ")" : " from " + origin);
    }
}
