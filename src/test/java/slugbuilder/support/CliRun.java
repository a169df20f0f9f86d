package slugbuilder.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import slugbuilder.cli.Main;

/** The real CLI run in-process, with its exit code, stdout and stderr captured. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The first line of stderr: where the error line must be. */
    public String firstErrLine() {
        return err.lines().findFirst().orElse("");
    }
}
