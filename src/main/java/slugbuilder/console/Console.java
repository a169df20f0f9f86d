package slugbuilder.console;

import java.io.PrintWriter;

/**
 * What the user sees. Results (paths, ids, URLs, the "Wrote ..." line) go to stdout;
 * progress, warnings and errors to stderr, so a result can be piped.
 */
public final class Console {
    private final PrintWriter out;
    private final PrintWriter err;

    public Console(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    public void result(String line) {
        out.println(line);
        out.flush();
    }

    /** A step of a long operation, e.g. "==> Building the stack image". */
    public void step(String line) {
        err.println("==> " + line);
        err.flush();
    }

    /** Output of a tool slugbuilder runs (build logs, debootstrap), indented under its step. */
    public void detail(String line) {
        err.println("    " + line);
        err.flush();
    }

    /** A line a process printed, prefixed with the process's name, as heroku local does. */
    public void log(String process, String line) {
        err.println(String.format("%-8s| %s", process, line));
        err.flush();
    }

    public void note(String line) {
        err.println("note: " + line);
        err.flush();
    }

    public void warn(String line) {
        err.println("warning: " + line);
        err.flush();
    }
}
