package slugbuilder.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import slugbuilder.console.Console;
import slugbuilder.console.StandardError;

/** A command that runs with a {@link CommandContext}: the one shape every slugbuilder command has. */
abstract class ContextCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Set by {@link Main}'s factory before the command runs. */
    Wiring wiring;

    @Override
    public final Integer call() {
        Wiring wired = wiring != null ? wiring : Wiring.system();
        // the console writes to stderr: the wiring's terminal (stdin and stdout) is not enough
        Console console = new Console(
                spec.commandLine().getOut(),
                spec.commandLine().getErr(),
                wired.terminal() && StandardError.isTerminal());
        try (CommandContext context = new CommandContext(wired, console)) {
            return run(context);
        }
    }

    /** The command's work; its exit code. */
    abstract int run(CommandContext context);
}
