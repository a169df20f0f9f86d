package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.Fixtures;

/** The Aptfile sample through 'start': the listed tool runs in the app container, and exit codes come back. */
class AptfileStartIT {
    @TempDir
    static Path scratch;

    private static Path app;

    @BeforeAll
    static void init() {
        app = Fixtures.copy("aptfile", scratch);
        Fixtures.init(app);
    }

    @AfterAll
    static void clean() {
        CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", app.toString());
    }

    @Test
    void theAptfileToolRunsAndItsExitCodeComesBack() {
        CliProcess web = CliProcess.run(Duration.ofMinutes(5), "start", "--dir", app.toString(), "--port", "5391");
        assertEquals(0, web.exitCode(), web.err());
        assertTrue(web.err().lines().anyMatch(l -> l.matches("web\\.1 +\\| jq-1\\.\\d+")), web.err());

        CliProcess fail =
                CliProcess.run(Duration.ofMinutes(5), "start", "fail", "--dir", app.toString(), "--port", "5391");
        assertEquals(3, fail.exitCode(), "the process's exit code becomes slugbuilder's: " + fail.err());
        assertTrue(fail.err().contains("fail.1  | about to fail"), fail.err());
        try (ContainerEngine engine = Engine.connect()) {
            assertEquals(
                    List.of(),
                    engine.containers().list(AppIdentity.of(AppDir.open(app)).appFilter()));
        }
    }

    @Test
    void aMissingProcessTypeIsNamed() {
        CliProcess run = CliProcess.run(Duration.ofMinutes(1), "start", "worker", "--dir", app.toString());
        assertEquals(125, run.exitCode(), "start's own failure");
        assertTrue(run.err().startsWith("error: Procfile"), run.err());
        assertTrue(run.err().contains("worker"), run.err());
    }
}
