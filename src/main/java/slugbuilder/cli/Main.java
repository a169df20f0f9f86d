package slugbuilder.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.AutoComplete;
import picocli.CommandLine;

/** Entry point: builds the command line and exits with the command's code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // UTF-8 whatever the locale: app file names and their contents are UTF-8
        System.exit(commandLine(
                        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                        new PrintWriter(System.err, true, StandardCharsets.UTF_8))
                .execute(args));
    }

    /** The whole CLI on the real engine and API, printing to OUT and ERR: tests run it in-process with their own writers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, Wiring.system());
    }

    /** The whole CLI with WIRING's engine, API and environment. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Wiring wiring) {
        CommandLine cli = new CommandLine(new SlugbuilderCommand(), new WiringFactory(wiring));
        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
        completion
                .getCommandSpec()
                .name("completion")
                .usageMessage()
                .hidden(false)
                .description("Print a bash/zsh completion script: source <(slugbuilder completion)");
        cli.addSubcommand("completion", completion);
        // everything after exec's first argument is the command's own, options included
        cli.getSubcommands().get("exec").setStopAtPositional(true);
        ExitCodes.showIn(cli);
        HelpWrap.install(cli);
        ErrorHandler errors = new ErrorHandler();
        cli.setOut(out)
                .setErr(err)
                .setUsageHelpLongOptionsMaxWidth(28)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setExitCodeExceptionMapper(errors);
        return cli;
    }

    /** Hands every command the wiring as picocli creates it. */
    private record WiringFactory(Wiring wiring) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            K made = CommandLine.defaultFactory().create(type);
            if (made instanceof ContextCommand command) {
                command.wiring = wiring;
            }
            return made;
        }
    }
}
