package slugbuilder.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the console prints: nothing progress-like after the interrupted line, escapes only on a terminal, aligned prefixes. */
class ConsoleTest {
    private static final String COLOURED =
            "\u001B[1m\u001B[32mStep 1/3\u001B[0m : RUN npm ci\u001B]0;title\u0007\u001B[2K";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Console console(boolean terminal) {
        return new Console(new PrintWriter(out, true), new PrintWriter(err, true), terminal);
    }

    @Test
    void afterTheInterruptedLineNothingReadsLikeProgress() {
        Console console = console(false);
        console.step("Started web.1: npm start");
        console.interrupted();
        console.step("Started worker.1: node worker.js");
        console.step("Add-on DATABASE answers (1.2 s)");
        console.note("running in the background; stop with: slugbuilder stop");
        console.detail("Step 2/3 : COPY . /app/src");
        console.progress("uploading", 10, 100);
        console.result("web process will be available at http://127.0.0.1:5006/");
        console.log("web.1", "SIGTERM received, closing the server");
        assertEquals(
                "==> Started web.1: npm start\n"
                        + "interrupted: stopping and removing what this command started\n"
                        + "web.1   | SIGTERM received, closing the server\n",
                err.toString(),
                "the processes' last words still print");
        assertEquals("", out.toString());
    }

    @Test
    void escapeCodesAreStrippedWhenStderrIsNoTerminal() {
        Console console = console(false);
        console.detail(COLOURED);
        console.log("web.1", "\u001B[31merror\u001B[39m: listen EADDRINUSE");
        assertEquals("    Step 1/3 : RUN npm ci\nweb.1   | error: listen EADDRINUSE\n", err.toString());
    }

    @Test
    void escapeCodesReachATerminal() {
        console(true).detail(COLOURED);
        assertEquals("    " + COLOURED + "\n", err.toString());
    }

    @Test
    void prefixesOfARunAreAsWideAsItsLongestName() {
        Console console = console(false);
        console.alignPrefixes(List.of("web.1", "worker.1", "release"));
        console.log("web.1", "listening");
        console.log("worker.1", "working");
        console.log("release", "migrated");
        console.log("scheduler-with-a-long-name.1", "longer than announced still gets its space");
        assertEquals(
                "web.1    | listening\n"
                        + "worker.1 | working\n"
                        + "release  | migrated\n"
                        + "scheduler-with-a-long-name.1 | longer than announced still gets its space\n",
                err.toString());
    }

    @Test
    void shortNamesKeepTheUsualWidth() {
        Console console = console(false);
        console.alignPrefixes(List.of("web.1"));
        console.log("web.1", "up");
        console.log("release", "done");
        assertEquals("web.1   | up\nrelease | done\n", err.toString());
    }
}
