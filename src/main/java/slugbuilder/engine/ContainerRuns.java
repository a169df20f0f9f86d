package slugbuilder.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** The usual ways to run a container, put together from the port's primitives. */
public final class ContainerRuns {
    /** How long an attached container's last output may take to arrive after it ended. */
    private static final Duration LAST_OUTPUT = Duration.ofSeconds(5);

    private ContainerRuns() {}

    /** Runs SPEC's command to completion, then removes the container. */
    public static RunResult run(ContainerEngine engine, ContainerSpec spec) {
        String id = engine.containers().create(spec);
        try {
            engine.containers().start(id);
            int exitCode = engine.containers().waitFor(id);
            return new RunResult(exitCode, String.join("\n", engine.containers().logs(id)) + "\n");
        } finally {
            engine.containers().remove(id);
        }
    }

    /**
     * Runs SPEC attached to the given streams, waits for it to end and removes it; returns its
     * exit code. IN reaches the container only when SPEC has a terminal.
     */
    public static int runAttached(
            ContainerEngine engine, ContainerSpec spec, InputStream in, OutputStream out, OutputStream err) {
        String id = engine.containers().create(spec);
        try (Containers.Attachment attached = engine.containers().attach(id, spec.terminal() ? in : null, out, err)) {
            engine.containers().start(id);
            int exitCode = engine.containers().waitFor(id);
            attached.awaitEnd(LAST_OUTPUT);
            return exitCode;
        } finally {
            engine.containers().remove(id);
        }
    }
}
