package slugbuilder.console;

import java.io.PrintWriter;
import slugbuilder.Cleanup;
import slugbuilder.Sizes;

/**
 * What the user sees. Results (paths, ids, URLs, the "Wrote ..." line) go to stdout;
 * progress, warnings and errors to stderr, so a result can be piped.
 */
public final class Console {
    private static final String INTERRUPTED = "interrupted: stopping and removing what this command started";
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private int lastQuarter = -1;
    private boolean interruptedSaid;
    private String interruptedLine = INTERRUPTED;

    public Console(PrintWriter out, PrintWriter err) {
        this(out, err, System.console() != null);
    }

    /** @param terminal whether stderr is a terminal: progress redraws one line there, else prints a line a quarter */
    public Console(PrintWriter out, PrintWriter err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Progress of a long transfer, e.g. the slug upload. */
    public synchronized void progress(String label, long done, long total) {
        if (done == 0) {
            lastQuarter = -1; // a new transfer, or a retried one, starts its lines again
        }
        int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        if (terminal) {
            int filled = percent / 4;
            err.print("\r    " + label + " [" + "#".repeat(filled) + " ".repeat(25 - filled) + "] " + percent + "% of "
                    + megabytes(total));
            if (done >= total) {
                err.println();
            }
            err.flush();
        } else if (percent / 25 > lastQuarter) {
            lastQuarter = percent / 25;
            detail(label + " " + percent + "% of " + megabytes(total));
        }
    }

    public static String megabytes(long bytes) {
        return Sizes.megabytes(bytes);
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

    /** A warning; dropped once Ctrl-C or SIGTERM came, when what goes wrong is the interrupt's doing. */
    public void warn(String line) {
        if (Cleanup.shuttingDown()) {
            return;
        }
        err.println("warning: " + line);
        err.flush();
    }

    /**
     * What the Ctrl-C line says while work goes on without slugbuilder (e.g. a release phase on the
     * platform); null puts the usual line back.
     */
    public synchronized void interruptedLine(String line) {
        interruptedLine = line != null ? line : INTERRUPTED;
    }

    /** The one line Ctrl-C or SIGTERM gets, before everything started is stopped and removed. */
    public synchronized void interrupted() {
        if (!interruptedSaid) {
            interruptedSaid = true;
            err.println(interruptedLine);
            err.flush();
        }
    }
}
