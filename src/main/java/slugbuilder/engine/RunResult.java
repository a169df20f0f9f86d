package slugbuilder.engine;

/** How a one-off container ended: its exit code and its combined stdout and stderr. */
public record RunResult(int exitCode, String output) {}
