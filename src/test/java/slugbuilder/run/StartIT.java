package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.core.AppImages;
import slugbuilder.core.WebCheck;
import slugbuilder.engine.BuildRequest;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.engine.DirectoryContext;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.Fixtures;
import slugbuilder.support.Interrupts;
import slugbuilder.support.NodeMirror;

/**
 * The node sample end to end through the packaged CLI: init, start --detach, HTTP from the
 * printed URL, a code change that reuses the dependency layer, stop, interrupts, exec.
 * Node comes from a local mirror through the template's NODE_MIRROR argument; packages come
 * from the npm registry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartIT {
    private static final Duration BUILD = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path scratch;

    private static NodeMirror mirror;
    private static ContainerEngine engine;
    private static Path app;
    private static int port;

    @BeforeAll
    static void setUp() throws IOException {
        engine = Engine.connect();
        mirror = NodeMirror.servingNode20();
        app = Fixtures.copy("node-express", scratch);
        Fixtures.init(app);
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
    }

    @AfterAll
    static void tearDown() {
        CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", app.toString());
        mirror.close();
        engine.close();
    }

    private static String[] args(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(
                command,
                "--dir",
                app.toString(),
                "--build-arg",
                "NODE_MIRROR=" + mirror.url(),
                "--build-network",
                "host",
                "--env",
                "DUP=from-flag"));
        if (!command.equals("exec")) {
            args.addAll(List.of("--port", Integer.toString(port)));
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> appContainers() {
        return engine.containers().list(AppIdentity.of(AppDir.open(app)).appFilter());
    }

    @Test
    @Order(10)
    void startDetachedPrintsTheUrlAndServesTheApp() throws Exception {
        CliProcess start = CliProcess.run(BUILD, args("start", "--detach"));
        assertEquals(0, start.exitCode(), start.err());
        assertEquals(
                "web process will be available at http://127.0.0.1:" + port + "/",
                start.out().strip());
        HttpResponse<String> root = get("/");
        assertEquals(200, root.statusCode());
        assertEquals("hello from node-express\n", root.body());
        assertTrue(
                Files.notExists(app.resolve(AppImages.START_DOCKERFILE)),
                "the generated Dockerfile stays out of the app directory");
    }

    @Test
    @Order(15)
    void theDynoRunsAsANonRootUserPublishedOnLoopbackOnly() throws Exception {
        String id = appContainers().get(0);
        String inspected = Engine.dockerCli(
                        "inspect", "--format", "{{.Config.User}} {{json .HostConfig.PortBindings}}", id)
                .strip();
        String user = inspected.substring(0, inspected.indexOf(' '));
        assertTrue(!user.isEmpty() && !user.equals("root") && !user.startsWith("0"), "runs as " + user);
        assertTrue(inspected.contains("\"HostIp\":\"127.0.0.1\""), inspected);
        assertTrue(
                !inspected.contains("\"HostIp\":\"\"") && !inspected.contains("0.0.0.0"),
                "published on loopback only: " + inspected);
        assertEquals("app\n", Engine.dockerCli("exec", id, "id", "-un"), "the process's user inside");
    }

    @Test
    @Order(45)
    void dotEnvValuesReachNoImageLayer() throws Exception {
        String canary = "canary-" + UUID.randomUUID();
        assertTrue(Files.readString(app.resolve(".env")).contains("ENERGY"), "the sample's .env is there");
        Files.writeString(app.resolve(".env"), Files.readString(app.resolve(".env")) + "LEAK_CANARY=" + canary + "\n");
        try {
            CliProcess start = CliProcess.run(BUILD, args("start", "--detach"));
            assertEquals(0, start.exitCode(), start.err());
            assertEquals(
                    canary,
                    get("/env").body().replaceAll("(?s).*\"LEAK_CANARY\":\"([^\"]*)\".*", "$1"),
                    "the process gets it as a config var");
            String image = AppIdentity.of(AppDir.open(app)).startImage();
            assertFalse(Engine.imageContains(image, canary), ".env values are never in a layer or the image's history");
        } finally {
            Files.writeString(
                    app.resolve(".env"), Files.readString(app.resolve(".env")).replaceAll("LEAK_CANARY=.*\n", ""));
            CliProcess.run(Duration.ofMinutes(1), "stop", "--dir", app.toString());
        }
    }

    @Test
    @Order(20)
    void configVarsAndProfileReachTheProcessIntact() throws Exception {
        JsonNode env = new ObjectMapper().readTree(get("/env").body());
        assertEquals("yes", env.path("EXPORTED").asText());
        assertEquals("20 GeV", env.path("ENERGY").asText());
        assertEquals("literal $HOME \\n", env.path("SINGLE").asText());
        assertEquals("line one\nline \"two\"", env.path("DOUBLE").asText());
        assertEquals("value", env.path("COMMENTED").asText());
        assertEquals("a#b", env.path("HASH_IN_WORD").asText());
        assertEquals("from-flag", env.path("DUP").asText(), "--env wins over .env");
        assertEquals("set by .profile.d", env.path("PROFILE_GREETING").asText(), "the app's .profile.d was sourced");
        assertEquals(Integer.toString(port), env.path("PORT").asText());
        assertEquals("web.1", env.path("DYNO").asText());
        assertEquals("/app", env.path("HOME").asText());

        JsonNode id = new ObjectMapper().readTree(get("/id").body());
        assertNotEquals(0, id.path("uid").asInt(), "the process must not run as root");
        assertEquals("/app/src", id.path("cwd").asText());
    }

    @Test
    @Order(30)
    void aCodeChangeReusesTheDependencyInstall() throws Exception {
        assertEquals(
                0,
                CliProcess.run(Duration.ofMinutes(1), "stop", "--dir", app.toString())
                        .exitCode());
        Path index = app.resolve("index.js");
        Files.writeString(index, Files.readString(index).replace("hello from node-express", "hello again"));

        CliProcess start = CliProcess.run(BUILD, args("start", "--detach"));
        assertEquals(0, start.exitCode(), start.err());
        List<String> steps = start.err()
                .lines()
                .filter(l -> l.contains("ONBUILD "))
                .map(String::strip)
                .toList();
        assertTrue(
                steps.stream().anyMatch(l -> l.contains("npm ci") && l.endsWith("(cached)")),
                "the dependency install must come from the cache:\n" + String.join("\n", steps));
        assertTrue(
                steps.stream().anyMatch(l -> l.contains("COPY --chown=app:app . /app/src/") && !l.endsWith("(cached)")),
                "the code layer is rebuilt:\n" + String.join("\n", steps));
        assertTrue(
                start.err().lines().noneMatch(l -> l.matches(".*added \\d+ packages.*")),
                "npm installed nothing this time");
        assertEquals("hello again\n", get("/").body());
    }

    @Test
    @Order(40)
    void stopLeavesNoContainer() {
        CliProcess stop = CliProcess.run(Duration.ofMinutes(1), "stop", "--dir", app.toString());
        assertEquals(0, stop.exitCode(), stop.err());
        assertEquals(List.of(), appContainers());
    }

    @Test
    @Order(50)
    void ctrlCWhileRunningStopsAndRemovesEverything() {
        CliProcess start = CliProcess.start(args("start"));
        start.awaitOutput("web process will be available at", BUILD);
        assertEquals(1, appContainers().size());
        start.signal("INT");
        assertEquals(130, start.waitFor(Duration.ofMinutes(1)), start.err());
        assertEquals(List.of(), appContainers(), start.err());
        Interrupts.assertOneInterruptedLine(start.err());
    }

    @Test
    @Order(60)
    void ctrlCDuringTheBuildLeavesNoContainerAndNoTemporaryFile() throws Exception {
        List<String> before = engine.containers().list(Map.of());
        List<String> tmpBefore = tmpEntries();
        // a changed build argument means a new base image: the build starts from the runtime download
        CliProcess start = CliProcess.start(args("start", "--build-arg", "UNUSED=" + System.nanoTime()));
        start.awaitOutput("Step 1/", BUILD);
        start.signal("INT");
        assertEquals(130, start.waitFor(Duration.ofMinutes(1)), start.err());
        Interrupts.assertOneInterruptedLine(start.err());
        assertEventually(
                () -> engine.containers().list(Map.of()).equals(before), "the build's containers are removed", 100);
        assertEquals(tmpBefore, tmpEntries());
    }

    @Test
    @Order(70)
    void execRunsAsTheHostUserAndPropagatesTheExitCode() throws Exception {
        CliProcess exec = CliProcess.run(BUILD, args("exec", "sh", "-c", "id -u; touch made-by-exec; exit 7"));
        assertEquals(7, exec.exitCode(), exec.err());
        String hostUid = ExecRunner.hostUser().split(":")[0];
        assertEquals(hostUid, exec.out().strip(), "the command ran as the host user, not the image's user");
        Path made = app.resolve("made-by-exec");
        assertTrue(Files.exists(made), "the command wrote into the mounted app directory");
        assertEquals(Integer.parseInt(hostUid), Files.getAttribute(made, "unix:uid"));
        assertEquals(List.of(), appContainers());
    }

    @Test
    @Order(75)
    void ctrlCOrSigtermDuringExecStopsAndRemovesItsContainer() throws Exception {
        for (String signal : List.of("INT", "TERM")) {
            CliProcess exec = CliProcess.start(args("exec", "sh", "-c", "echo exec-started; sleep 60"));
            exec.awaitOutput("exec-started", BUILD);
            exec.signal(signal);
            assertEquals(signal.equals("INT") ? 130 : 143, exec.waitFor(Duration.ofMinutes(1)), exec.err());
            assertEquals(List.of(), appContainers(), "after SIG" + signal + ": " + exec.err());
        }
    }

    @Test
    @Order(80)
    void allRunsEveryProcessTypeOnItsOwnPort() throws Exception {
        CliProcess start = CliProcess.run(BUILD, args("start", "--all", "--detach"));
        try {
            assertEquals(0, start.exitCode(), start.err());
            assertEquals(2, appContainers().size());
            // --detach waits for web alone: the worker may still be starting
            URI workerUrl = URI.create("http://127.0.0.1:" + (port + 100) + "/");
            assertTrue(WebCheck.awaitAnswer(workerUrl, Duration.ofSeconds(30), () -> true), "the worker answers");
            HttpResponse<String> worker =
                    HTTP.send(HttpRequest.newBuilder(workerUrl).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("worker.1", worker.body(), "the second process type gets the port 100 above");
        } finally {
            assertEquals(
                    0,
                    CliProcess.run(Duration.ofMinutes(1), "stop", "--dir", app.toString())
                            .exitCode());
        }
        assertEquals(List.of(), appContainers());
    }

    @Test
    @Order(90)
    void aBusyPortIsRefusedBeforeAnythingStarts() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliProcess start = CliProcess.run(
                    BUILD, "start", "--dir", app.toString(), "--port", Integer.toString(busy.getLocalPort()));
            assertEquals(125, start.exitCode(), "start's own failure: " + start.err());
            assertEquals(
                    "error: port " + busy.getLocalPort() + " on 127.0.0.1 is busy",
                    start.err().lines().findFirst().orElse(""));
        }
        assertEquals(List.of(), appContainers());
    }

    @Test
    @Order(100)
    void sigtermWhileRunningStopsAndRemovesEverything() throws InterruptedException {
        CliProcess start = CliProcess.start(args("start"));
        start.awaitOutput("web process will be available at", BUILD);
        start.signal("TERM");
        assertEquals(143, start.waitFor(Duration.ofMinutes(1)), start.err());
        // the JVM exits only once its cleanup removed the container (the engine client stays open for it)
        assertEquals(List.of(), appContainers(), start.err());
    }

    @Test
    @Order(105)
    void theReleasePhaseRunsFirstAndWhatFailsToStartLeavesNothing() throws IOException {
        Path procfile = app.resolve("Procfile");
        String original = Files.readString(procfile);
        try {
            Files.writeString(procfile, original + "release: echo \"release phase ran as $DYNO\"\n");
            CliProcess start = CliProcess.run(BUILD, args("start", "--all", "--detach"));
            assertEquals(0, start.exitCode(), start.err());
            String err = start.err();
            assertTrue(
                    err.contains("release  | release phase ran as release.1"), "prefixes as wide as worker.1: " + err);
            assertTrue(err.indexOf("release phase ran") < err.indexOf("Started web.1"), "release first: " + err);
            assertEquals(2, appContainers().size(), "web and worker; the release phase is no dyno");
            assertEquals(
                    0,
                    CliProcess.run(Duration.ofMinutes(1), "stop", "--dir", app.toString())
                            .exitCode());

            Files.writeString(procfile, original + "release: echo 'relation users does not exist' >&2; exit 4\n");
            CliProcess failing = CliProcess.run(BUILD, args("start", "--detach"));
            assertEquals(4, failing.exitCode(), "the release command's code: " + failing.err());
            assertTrue(failing.err().contains("relation users does not exist"), failing.err());
            assertTrue(!failing.err().contains("Started web.1"), failing.err());
            assertEquals(List.of(), appContainers());

            // a detached web process that dies before it answers is a failure, not "running in the background"
            Files.writeString(procfile, "web: echo 'no database at DATABASE_URL' >&2; exit 3\n");
            CliProcess crashed = CliProcess.run(BUILD, args("start", "--detach"));
            assertEquals(3, crashed.exitCode(), "web's own code: " + crashed.err());
            assertTrue(crashed.err().contains("no database at DATABASE_URL"), "its last output: " + crashed.err());
            assertFalse(crashed.err().contains("running in the background"), crashed.err());
            assertEquals(List.of(), appContainers());
        } finally {
            Files.writeString(procfile, original);
        }
    }

    @Test
    @Order(107)
    void withoutAProcfileWebIsNodesDefaultNpmStart() throws Exception {
        Path procfile = app.resolve("Procfile");
        String original = Files.readString(procfile);
        try {
            Files.delete(procfile);
            CliProcess start = CliProcess.run(BUILD, args("start", "--detach"));
            assertEquals(0, start.exitCode(), start.err());
            assertTrue(start.err().contains("npm start"), "a note names the default: " + start.err());
            assertTrue(start.err().contains("Started web.1: npm start"), start.err());
            assertTrue(get("/").body().startsWith("hello"), "package.json's scripts.start serves the app");
        } finally {
            Files.writeString(procfile, original);
            CliProcess.run(Duration.ofMinutes(1), "stop", "--dir", app.toString());
        }
    }

    @Test
    @Order(108)
    void withoutAStartScriptWebIsNpmStartAndNpmRunsServerJs() throws Exception {
        Path procfile = app.resolve("Procfile");
        Path packageJson = app.resolve("package.json");
        Path serverJs = app.resolve("server.js");
        String originalProcfile = Files.readString(procfile);
        String originalPackage = Files.readString(packageJson);
        try {
            Files.delete(procfile);
            Files.writeString(packageJson, originalPackage.replaceFirst("\\s*\"scripts\": \\{[^}]*\\},", ""));
            assertFalse(Files.readString(packageJson).contains("scripts"), "no scripts.start");
            Files.writeString(serverJs, "require('./index.js');\n");
            CliProcess start = CliProcess.run(BUILD, args("start", "--detach"));
            assertEquals(0, start.exitCode(), start.err());
            assertTrue(
                    start.err()
                            .contains("note: no Procfile; web runs node's default for server.js"
                                    + " (npm start runs node server.js) 'npm start'"),
                    start.err());
            assertTrue(start.err().contains("Started web.1: npm start"), start.err());
            assertTrue(get("/").body().startsWith("hello"), "npm start ran node server.js");
        } finally {
            Files.writeString(procfile, originalProcfile);
            Files.writeString(packageJson, originalPackage);
            Files.deleteIfExists(serverJs);
            CliProcess.run(Duration.ofMinutes(1), "stop", "--dir", app.toString());
        }
    }

    @Test
    @Order(110)
    void cleanRemovesTheAppsImagesButNotTheStack() throws IOException {
        // what an interrupted base build leaves: an untagged step image that inherited the
        // stack's labels plus the app's
        AppIdentity identity = AppIdentity.of(AppDir.open(app));
        Map<String, byte[]> dockerfile = Map.of(
                "Dockerfile",
                ("FROM " + Engine.BUILD_STACK + "\nLABEL " + AppIdentity.APP_LABEL + "="
                                + identity.appFilter().get(AppIdentity.APP_LABEL) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        engine.images()
                .build(
                        new BuildRequest(
                                new DirectoryContext(
                                        Files.createDirectories(scratch.resolve("empty-context")), dockerfile),
                                "Dockerfile",
                                List.of(),
                                Map.of(),
                                Map.of()),
                        line -> {});
        assertNotEquals(List.of(), engine.images().list(identity.appFilter()));
        CliProcess clean = CliProcess.run(Duration.ofMinutes(1), "clean", "--dir", app.toString());
        assertEquals(0, clean.exitCode(), clean.err());
        assertEquals(
                List.of(), engine.images().list(AppIdentity.of(AppDir.open(app)).appFilter()));
        assertTrue(engine.images().imageId(Engine.BUILD_STACK).isPresent(), "stack images stay");
    }

    private static List<String> tmpEntries() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("slugbuilder"))
                    .sorted()
                    .toList();
        }
    }

    /** Waits up to TENTHS tenths of a second for CONDITION to hold, then requires it to stay so for a second. */
    private static void assertEventually(BooleanSupplier condition, String what, int tenthsOfASecond)
            throws InterruptedException {
        int steady = 0;
        for (int i = 0; i < tenthsOfASecond + 10 && steady < 10; i++) {
            steady = condition.getAsBoolean() ? steady + 1 : 0;
            Thread.sleep(100);
        }
        assertTrue(steady >= 10, what);
    }
}
