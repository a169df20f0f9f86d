package slugbuilder;

/**
 * A failure the user can act on. Printed as {@code error: <what>: <why>} plus an optional
 * {@code hint:} line, and mapped to its exit code; never shown as a stack trace unless --debug.
 */
public class SlugbuilderException extends RuntimeException {
    private final ExitCode exitCode;
    private final String hint;

    public SlugbuilderException(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public SlugbuilderException(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public SlugbuilderException(ExitCode exitCode, String message) {
        this(exitCode, message, null, null);
    }

    /** A problem in one of the app's files: {@code <file>:<line>: <problem>}. Line 0 means the whole file. */
    public static SlugbuilderException badFile(String file, int line, String problem, String hint) {
        String where = line > 0 ? file + ":" + line : file;
        return new SlugbuilderException(ExitCode.BAD_INPUT, where + ": " + problem, hint);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** One line telling the user how to fix it, or null. */
    public String hint() {
        return hint;
    }
}
