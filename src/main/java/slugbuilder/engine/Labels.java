package slugbuilder.engine;

import java.util.Map;

/** Labels on everything slugbuilder creates, so 'clean' and the tests can find it. */
public final class Labels {
    public static final String TOOL = "slugbuilder";
    public static final String KIND = "slugbuilder.kind";
    /** The invocation that made a container: what one command removes on Ctrl-C. */
    public static final String RUN = "slugbuilder.run";

    private Labels() {}

    public static Map<String, String> of(String kind) {
        return Map.of(TOOL, "true", KIND, kind);
    }
}
