package slugbuilder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.AppDir;
import slugbuilder.detect.PlatformCatalog;
import slugbuilder.init.Initializer;
import slugbuilder.render.TemplateRenderer;
import slugbuilder.support.Engine;
import slugbuilder.support.Fixtures;

/**
 * Full builds on the local stack: the base image from the rendered Dockerfile, then the app
 * image from a one-line FROM, which fires the ONBUILD steps; then a process started the way a
 * dyno starts it.
 */
class TemplateBuildIT {
    private static ContainerEngine engine;
    private static final List<String> images = new ArrayList<>();

    @TempDir
    Path scratch;

    @BeforeAll
    static void connect() {
        engine = Engine.connect();
    }

    @AfterAll
    static void removeImages() {
        // the app images first: they stand on the base images
        for (int i = images.size() - 1; i >= 0; i--) {
            engine.images().remove(images.get(i));
        }
        engine.close();
    }

    /** Renders, builds base and app image; returns the app image's tag. */
    private String buildApp(String fixture, String template) {
        Path app = Fixtures.copy(fixture, scratch);
        new Initializer(PlatformCatalog.builtIn(), new TemplateRenderer())
                .init(AppDir.open(app), template, Engine.BUILD_STACK, false);
        String base = "slugbuilder-test/" + fixture + ":base-" + System.nanoTime();
        String start = base.replace(":base-", ":start-");
        images.add(base);
        engine.images()
                .build(
                        new BuildRequest(
                                Engine.appContext(app, readDockerfile(app)),
                                "Dockerfile",
                                List.of(base),
                                Map.of(),
                                Labels.of("test")),
                        line -> {});
        images.add(start);
        engine.images()
                .build(
                        new BuildRequest(
                                Engine.appContext(app, "FROM " + base + "\n"),
                                "Dockerfile",
                                List.of(start),
                                Map.of(),
                                Labels.of("test")),
                        line -> {});
        return start;
    }

    private static String readDockerfile(Path app) {
        try {
            return Files.readString(app.resolve("Dockerfile"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void minimalRunsAsANonRootUserWithProfileDSourced() {
        String image = buildApp("minimal", "minimal");
        RunResult run = Engine.runAsDyno(engine, image, "bin/web");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("minimal: user=app home=/app port=5006", run.output().strip());
        // found through the PATH that /app/.profile.d/minimal.sh exports, not as a relative path
        assertEquals(
                "/app/src/bin/web",
                Engine.runAsDyno(engine, image, "command -v web").output().strip());

        RunResult uid = Engine.runAsDyno(engine, image, "id -u; pwd");
        assertFalse(uid.output().startsWith("0\n"), "the process must not run as root: " + uid.output());
        assertTrue(uid.output().endsWith("/app/src\n"), ".profile.d ends with cd /app/src: " + uid.output());
    }

    @Test
    void theGeneratedFilesStayOutOfTheImage() {
        String image = buildApp("minimal", "minimal");
        RunResult run = Engine.runAsDyno(engine, image, "ls -A /app/src");
        assertEquals(
                List.of("Procfile", "README.md", "bin"),
                run.output().lines().sorted().toList(),
                run.output());
    }

    @Test
    void aptfilePackagesWorkFromAppWithTheirLibraries() {
        // static platform: busybox-static unpacked by the base image, jq (and libjq, libonig) by the Aptfile
        String image = buildApp("aptfile", null);
        RunResult jq = Engine.runAsDyno(engine, image, "echo '{\"a\": 42}' | jq .a && command -v jq busybox");
        assertEquals(0, jq.exitCode(), jq.output());
        assertEquals(
                List.of("42", "/app/.apt/usr/bin/jq", "/app/.apt/bin/busybox"),
                jq.output().lines().toList());
        RunResult outsideDyno = ContainerRuns.run(
                engine,
                ContainerSpec.oneOff(
                        Engine.STACK, List.of("sh", "-c", "command -v jq || echo none"), List.of(), Labels.of("test")));
        assertEquals("none", outsideDyno.output().strip(), "jq must come from the app, not the stack");
    }
}
