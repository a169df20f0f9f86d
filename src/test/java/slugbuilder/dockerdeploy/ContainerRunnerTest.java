package slugbuilder.dockerdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonCatalog;
import slugbuilder.addons.AddonPlan;
import slugbuilder.addons.AppJsonFixture;
import slugbuilder.addons.ChosenAddonImages;
import slugbuilder.app.AppDir;
import slugbuilder.console.Console;
import slugbuilder.core.AddonServices;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.ImageInfo;
import slugbuilder.engine.fake.FakeEngine;

/** container run on the fake engine: the container it creates, what it says, and what it leaves. */
class ContainerRunnerTest {
    @TempDir
    Path root;

    private final FakeEngine engine = new FakeEngine();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true));
    private AppDir app;

    @BeforeEach
    void app() throws IOException {
        Files.writeString(root.resolve("Dockerfile.web"), "FROM base\nEXPOSE 8080\nCMD [\"./web\"]\n");
        Files.writeString(root.resolve("Dockerfile.worker"), "FROM base\nVOLUME /data\nCMD ./worker\n");
        Files.writeString(root.resolve(".env"), "SECRET=from-dotenv\n");
        app = AppDir.open(root);
    }

    /** Builds of TYPE make an image of USER whose configuration is CMD and EXPOSE. */
    private void image(String type, String user, List<String> cmd, List<String> exposed) {
        engine.onBuild(
                request -> request.tags().contains(tag(type)),
                FakeEngine.BuildScript.succeeding(user, List.of(), "Step 1/1 : FROM base"));
        engine.runtimeConfig(
                tag(type), new ImageInfo("", user, List.of(), Map.of(), cmd, List.of(), exposed, List.of(), false));
    }

    private String tag(String type) {
        return ContainerImageBuilder.localTag(AppIdentity.of(app), type);
    }

    private ContainerRunner.Plan plan(String type, int port, List<String> words) {
        return ContainerRunner.plan(
                app,
                new ContainerRunner.Options(
                        type, words, false, port, Map.of("SECRET", "from-dotenv", "PORT", "80"), Map.of(), null, null));
    }

    private ContainerRunner runner(Duration bootTimeout) {
        return new ContainerRunner(engine, console, Cleanup.registry(), bootTimeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aRootWebImageRunsAsNobodyWithPortItsCmdThroughShAndTheUrlOnceItAnswers() throws Exception {
        image("web", "", List.of("./web", "--port", "$PORT"), List.of("8080/tcp"));
        int port = freePort();
        ContainerRunner.Plan plan = plan("web", port, List.of());
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
                () -> runner(Duration.ofSeconds(20)).run(app, plan));
        while (engine.liveContainers().isEmpty() && !code.isDone()) {
            Thread.sleep(20);
        }
        HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        web.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        web.start();
        try {
            while (!out.toString().contains("available at")) {
                assertTrue(!code.isDone(), "ended early: " + err);
                Thread.sleep(20);
            }
            String id = engine.liveContainers().keySet().iterator().next();
            engine.exit(id, 7);
            assertEquals(7, code.get(10, TimeUnit.SECONDS), "the process's exit code passes through");
        } finally {
            web.stop(0);
        }

        ContainerSpec spec = engine.createdSpecs().get(0);
        assertEquals(ContainerRuntime.UNPRIVILEGED_USER, spec.user());
        assertEquals(List.of("/bin/sh", "-c", "./web --port $PORT"), spec.command());
        assertEquals(Map.of(port, port), spec.ports(), "PORT only, not the EXPOSE port");
        assertEquals(List.of("SECRET=from-dotenv", "PORT=" + port, "DYNO=web.1"), spec.env());
        assertEquals(tag("web"), spec.image());
        assertEquals(Map.of(), engine.liveContainers());
        assertTrue(
                out.toString().contains("web process will be available at http://127.0.0.1:" + port + "/"),
                out.toString());
        String said = err.toString();
        assertTrue(
                said.contains("note: the web image runs as root (no USER); Heroku never runs a dyno as root,"
                        + " so this runs as the unprivileged uid 65534:65534"),
                said);
        assertTrue(said.contains("warning: the web image EXPOSEs 8080, which Heroku's runtime ignores"), said);
        assertTrue(said.contains("note: PORT from your config vars is replaced by " + port), said);
        assertTrue(said.contains("==> web.1 exited with code 7"), said);
    }

    @Test
    void aWebProcessThatNeverListensOnPortIsAClearErrorAndNothingIsLeft() throws IOException {
        image("web", "app", List.of("./web"), List.of("8080/tcp"));
        int port = freePort();

        SlugbuilderException e = assertThrows(
                SlugbuilderException.class, () -> runner(Duration.ofSeconds(1)).run(app, plan("web", port, List.of())));

        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals(
                "web.1 did not answer on $PORT=" + port + " within 1 s; it was stopped and removed", e.getMessage());
        assertTrue(e.hint().startsWith("it must listen on $PORT, not its EXPOSE port (8080)"), e.hint());
        assertEquals(Map.of(), engine.liveContainers());
        assertEquals(1, engine.removedContainers().size());
        assertNull(engine.createdSpecs().get(0).user(), "a non-root image keeps its own user");
    }

    @Test
    void aWebProcessThatEndsBeforeItAnswersHandsOverItsCode() throws IOException {
        image("web", "app", List.of("./web"), List.of());
        engine.exitOnStart(spec -> true, 3, "Error: no DATABASE_URL");

        int code = runner(Duration.ofSeconds(5)).run(app, plan("web", freePort(), List.of()));

        assertEquals(3, code);
        assertTrue(err.toString().contains("web.1   | Error: no DATABASE_URL"), err.toString());
        assertTrue(err.toString().contains("web.1 exited with code 3 before it answered"), err.toString());
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void aWorkerRunsTheCommandLinesCommandAndWarnsOfItsVolumeLine() throws IOException {
        image("worker", "app", List.of("/bin/sh", "-c", "./worker"), List.of());
        engine.exitOnStart(spec -> true, 0, "done");

        int code = runner(Duration.ofSeconds(5)).run(app, plan("worker", freePort(), List.of("rake", "jobs:work")));

        assertEquals(0, code);
        assertEquals(
                List.of("/bin/sh", "-c", "rake jobs:work"),
                engine.createdSpecs().get(0).command());
        assertTrue(err.toString().contains("warning: Dockerfile.worker:2: VOLUME /data is ignored:"), err.toString());
        assertTrue(err.toString().contains("==> Started worker.1 (the command line): rake jobs:work"), err.toString());
        assertTrue(!out.toString().contains("available at"), "only web is announced");
    }

    @Test
    void herokuYmlsRunCommandRunsInTheImageItNames() throws IOException {
        Files.writeString(
                root.resolve("heroku.yml"),
                "run:\n  worker:\n    command:\n      - ./worker\n      - --queue=$QUEUE\n    image: web\n");
        image("web", "app", List.of("./web"), List.of());
        engine.exitOnStart(spec -> true, 0);

        runner(Duration.ofSeconds(5)).run(app, plan("worker", freePort(), List.of()));

        ContainerSpec spec = engine.createdSpecs().get(0);
        assertEquals(tag("web"), spec.image());
        assertEquals(List.of("./worker", "--queue=$QUEUE"), spec.command());
        assertTrue(spec.env().contains("DYNO=worker.1"), spec.env().toString());
        assertTrue(err.toString().contains("(heroku.yml:2 (run.worker))"), err.toString());
    }

    @Test
    void aTypeWithoutADockerfileFailsBeforeTheEngineIsAsked() {
        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> plan("clock", 5006, List.of()));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("no Dockerfile for process type \"clock\""), e.getMessage());
        assertEquals(List.of(), engine.calls());
    }

    @Test
    void herokuYmlsTargetStageIsBuiltAndOnlyItsInstructionsAreWarnedAbout() throws IOException {
        Files.writeString(
                root.resolve("Dockerfile.worker"),
                "FROM base AS worker\nCMD ./worker\nFROM base AS debug\nVOLUME /data\nCMD ./debug\n");
        Files.writeString(
                root.resolve("heroku.yml"),
                "build:\n  docker:\n    worker:\n      dockerfile: Dockerfile.worker\n      target: worker\n");
        List<String> targets = new ArrayList<>();
        engine.onBuild(
                request -> targets.add(String.valueOf(request.target())) && false,
                FakeEngine.BuildScript.succeeding("app", List.of()));
        image("worker", "app", List.of("/bin/sh", "-c", "./worker"), List.of());
        engine.exitOnStart(spec -> true, 0);

        int code = runner(Duration.ofSeconds(5)).run(app, plan("worker", freePort(), List.of()));

        assertEquals(0, code);
        assertEquals(List.of("worker"), targets, "the stage heroku.yml names");
        assertTrue(!err.toString().contains("VOLUME"), "the debug stage's VOLUME is not built: " + err);
    }

    @Test
    void appJsonsAddOnsRunBesideTheProcessWithTheirConfigVarsAndStopWithIt() throws IOException {
        engine.addImage("redis", Map.of());
        image("worker", "app", List.of("/bin/sh", "-c", "./worker"), List.of());
        engine.exitOnStart(spec -> spec.image().equals(tag("worker")), 0);
        AddonPlan addons = AppJsonFixture.plan(
                "{\"addons\": [\"heroku-redis\"]}", AddonCatalog.builtIn(), ChosenAddonImages.none());
        ContainerRunner.Options options = new ContainerRunner.Options(
                "worker", List.of(), false, freePort(), Map.of("SECRET", "s"), Map.of(), null, null, addons);

        int code = runner(Duration.ofSeconds(5)).run(app, ContainerRunner.plan(app, options));

        assertEquals(0, code);
        ContainerSpec worker = engine.createdSpecs().stream()
                .filter(spec -> spec.image().equals(tag("worker")))
                .findFirst()
                .orElseThrow();
        assertTrue(
                worker.env().stream().anyMatch(e -> e.matches("REDIS_URL=rediss://:[^@]+@redis:6380")),
                worker.env().toString());
        assertEquals(
                AddonServices.network(AppIdentity.of(app)), worker.network().name(), "on the add-ons' network");
        assertEquals(Map.of(), engine.liveContainers(), "the service stops with the process");
    }
}
