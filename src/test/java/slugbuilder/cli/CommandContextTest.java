package slugbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.fake.FakeEngine;
import slugbuilder.support.Fixtures;

/** Every command gets its engine from the context: on first use only, and the context undoes and closes what it made. */
class CommandContextTest {
    @TempDir
    Path scratch;

    private final FakeEngine engine = new FakeEngine();
    private final List<String> connects = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        Wiring wiring = Wiring.system()
                .withEngines((cleanup, notes) -> {
                    connects.add("connect");
                    return engine;
                })
                .withEnv(Map.of());
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), wiring)
                .execute(args);
    }

    @Test
    void aCommandThatFailsOnTheAppsFilesNeverConnects() {
        Path app = Fixtures.app(scratch, "Procfile", "web node index.js\n", "Dockerfile", "FROM x\n");
        assertEquals(125, run("start", "--dir", app.toString()), err.toString());
        assertEquals(List.of(), connects);
    }

    @Test
    void stopUsesTheWiredEngineOnceAndRemovesOnlyTheAppsContainers() throws Exception {
        Path app = Fixtures.app(scratch, "Procfile", "web: x\n");
        engine.addImage("img", Map.of());
        String mine = engine.create(ContainerSpec.oneOff(
                "img", List.of("x"), List.of(), AppIdentity.of(AppDir.open(app)).labels("web")));
        String other = engine.create(ContainerSpec.oneOff("img", List.of("x"), List.of(), Map.of("app", "other")));
        assertEquals(0, run("stop", "--dir", app.toString()), err.toString());
        assertEquals(List.of("connect"), connects);
        assertTrue(engine.removedContainers().contains(mine));
        assertTrue(engine.liveContainers().containsKey(other));
        assertTrue(Files.isDirectory(app));
    }
}
