package slugbuilder.dockerdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.heroku.ApiToken;
import slugbuilder.registry.OkHttpRegistryClient;
import slugbuilder.registry.Registry;
import slugbuilder.registry.RegistryClient;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.FakePlatformScript;
import slugbuilder.support.Fixtures;
import slugbuilder.support.Interrupts;
import slugbuilder.support.LocalRegistry;

/**
 * The container path end to end through the packaged CLI: an app with Dockerfile.web,
 * Dockerfile.worker and Dockerfile.release goes through {@code container push --recursive} to a
 * real registry (Docker's distribution with htpasswd auth) on the real engine, then
 * {@code container release web worker release} against scripts/fake-platform.py, which checks
 * the formation update's Accept header and body and serves a release-phase stream that answers
 * 404 first. The images are pushed once; each release gets a stand-in of its own.
 */
class ContainerReleaseIT {
    private static final int PORT = 5061;
    private static final String APP = "crelease-app";
    private static final Duration RUN = Duration.ofMinutes(4);
    private static final List<String> TYPES = List.of("web", "worker", "release");

    @TempDir
    static Path scratch;

    private static ContainerEngine engine;
    private static LocalRegistry registry;
    private static Path app;
    private static final Map<String, String> imageIds = new LinkedHashMap<>();

    @BeforeAll
    static void push() throws IOException {
        engine = Engine.connect();
        registry = LocalRegistry.start(PORT);
        app = Fixtures.copy(Fixtures.CONTAINER_APPS, "three-types", scratch);
        Map<String, String> env = new HashMap<>(environment());
        env.put("SLUGBUILDER_REGISTRY", registry.address());
        CliProcess push = CliProcess.start(
                env,
                "container",
                "push",
                "--recursive",
                "--dir",
                app.toString(),
                "-a",
                APP,
                "--build-arg",
                "STACK=" + Engine.STACK);
        assertEquals(0, push.waitFor(RUN), push.err());
        RegistryClient client =
                new OkHttpRegistryClient(new Registry(registry.address()), new ApiToken(LocalRegistry.TOKEN, "test"));
        for (String type : TYPES) {
            imageIds.put(type, client.imageId(APP, type));
        }
    }

    @AfterAll
    static void cleanUp() {
        if (engine != null) {
            // the local tags and the registry tags: all carry the app's labels
            Map<String, String> labels = AppIdentity.of(AppDir.open(app)).appFilter();
            engine.images().list(labels).forEach(engine.images()::remove);
            engine.close();
        }
        if (registry != null) {
            registry.stop();
        }
    }

