package slugbuilder.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import slugbuilder.engine.BuildContext;
import slugbuilder.engine.DirectoryContext;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.RunResult;
import slugbuilder.run.Dyno;
import slugbuilder.engine.docker.DockerJavaEngine;

/** The real engine for *IT tests, and the local stack images scripts/test.sh makes sure of. */
public final class Engine {
    /** The run image; its build image is this name plus "-build". */
    public static final String STACK = System.getProperty("slugbuilder.stack", "slugbuilder/stack:bookworm");
    public static final String BUILD_STACK = STACK + "-build";

    private Engine() {
    }

    /** Connects, failing (not skipping) when no engine answers: CI always starts one. */
    public static ContainerEngine connect() {
        return DockerJavaEngine.connect();
    }

    /** Runs COMMAND the way a dyno starts a process (see {@link Dyno}). */
    public static RunResult runAsDyno(ContainerEngine engine, String image, String command) {
        return engine.run(ContainerSpec.oneOff(image, Dyno.command(command), List.of("PORT=5006", "DYNO=web.1", "HOME=/app"),
                Map.of("slugbuilder", "true", "slugbuilder.kind", "test")));
    }

    /** An app directory as a build context, with DOCKERFILE in place of the app's own. */
    public static BuildContext appContext(Path app, String dockerfile) {
        return new DirectoryContext(app, Map.of("Dockerfile", dockerfile.getBytes()));
    }
}
