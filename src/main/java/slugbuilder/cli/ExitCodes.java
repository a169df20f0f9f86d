package slugbuilder.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import slugbuilder.ExitCode;

/**
 * The exit codes each command's help lists, from the one enum that defines them. The commands
 * that hand a process's exit code through (start, exec, test, slug run, addons shell, container run) answer their own failures with
 * 125, as {@code docker run} does, so a process's 3 is never mistaken for slugbuilder's.
 */
final class ExitCodes {
    /** Qualified names of the commands whose exit code is their process's. */
    static final Set<String> PASS_THROUGH = Set.of(
            "slugbuilder start",
            "slugbuilder exec",
            "slugbuilder test",
            "slugbuilder slug run",
            "slugbuilder addons shell",
            "slugbuilder container run");

    private ExitCodes() {}

    static void showIn(CommandLine cli) {
        cli.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(help(passesThrough(cli)));
        cli.getSubcommands().values().forEach(ExitCodes::showIn);
    }

    static boolean passesThrough(CommandLine cli) {
        return PASS_THROUGH.contains(cli.getCommandSpec().qualifiedName());
    }

    /** The code a failure of slugbuilder's own gets from CLI: its category's, or 125 where the process's code is passed through. */
    static int of(ExitCode code, CommandLine cli) {
        boolean own = code != ExitCode.OK && code != ExitCode.INTERRUPTED;
        return own && cli != null && passesThrough(cli) ? ExitCode.PROCESS_PASS_THROUGH_FAILURE.code : code.code;
    }

    private static Map<String, String> help(boolean passThrough) {
        Map<String, String> help = new LinkedHashMap<>();
        if (passThrough) {
            help.put("  N", "the process's own exit code");
            help.put(column(ExitCode.PROCESS_PASS_THROUGH_FAILURE.code), ExitCode.PROCESS_PASS_THROUGH_FAILURE.meaning);
            help.put(column(ExitCode.INTERRUPTED.code), ExitCode.INTERRUPTED.meaning);
            return help;
        }
        for (ExitCode code : ExitCode.values()) {
            help.put(column(code.code), code.meaning);
        }
        return help;
    }

    /** CODE right-aligned in three columns; not String.format, whose first use costs every command ~10 ms of start-up. */
    private static String column(int code) {
        String digits = Integer.toString(code);
        return "   ".substring(Math.min(3, digits.length())) + digits;
    }
}
