package slugbuilder.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;

/**
 * The one place failures turn into output and exit codes: {@code error: ...} and at most one
 * {@code hint: ...} on stderr; a stack trace only with --debug.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler, IExitCodeExceptionMapper {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        ExitCode code = exitCodeOf(ex);
        boolean debug = debugRequested(parsed);
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
        return code.code;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("error: " + ex.getMessage());
        err.println("hint: see '" + cli.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCode.USAGE.code;
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
