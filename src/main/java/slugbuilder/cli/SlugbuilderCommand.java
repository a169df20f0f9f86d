package slugbuilder.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import slugbuilder.Version;

/** The top-level command: its subcommands and the exit codes every command shares. */
@Command(
        name = "slugbuilder",
        mixinStandardHelpOptions = true,
        versionProvider = SlugbuilderCommand.VersionProvider.class,
        description = "Build and run a Heroku-style app in Docker exactly as a dyno would, and release it as a slug.",
        // the subcommands are Main.SUBCOMMANDS: it adds only the one a command line names
        exitCodeOnInvalidInput = 2,
        exitCodeOnExecutionException = 1,
        footerHeading = "%n",
        footer =
                "Run 'slugbuilder COMMAND --help' for a command's options. Errors print one 'error:' line and at most one 'hint:' line; add --debug for the stack trace.")
public final class SlugbuilderCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Read by the error handler from the parse result; inherited by every subcommand. */
    @Option(
            names = "--debug",
            scope = ScopeType.INHERIT,
            description = "Show stack traces and the engine's raw responses. Secrets are never printed.")
    boolean debug;

    SlugbuilderCommand() {}

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new ParameterException(spec.commandLine(), "a command is required");
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            // String.join, not '+': the first '+' of a run spins method handles, 20 ms of a 70 ms --version
            return new String[] {
                String.join(" ", "slugbuilder", Version.current(), String.join("", "(", Version.origin(), ")")),
                String.join(
                        "",
                        "Java ",
                        System.getProperty("java.version"),
                        " (",
                        System.getProperty("java.vendor"),
                        ", ",
                        System.getProperty("java.home"),
                        ")")
            };
        }
    }
}
