package slugbuilder.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.Cleanup;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.addons.AddonPlan;
import slugbuilder.app.AppDir;
import slugbuilder.appjson.AppJson;
import slugbuilder.console.Console;
import slugbuilder.detect.ProcessTypes;
import slugbuilder.engine.ContainerSpec;
import slugbuilder.engine.Labels;
import slugbuilder.engine.fake.FakeEngine;
import slugbuilder.run.AppRunner;
import slugbuilder.run.DynoPlan;

/** ProcessSupervisor and AppRunner on the fake engine: what each mode leaves, and what a failure leaves. */
class ProcessSupervisorTest {
    private static final String IMAGE = "slugbuilder/app-aaaaaa:start";
    private final FakeEngine engine = new FakeEngine();
    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    private final Cleanup cleanup = Cleanup.registry();

    private static ProcessSupervisor.Launch launch(String process, String image, int port) {
        ContainerSpec spec = new ContainerSpec(
                image,
                List.of("bash", "-c", process),
                null,
                List.of(),
                "/app",
                port > 0 ? Map.of(port, port) : Map.of(),
                Map.of(),
                Labels.of(process));
        return new ProcessSupervisor.Launch(process + ".1", process, spec, port, id -> {});
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void foregroundReturnsTheExitCodeOfTheFirstProcessToEndAndRemovesThemAll() {
        engine.addImage(IMAGE, Labels.of("start"));
        engine.exitOnStart(spec -> spec.command().contains("clock"), 3, "tick");

        int code = new ProcessSupervisor(engine, console, cleanup)
                .run(
                        List.of(launch("worker", IMAGE, 0), launch("clock", IMAGE, 0)),
                        ProcessSupervisor.Mode.FOREGROUND,
                        "slugbuilder stop");

        assertEquals(3, code);
        assertEquals(Map.of(), engine.liveContainers());
        assertEquals(
                List.of("the worker.1 container", "the clock.1 container"),
                engine.calls("create").stream().map(c -> c.args().get(0)).toList());
    }

    @Test
    void theWebContainerIsRemovedWhenItsProcessEnds() {
        engine.addImage(IMAGE, Labels.of("start"));
        engine.exitOnStart(spec -> spec.command().contains("web"), 1, "crashed");

        int code = new ProcessSupervisor(engine, console, cleanup)
                .run(List.of(launch("web", IMAGE, 5999)), ProcessSupervisor.Mode.FOREGROUND, "slugbuilder stop");

        assertEquals(1, code);
        assertEquals(Map.of(), engine.liveContainers());
        assertEquals(1, engine.removedContainers().size());
        assertTrue(err.toString().contains("web.1 ended before it answered"), err.toString());
    }

    @Test
    void aDetachedWebThatEndsBeforeItAnswersHandsOverItsCodeAndLeavesNothing() {
        engine.addImage(IMAGE, Labels.of("start"));
        engine.exitOnStart(spec -> spec.command().contains("web"), 3, "Error: connect ECONNREFUSED (no database)");

        int code = new ProcessSupervisor(engine, console, cleanup)
                .run(
                        List.of(launch("web", IMAGE, 5998), launch("worker", IMAGE, 0)),
                        ProcessSupervisor.Mode.DETACH,
                        "slugbuilder stop");

        assertEquals(3, code, "a script running start --detach must not believe the app is up");
        assertEquals(Map.of(), engine.liveContainers(), "the worker of the failed run is stopped too");
        assertTrue(err.toString().contains("| Error: connect ECONNREFUSED"), "its last output: " + err);
        assertTrue(err.toString().contains("web.1 exited with code 3 before it answered"), err.toString());
        assertTrue(!err.toString().contains("running in the background"), err.toString());
    }

    @Test
    void aDetachedWebThatEndsWithCodeZeroBeforeAnsweringIsAFailure() {
        engine.addImage(IMAGE, Labels.of("start"));
        engine.exitOnStart(spec -> spec.command().contains("web"), 0);

        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> new ProcessSupervisor(engine, console, cleanup)
                        .run(List.of(launch("web", IMAGE, 5997)), ProcessSupervisor.Mode.DETACH, "slugbuilder stop"));

        assertTrue(e.getMessage().startsWith("web.1 exited (code 0) before it answered"), e.getMessage());
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void inTheForegroundAnotherProcessEndingStopsTheWaitForWeb() {
        engine.addImage(IMAGE, Labels.of("start"));
        engine.exitOnStart(spec -> spec.command().contains("worker"), 6, "worker crashed");
        long started = System.nanoTime();

        int code = new ProcessSupervisor(engine, console, cleanup)
                .run(
                        List.of(launch("web", IMAGE, 5996), launch("worker", IMAGE, 0)),
                        ProcessSupervisor.Mode.FOREGROUND,
                        "slugbuilder stop");

        assertEquals(6, code, "the worker ended first, as foreman would report");
        assertTrue(System.nanoTime() - started < 30_000_000_000L, "not the 60 s wait for a web that never answers");
        assertEquals(Map.of(), engine.liveContainers());
        assertFalse(err.toString().contains("did not answer"), err.toString());
    }

    @Test
    void afterCtrlCNoStartedLineFollowsTheInterruptedLine() throws Exception {
        engine.addImage(IMAGE, Labels.of("start"));
        FakeEngine.Gate starting = engine.block("start");
        CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
            try {
                return new ProcessSupervisor(engine, console, cleanup)
                        .run(
                                List.of(launch("worker", IMAGE, 0), launch("clock", IMAGE, 0)),
                                ProcessSupervisor.Mode.FOREGROUND,
                                "slugbuilder stop");
            } catch (SlugbuilderException e) {
                return e.exitCode() + ": " + e.getMessage();
            }
        });
        starting.awaitEntered();
        // what the shutdown hook does on Ctrl-C: the one line, then the cleanup (which waits for the start call)
        console.interrupted();
        CompletableFuture<Void> hook = CompletableFuture.runAsync(cleanup::close);
        starting.release();
        hook.get(10, TimeUnit.SECONDS);
        Object outcome = run.get(10, TimeUnit.SECONDS);

