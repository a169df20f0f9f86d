package slugbuilder.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import slugbuilder.engine.RunResult;

/**
 * The program a command could not run because the image lacks it: bash's "psql: command not
 * found", or the runtime's "exec: "bash": executable file not found" when bash itself is missing.
 * An image does not grow a program while it runs, so waiting for it is pointless.
 */
final class MissingTool {
    private static final Pattern NOT_FOUND =
            Pattern.compile("(?m)([^\\s:\"]+): command not found$|exec: \"([^\"]+)\": executable file not found");

    private MissingTool() {}

    /** The missing program RESULT's output names, if it ended for that reason. */
    static Optional<String> in(RunResult result) {
        if (result.exitCode() == 0) {
            return Optional.empty();
        }
        Matcher m = NOT_FOUND.matcher(result.output());
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }
}
