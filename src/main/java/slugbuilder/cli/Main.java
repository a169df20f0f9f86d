package slugbuilder.cli;

import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;

/** Entry point: builds the command line and exits with the command's code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
    }

    /** The whole CLI, printing to OUT and ERR: tests run it in-process with their own writers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SlugbuilderCommand());
        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
        completion.getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash/zsh completion script: source <(slugbuilder completion)");
        cli.addSubcommand("completion", completion);
        // everything after exec's first argument is the command's own, options included
        cli.getSubcommands().get("exec").setStopAtPositional(true);
        showExitCodes(cli);
        ErrorHandler errors = new ErrorHandler();
        cli.setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setExitCodeExceptionMapper(errors);
        return cli;
    }

    /** Every command's help lists the exit codes, from the one enum that defines them. */
    private static void showExitCodes(CommandLine cli) {
        cli.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(SlugbuilderCommand.exitCodeHelp());
        cli.getSubcommands().values().forEach(Main::showExitCodes);
    }
}
