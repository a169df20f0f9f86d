package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.AppDir;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;

/** A build step that fails, through the packaged CLI: its output is shown, the exit code is 4, nothing is left. */
class EngineFaultsIT {
    @TempDir
    Path app;

    @Test
    void aFailingBuildStepShowsItsOutputAndLeavesNoContainer() throws Exception {
        Files.writeString(app.resolve("Procfile"), "web: sleep 100\n");
        Files.writeString(app.resolve("Dockerfile"), "FROM " + Engine.BUILD_STACK + "\n"
                + "RUN useradd -m -d /app app\nUSER app\nWORKDIR /app\n"
                + "ONBUILD RUN echo the-failing-step-says-hello && exit 9\n");
        try (ContainerEngine engine = Engine.connect()) {
            CliProcess start = CliProcess.run(Duration.ofMinutes(3), "start", "--dir", app.toString(), "--port", "5397");
            assertEquals(4, start.exitCode(), start.err());
            assertTrue(start.err().contains("the-failing-step-says-hello"), "the step's output is shown: " + start.err());
            String error = start.err().lines().filter(l -> l.startsWith("error:")).findFirst().orElse("");
            assertTrue(error.contains("build failed") && error.contains("9"), error);
            assertEquals(List.of(), engine.containers(AppIdentity.of(AppDir.open(app)).appFilter()));
        } finally {
            CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", app.toString());
        }
    }
}