        // which of the interrupt's consequences reaches the run first is a race (the error handler
        // silences them all under a real shutdown); what the user sees is not
        assertTrue(
                outcome.toString().matches("INTERRUPTED: interrupted|ENGINE: No such container: \\p{XDigit}+|137"),
                "stopped by the interrupt, or its processes gone: " + outcome);
        assertEquals("interrupted: stopping and removing what this command started\n", err.toString());
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void theReleasePhaseAndEveryProcessOfARunLineUp(@TempDir Path dir) throws IOException {
        releaseApp(dir);
        engine.exitOnStart(spec -> spec.command().contains("./migrate"), 0, "migrated");
        engine.exitOnStart(spec -> spec.command().contains("./work"), 9, "working");

        startApp(
                new AppRunner(engine, console, cleanup),
                dir,
                new AppRunner.Options("worker", true, freePort(), Map.of(), false, false, true, AddonPlan.none()));

        assertTrue(err.toString().contains("\nrelease  | migrated\n"), err.toString());
        assertTrue(err.toString().contains("\nworker.1 | working\n"), err.toString());
    }

    @Test
    void aCreateFailureLeavesNothing() {
        engine.addImage(IMAGE, Labels.of("start"));

        SlugbuilderException e =
                assertThrows(SlugbuilderException.class, () -> new ProcessSupervisor(engine, console, cleanup)
                        .run(
                                List.of(launch("worker", IMAGE, 0), launch("clock", "no/such:image", 0)),
                                ProcessSupervisor.Mode.FOREGROUND,
                                "slugbuilder stop"));

        assertEquals(ExitCode.ENGINE, e.exitCode());
        assertEquals(Map.of(), engine.liveContainers(), "the worker created before is removed");
        assertEquals(List.of(), engine.calls("start").stream().skip(1).toList(), "the failed launch started nothing");
    }

