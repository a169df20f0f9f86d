package slugbuilder.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts. */
public final class GlobalOptions {
    /** Read by the error handler; static because the handler sees the exception, not the command. */
    static volatile boolean debug;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Show stack traces and the engine's raw responses. Secrets are never printed.")
    void setDebug(boolean value) {
        debug = value;
    }
}