    /** The token is the registry's password and the stand-in's bearer token; HOME is empty scratch. */
    private static Map<String, String> environment() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("HEROKU_API_KEY", LocalRegistry.TOKEN);
        env.put("HOME", Files.createDirectories(scratch.resolve("home")).toString());
        env.put("DOCKER_CONFIG", null);
        return env;
    }

    private static CliProcess release(int apiPort, String... types) throws IOException {
        List<String> args = new ArrayList<>(List.of("container", "release"));
        args.addAll(List.of(types));
        args.addAll(List.of(
                "--dir",
                app.toString(),
                "-a",
                APP,
                "--registry",
                registry.address(),
                "--api-url",
                "http://127.0.0.1:" + apiPort));
        return CliProcess.start(environment(), args.toArray(String[]::new));
    }

    /** scripts/fake-platform.py on PORT, its apps on STACK, its release phase ending as PHASE. */
    private static Process platform(int port, String stack, String phase, Path log)
            throws IOException, InterruptedException {
        return FakePlatformScript.start(
                port,
                Map.of(
                        "LOG",
                        "1",
                        "APP_STACK",
                        stack,
                        "RELEASE_PHASE",
                        phase,
                        "RELEASE_OUTPUT",
                        "Running release command...|migrating"),
                log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        server.waitFor();
    }

    @Test
    void thePushedImagesAreReleasedInOneFormationUpdateAndTheReleasePhaseIsStreamed() throws Exception {
        int port = freePort();
        Path log = scratch.resolve("succeeded.log");
        Process server = platform(port, "container", "succeeded", log);
        try {
            CliProcess cli = release(port, "web", "worker", "release");
            assertEquals(0, cli.waitFor(RUN), cli.err());

            assertTrue(cli.out().contains("Released v1 of " + APP), cli.out());
            assertTrue(cli.err().contains("release | Running release command...\nrelease | migrating"), cli.err());
            List<String> requests = Files.readAllLines(log);
            String sent = "web=" + imageIds.get("web") + ",worker=" + imageIds.get("worker") + ",release="
                    + imageIds.get("release");
            assertTrue(
                    requests.contains("PATCH /apps/" + APP + "/formation 200 " + sent),
                    "one update with each type's config digest: " + requests);
            assertEquals(
                    1, requests.stream().filter(l -> l.startsWith("PATCH ")).count(), requests.toString());
            assertTrue(requests.contains("GET /streams/r1 404"), "the stream answered 404 first: " + requests);
            assertFalse(
                    requests.stream().anyMatch(l -> l.contains(" 400") || l.contains(" 422")),
                    "every request had its shape: " + requests);
            assertFalse((cli.out() + cli.err()).contains(LocalRegistry.TOKEN));
            assertFalse(cli.err().contains("never-shown"), "the stream's signature: " + cli.err());
        } finally {
            stop(server);
        }
    }

    @Test
    void aFailingReleasePhaseExits5AndIsNeverReleased() throws Exception {
        int port = freePort();
        Process server = platform(port, "container", "failed", scratch.resolve("failed.log"));
        try {
            CliProcess cli = release(port, "web", "worker", "release");
            assertEquals(ExitCode.PLATFORM_API.code, cli.waitFor(RUN), cli.err());

            assertTrue(cli.err().contains("release | migrating"), cli.err());
            assertTrue(
                    cli.err().contains("error: release v1 of " + APP + " failed in its release phase\nhint: "),
                    cli.err());
            assertFalse(cli.out().contains("Released"), cli.out());
        } finally {
            stop(server);
        }
    }

    @Test
    void ctrlCWhileFollowingLeavesTheReleaseToThePlatform() throws Exception {
        int port = freePort();
        Process server = platform(port, "container", "pending", scratch.resolve("pending.log"));
        try {
            CliProcess cli = release(port, "web", "worker", "release");
            cli.awaitOutput("release | migrating", RUN);
            cli.signal("INT");
            assertEquals(ExitCode.INTERRUPTED.code, cli.waitFor(RUN), cli.err());

            Interrupts.assertOneInterruptedLine(cli.err());
            assertTrue(cli.err().contains("interrupted: release v1 of " + APP + " is left to the platform"), cli.err());
            assertFalse(cli.out().contains("Released"), cli.out());
        } finally {
            stop(server);
        }
    }

    @Test
    void anAppOffTheContainerStackIsRefusedBeforeAnythingChanges() throws Exception {
        int port = freePort();
        Path log = scratch.resolve("slug-stack.log");
        Process server = platform(port, "heroku-24", "succeeded", log);
        try {
            CliProcess cli = release(port, "web");
            assertEquals(ExitCode.PLATFORM_API.code, cli.waitFor(RUN), cli.err());

            assertTrue(
                    cli.err().contains("error: the app " + APP + " is on the stack heroku-24, not container"),
                    cli.err());
            assertTrue(cli.err().contains("hint: heroku stack:set container -a " + APP), cli.err());
            assertEquals(List.of("GET /apps/" + APP + " 200"), Files.readAllLines(log));
        } finally {
            stop(server);
        }
    }

    @Test
    void aTypeNeverPushedIsNamedWithItsPushAndNothingIsReleased() throws Exception {
        int port = freePort();
        Path log = scratch.resolve("never-pushed.log");
        Process server = platform(port, "container", "succeeded", log);
        try {
            CliProcess cli = release(port, "web", "clock");
            assertEquals(ExitCode.PLATFORM_API.code, cli.waitFor(RUN), cli.err());

            assertTrue(
                    cli.err().contains("/" + APP + "/clock:latest: the registry has no such image (HTTP 404)"),
                    cli.err());
            assertTrue(
                    cli.err().contains("hint: push it first: slugbuilder container push clock -a " + APP), cli.err());
            assertFalse(Files.readAllLines(log).stream().anyMatch(l -> l.startsWith("PATCH ")));
        } finally {
            stop(server);
        }
    }

    @Test
    void theWebImageRunsLocallyAsTheRuntimeWillRunIt() throws Exception {
        int port = freePort();
        CliProcess run = CliProcess.start(
                "container",
                "run",
                "web",
                "--dir",
                app.toString(),
                "--port",
                Integer.toString(port),
                "--build-arg",
                "STACK=" + Engine.STACK);
        String url = "http://127.0.0.1:" + port + "/";
        run.awaitOutput("web process will be available at " + url, RUN);
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("web, uid 65534, port " + port + "\n", answer.body(), "non-root, on $PORT");
        run.signal("INT");
        assertEquals(ExitCode.INTERRUPTED.code, run.waitFor(RUN), run.err());
        assertEquals(
                List.of(),
                engine.containers().list(AppIdentity.of(AppDir.open(app)).appFilter()));
    }
}
