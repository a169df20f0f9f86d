package slugbuilder.console;

import java.io.PrintWriter;
import java.util.Collection;
import slugbuilder.Cleanup;
import slugbuilder.Sizes;

/**
 * What the user sees. Results (paths, ids, URLs, the "Wrote ..." line) go to stdout;
 * progress, warnings and errors to stderr, so a result can be piped. Once the interrupted line is
 * out, nothing that reads like progress follows it (a step, note, detail, result or progress
 * line); only the processes' own last words still print. Terminal escape codes in a tool's or a
 * process's output reach only a terminal.
 */
public final class Console {
    private static final String INTERRUPTED = "interrupted: stopping and removing what this command started";
    /** The narrowest process prefix: "release" and "web.1" line up as they always have. */
    private static final int PREFIX_WIDTH = 8;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private int lastQuarter = -1;
    private boolean interruptedSaid;
    private String interruptedLine = INTERRUPTED;
    private int prefixWidth = PREFIX_WIDTH;

    public Console(PrintWriter out, PrintWriter err) {
        this(out, err, StandardError.isTerminal());
    }

    /**
     * @param terminal whether stderr is a terminal: progress redraws one line there, else prints a
     *     line a quarter; escape codes of tools' and processes' output are kept only there
     */
    public Console(PrintWriter out, PrintWriter err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Progress of a long transfer, e.g. the slug upload. */
    public synchronized void progress(String label, long done, long total) {
        if (interruptedSaid) {
            return;
        }
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

    public synchronized void result(String line) {
        if (interruptedSaid) {
            return;
        }
        out.println(line);
        out.flush();
    }

    /** A step of a long operation, e.g. "==> Building the stack image". */
    public synchronized void step(String line) {
        progressLine("==> " + line);
    }

    /** Output of a tool slugbuilder runs (build logs, debootstrap), indented under its step. */
    public synchronized void detail(String line) {
        progressLine("    " + forStderr(line));
    }

    /**
     * Makes every process prefix of this run as wide as the longest of NAMES and a space, so that
     * {@code worker.1} and {@code web.1} line up; prefixes never narrow within a command.
     */
    public synchronized void alignPrefixes(Collection<String> names) {
        for (String name : names) {
            prefixWidth = Math.max(prefixWidth, name.length() + 1);
        }
    }

    /** A line a process printed, prefixed with the process's name, as heroku local does; it prints even after Ctrl-C. */
    public synchronized void log(String process, String line) {
        int width = Math.max(prefixWidth, process.length() + 1);
        err.println(process + " ".repeat(width - process.length()) + "| " + forStderr(line));
        err.flush();
    }

    public synchronized void note(String line) {
        progressLine("note: " + line);
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

    private void progressLine(String line) {
        if (interruptedSaid) {
            return; // after the interrupted line, progress would read as if the work went on
        }
        err.println(line);
        err.flush();
    }

    private String forStderr(String line) {
        return terminal ? line : Escapes.strip(line);
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