    @Test
    void anEngineFailureWhileWaitingIsTheEnginesWordedFailureAndLeavesNothing() {
        engine.addImage(IMAGE, Labels.of("start"));
        engine.failNext(
                "waitFor",
                new SlugbuilderException(ExitCode.ENGINE, "failed to wait for the worker.1 container: gone"));

        SlugbuilderException e = assertThrows(SlugbuilderException.class, () -> new ProcessSupervisor(
                        engine, console, cleanup)
                .run(List.of(launch("worker", IMAGE, 0)), ProcessSupervisor.Mode.FOREGROUND, "slugbuilder stop"));

        assertEquals("failed to wait for the worker.1 container: gone", e.getMessage());
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void aFailingPreparationLeavesNothing() {
        engine.addImage(IMAGE, Labels.of("start"));
        ProcessSupervisor.Launch web = launch("web", IMAGE, 5998);
        ProcessSupervisor.Launch failing =
                new ProcessSupervisor.Launch(web.dyno(), web.command(), web.spec(), web.port(), id -> {
                    throw new SlugbuilderException(
                            ExitCode.ENGINE, "failed to copy files into the web.1 container at /: boom");
                });

        assertThrows(SlugbuilderException.class, () -> new ProcessSupervisor(engine, console, cleanup)
                .run(List.of(failing), ProcessSupervisor.Mode.FOREGROUND, "slugbuilder stop"));

        assertEquals(Map.of(), engine.liveContainers());
        assertEquals(List.of(), engine.calls("start"));
    }

    @Test
    void detachKeepsTheContainersOnceWebAnswersAndCheckRemovesThem() throws IOException {
        engine.addImage(IMAGE, Labels.of("start"));
        int port = freePort();
        HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        web.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        web.start();
        try {
            int detached = new ProcessSupervisor(engine, console, cleanup)
                    .run(
                            List.of(launch("web", IMAGE, port)),
                            ProcessSupervisor.Mode.DETACH,
                            "slugbuilder stop --slugs");
            assertEquals(0, detached);
            assertEquals(1, engine.liveContainers().size(), "detached: it keeps running");
            assertTrue(
                    err.toString().contains("note: running in the background; stop with: slugbuilder stop --slugs"),
                    "the note names the command that stops what was detached: " + err);

            int checked = new ProcessSupervisor(engine, console, cleanup)
                    .run(List.of(launch("web", IMAGE, port)), ProcessSupervisor.Mode.CHECK, "slugbuilder stop");
            assertEquals(0, checked);
            assertEquals(1, engine.liveContainers().size(), "the check removed its own container only");
        } finally {
            web.stop(0);
        }
    }

    @Test
    void appRunnerRefusesAnImageRunningAsRootBeforeAnyContainer(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Procfile"), "web: ./server\n", StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("Dockerfile"),
                "FROM slugbuilder/stack:bookworm-build\nONBUILD COPY . /app/src\n",
                StandardCharsets.UTF_8);
        engine.addImage("slugbuilder/stack:bookworm-build", Labels.of("stack"));
        engine.onBuild(request -> true, FakeEngine.BuildScript.succeeding("root", List.of("COPY . /app/src")));

        SlugbuilderException e = assertThrows(
                SlugbuilderException.class,
                () -> startApp(
                        new AppRunner(engine, console, cleanup),
                        dir,
                        new AppRunner.Options(
                                "web", false, freePort(), Map.of(), false, false, true, AddonPlan.none())));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(List.of(), engine.calls("create"));
        assertEquals(
                List.of("the base image", "the app image"),
                engine.calls("build").stream().map(c -> c.args().get(0)).toList());
    }

    private Path releaseApp(Path dir) throws IOException {
        Files.writeString(
                dir.resolve("Procfile"), "release: ./migrate\nworker: ./work\nclock: ./tick\n", StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("Dockerfile"),
                "FROM slugbuilder/stack:bookworm-build\nONBUILD COPY . /app/src\n",
                StandardCharsets.UTF_8);
        engine.addImage("slugbuilder/stack:bookworm-build", Labels.of("stack"));
        return dir;
    }

