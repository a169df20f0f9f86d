package slugbuilder.appjson;

/**
 * One of app.json's {@code scripts} ({@code postdeploy}, {@code pr-predestroy}, {@code test-setup},
 * {@code test}): a command, or {@code {"command": …, "size": …}}.
 *
 * @param size the dyno size to run it on; null for the default
 */
public record Script(String name, String command, DynoSize size, int line) {
    public static final String POSTDEPLOY = "postdeploy";
    public static final String PR_PREDESTROY = "pr-predestroy";
    public static final String TEST_SETUP = "test-setup";
    public static final String TEST = "test";
}
