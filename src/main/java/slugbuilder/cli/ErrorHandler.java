package slugbuilder.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The one place failures turn into output and exit codes: {@code error: ...} and at most one
 * {@code hint: ...} on stderr; a stack trace only with --debug. After Ctrl-C or SIGTERM the
 * command's context has said "interrupted": what failed because of the interrupt is not shown as
 * a failure of its own.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler, IExitCodeExceptionMapper {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        ExitCode code = exitCodeOf(ex);
        boolean debug = debugRequested(parsed);
        if (Cleanup.shuttingDown()) {
            // the interrupt's consequences are no failure; a message about what was left undone still shows
            if (code == ExitCode.INTERRUPTED
                    && ex.getMessage() != null
                    && !ex.getMessage().equals("interrupted")) {
                err.println("note: " + ex.getMessage());
            }
            err.flush();
            return ExitCode.INTERRUPTED.code;
        }
        if (ex instanceof SlugbuilderException known) {
            err.println("error: " + known.getMessage());
            if (known.hint() != null) {
                err.println("hint: " + known.hint());
            }
        } else {
            err.println("error: unexpected failure: " + describe(ex));
            if (!debug) {
                err.println("hint: run again with --debug to see where it happened");
            }
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.of(code, cli);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("error: " + message(ex, cli));
        String suggestion = ex instanceof UnmatchedArgumentException unmatched ? Typos.closest(unmatched, cli) : null;
        if (suggestion != null) {
            String meant = suggestion.startsWith("-")
                    ? suggestion
                    : cli.getCommandSpec().qualifiedName() + " " + suggestion;
            err.println("hint: did you mean '" + meant + "'?");
        } else {
            err.println("hint: see '" + cli.getCommandSpec().qualifiedName() + " --help'");
        }
        err.flush();
        return ExitCodes.of(ExitCode.USAGE, cli);
    }

    /** picocli's words, except for a mistyped command, which is named as one. */
    private static String message(ParameterException ex, CommandLine cli) {
        if (ex instanceof UnmatchedArgumentException unmatched
                && !cli.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            if (!first.startsWith("-")) {
                return "'" + first + "' is not a " + cli.getCommandSpec().qualifiedName() + " command";
            }
        }
        return ex.getMessage();
    }

    @Override
    public int getExitCode(Throwable exception) {
        return exitCodeOf(exception).code;
    }

    private static boolean debugRequested(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static ExitCode exitCodeOf(Throwable ex) {
        return ex instanceof SlugbuilderException known ? known.exitCode() : ExitCode.FAILURE;
    }

    private static String describe(Throwable ex) {
        String message = ex.getMessage();
        return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
    }
}