    private List<String> created() {
        return engine.calls("create").stream().map(c -> c.args().get(0)).toList();
    }

    @Test
    void theReleasePhaseRunsFirstAndItsFailureStartsNothingElse(@TempDir Path dir) throws IOException {
        releaseApp(dir);
        engine.exitOnStart(spec -> spec.command().contains("./migrate"), 4, "relation \"users\" does not exist");

        int code = startApp(
                new AppRunner(engine, console, cleanup),
                dir,
                new AppRunner.Options(
                        "worker", true, freePort(), Map.of("A", "1"), false, false, true, AddonPlan.none()));

        assertEquals(4, code, "the release command's exit code");
        assertEquals(List.of("the release container"), created(), "no dyno starts after a failed release phase");
        assertEquals(Map.of(), engine.liveContainers());
        assertTrue(err.toString().contains("release  | relation \"users\" does not exist"), err.toString());
        ContainerSpec release = engine.createdSpecs().get(0);
        assertTrue(release.ports().isEmpty(), "the release phase takes no port");
        assertTrue(
                release.env().contains("A=1") && release.env().contains("DYNO=release.1"),
                release.env().toString());
    }

    @Test
    void afterASuccessfulReleasePhaseEveryProcessButReleaseRuns(@TempDir Path dir) throws IOException {
        releaseApp(dir);
        engine.exitOnStart(spec -> spec.command().contains("./migrate"), 0, "migrated");
        engine.exitOnStart(spec -> spec.command().contains("./work"), 9);

        int code = startApp(
                new AppRunner(engine, console, cleanup),
                dir,
                new AppRunner.Options("worker", true, freePort(), Map.of(), false, false, true, AddonPlan.none()));

        assertEquals(9, code, "the first dyno to end, not the release phase, ends the run");
        assertEquals(List.of("the release container", "the worker.1 container", "the clock.1 container"), created());
        assertEquals(Map.of(), engine.liveContainers());
    }

    @Test
    void noReleaseSkipsThePhase(@TempDir Path dir) throws IOException {
        releaseApp(dir);
        engine.exitOnStart(spec -> true, 5);

        int code = startApp(
                new AppRunner(engine, console, cleanup),
                dir,
                new AppRunner.Options("worker", false, freePort(), Map.of(), false, false, false, AddonPlan.none()));

        assertEquals(5, code);
        assertEquals(List.of("the worker.1 container"), created());
    }

    @Test
    void appRunnerBuildsThenRunsTheProcessAsADynoAndRemovesItWhenItEnds(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Procfile"), "worker: ./work\n", StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("Dockerfile"),
                "FROM slugbuilder/stack:bookworm-build\nONBUILD COPY . /app/src\n",
                StandardCharsets.UTF_8);
        engine.addImage("slugbuilder/stack:bookworm-build", Labels.of("stack"));
        engine.exitOnStart(spec -> true, 7);
        int port = freePort();

        int code = startApp(
                new AppRunner(engine, console, cleanup),
                dir,
                new AppRunner.Options("worker", false, port, Map.of("A", "1"), false, false, true, AddonPlan.none()));

        assertEquals(7, code);
        assertEquals(Map.of(), engine.liveContainers());
        FakeEngine.Call create = engine.calls("create").get(0);
        assertEquals("the worker.1 container", create.args().get(0));
    }

    /** Runs the app in DIR as start does: its inputs and process types read once, the processes OPTIONS names. */
    private static int startApp(AppRunner runner, Path dir, AppRunner.Options options) {
        AppDir app = AppDir.open(dir);
        ProcessTypes types = ProcessTypes.read(app, Map.of());
        DynoPlan plan = DynoPlan.of(
                types.procfile(),
                AppRunner.processes(types.procfile(), options.all(), options.process()),
                options.all(),
                AppJson.read(app).base().formation(),
                Map.of(),
                options.basePort());
        return runner.start(AppInputs.read(app), types, plan, options, AppImages.BuildSettings.defaults());
    }
}
