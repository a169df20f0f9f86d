package slugbuilder.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** The usual ways to run a container, put together from the port's primitives. */
public final class Containers {
    /** How long an attached container's last output may take to arrive after it ended. */
    private static final Duration LAST_OUTPUT = Duration.ofSeconds(5);

    private Containers() {}

    /** Runs SPEC's command to completion, then removes the container. */
    public static RunResult run(ContainerEngine engine, ContainerSpec spec) {
        String id = engine.create(spec);
        try {
            engine.start(id);
            int exitCode = engine.waitFor(id);
            return new RunResult(exitCode, String.join("\n", engine.logs(id)) + "\n");
        } finally {
            engine.remove(id);
        }
    }

    /**
     * Runs SPEC attached to the given streams, waits for it to end and removes it; returns its
     * exit code. IN reaches the container only when SPEC has a terminal.
     */
    public static int runAttached(
            ContainerEngine engine, ContainerSpec spec, InputStream in, OutputStream out, OutputStream err) {
        String id = engine.create(spec);
        try (ContainerEngine.Attachment attached = engine.attach(id, spec.terminal() ? in : null, out, err)) {
            engine.start(id);
            int exitCode = engine.waitFor(id);
            attached.awaitEnd(LAST_OUTPUT);
            return exitCode;
        } finally {
            engine.remove(id);
        }
    }
}
