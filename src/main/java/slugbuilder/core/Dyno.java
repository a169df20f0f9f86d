package slugbuilder.core;

import java.util.ArrayList;
import java.util.List;

/** How a dyno starts a process, as an argument list for the container: no host shell involved. */
public final class Dyno {
    /**
     * In /app, source /app/.profile.d/*.sh (config vars are already in the environment), then
     * /app/.profile, then run the Procfile command through bash -c. Not a login shell
     * ({@code bash -l}): that would source /app/.profile (HOME is /app) before .profile.d.
     * The command travels as an argument ($0), so no quoting can break it.
     */
    private static final String BOOT = "cd /app || exit 1; "
            + "for f in /app/.profile.d/*.sh; do if [ -r \"$f\" ]; then . \"$f\"; fi; done; unset f; "
            + "if [ -r /app/.profile ]; then . /app/.profile; fi; "
            + "exec bash -c \"$0\"";

    /** The same start-up, then the arguments run as they are, each its own word: no quoting anywhere. */
    private static final String BOOT_ARGS = BOOT.replace("exec bash -c \"$0\"", "exec \"$@\"");

    private Dyno() {}

    /** The container command that runs COMMAND the way a dyno does. */
    public static List<String> command(String command) {
        return List.of("bash", "-c", BOOT, command);
    }

    /** The container command that runs ARGS (a program and its arguments) after the dyno's start-up. */
    public static List<String> exec(List<String> args) {
        List<String> command = new ArrayList<>(List.of("bash", "-c", BOOT_ARGS, "slugbuilder-exec"));
        command.addAll(args);
        return command;
    }
}
