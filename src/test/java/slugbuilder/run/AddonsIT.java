package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.addons.ChosenAddonImages;
import slugbuilder.app.AppDir;
import slugbuilder.core.AddonServices;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.Fixtures;
import slugbuilder.support.Interrupts;
import slugbuilder.support.NodeMirror;

/**
 * The node-addons sample on the real engine with real Postgres and Redis (the images
 * {@code stack build --addons} makes): the release phase creates the table before web starts,
 * web writes to both, the data survives stop and start, and {@code clean --volumes} removes it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AddonsIT {
    private static final Duration BUILD = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> IMAGES = Map.of(
            ChosenAddonImages.ENVIRONMENT, "postgres=" + Engine.STACK + "-postgres,redis=" + Engine.STACK + "-redis");

    @TempDir
    static Path scratch;

    private static NodeMirror mirror;
    private static ContainerEngine engine;
    private static Path app;
    private static AppIdentity identity;
    private static int port;

    @BeforeAll
    static void setUp() throws IOException {
        engine = Engine.connect();
        mirror = NodeMirror.servingNode20();
        app = Fixtures.copy("node-addons", scratch);
        identity = AppIdentity.of(AppDir.open(app));
        Fixtures.init(app);
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
    }

    @AfterAll
    static void tearDown() {
        CliProcess.run(Duration.ofMinutes(1), "clean", "--volumes", "--dir", app.toString());
        mirror.close();
        engine.close();
    }

    private static CliProcess cli(Duration timeout, String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--dir", app.toString()));
        if (command.equals("start") || command.equals("exec")) {
            args.addAll(List.of("--build-arg", "NODE_MIRROR=" + mirror.url(), "--build-network", "host"));
        }
        if (command.equals("start")) {
            args.addAll(List.of("--port", Integer.toString(port)));
        }
        args.addAll(List.of(more));
        return CliProcess.run(timeout, IMAGES, args.toArray(String[]::new));
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body());
    }

    private static List<String> volumes() {
        return engine.networksAndVolumes().volumes(identity.appFilter());
    }

    @Test
    @Order(10)
    void theReleasePhaseRunsFirstAndWebWritesToPostgresAndRedis() throws Exception {
        CliProcess start = cli(BUILD, "start", "--detach");
        assertEquals(0, start.exitCode(), start.err());
        String err = start.err();
        int ready = err.indexOf("Add-on DATABASE answers");
        int release = err.indexOf("Running the release phase: node migrate.js");
        int web = err.indexOf("Started web.1");
        assertTrue(ready >= 0 && release > ready && web > release, "services, then release, then web:\n" + err);
        assertTrue(err.contains("migrated"), err);

        JsonNode counts = get("/visit");
        assertEquals(1, counts.path("visits").asInt(), counts.toString());
        assertEquals(1, counts.path("hits").asInt(), counts.toString());
        assertEquals(1, counts.path("releases").asInt(), counts.toString());
        assertEquals(
                "[\"DATABASE_URL\",\"HEROKU_POSTGRESQL_AMBER_URL\",\"REDIS_URL\"]",
                get("/env").toString());
    }

    @Test
    @Order(20)
    void addonsListsTheServicesWithoutTheirPasswords() {
        CliProcess addons = cli(Duration.ofMinutes(1), "addons");
        assertEquals(0, addons.exitCode(), addons.err());
        assertTrue(
                addons.out()
                        .contains("DATABASE  heroku-postgresql  " + Engine.STACK + "-postgres  running"
                                + "  postgres://app:****@database:5432/database"),
                addons.out());
        assertTrue(addons.out().matches("(?s).*REDIS +heroku-redis +.*"), addons.out());
        for (String volume : volumes()) {
            String password =
                    engine.networksAndVolumes().volume(volume).orElseThrow().get(AddonServices.PASSWORD_LABEL);
            assertFalse(addons.out().contains(password) || addons.err().contains(password), "password printed");
        }
    }

    @Test
    @Order(30)
    void execAndTheShellReachTheRunningServices() {
        CliProcess exec = cli(
                Duration.ofMinutes(3),
                "exec",
                "bash",
                "-c",
                "case $DATABASE_URL in postgres://app:*@database:5432/database) ;; *) exit 9;; esac;"
                        + " exec 3<>/dev/tcp/database/5432 && exec 4<>/dev/tcp/redis/6379 && echo reached");
        assertEquals(0, exec.exitCode(), exec.err());
        assertEquals("reached", exec.out().strip(), "exec joins the app's network and gets the add-ons' vars");

        CliProcess shell = cli(Duration.ofMinutes(1), "addons", "shell", "DATABASE");
        assertEquals(0, shell.exitCode(), "psql connects, then reads the end of its (empty) input: " + shell.err());
    }

    @Test
    @Order(40)
    void stopEndsTheServicesAndTheDataSurvivesTheNextStart() throws Exception {
        CliProcess stop = cli(Duration.ofMinutes(1), "stop");
        assertEquals(0, stop.exitCode(), stop.err());
        assertEquals(List.of(), engine.containers().list(identity.appFilter()), "services stopped too");
        assertEquals(List.of(), engine.networksAndVolumes().networks(identity.appFilter()), "and the network removed");
        assertEquals(2, volumes().size(), "the data stays");

        CliProcess start = cli(BUILD, "start", "--detach");
        assertEquals(0, start.exitCode(), start.err());
        JsonNode counts = get("/visit");
        assertEquals(2, counts.path("visits").asInt(), counts.toString());
        assertEquals(2, counts.path("hits").asInt(), "Redis's append-only file kept the count: " + counts);
        assertEquals(2, counts.path("releases").asInt(), counts.toString());
        assertEquals(0, cli(Duration.ofMinutes(1), "stop").exitCode());
    }

    @Test
    @Order(50)
    void ctrlCWhileTheServicesStartLeavesNoContainerAndNoNetwork() {
        List<String> args = new ArrayList<>(List.of(
                "start",
                "--dir",
                app.toString(),
                "--build-arg",
                "NODE_MIRROR=" + mirror.url(),
                "--build-network",
                "host",
                "--port",
                Integer.toString(port)));
        CliProcess start = CliProcess.start(IMAGES, args.toArray(String[]::new));
        start.awaitOutput("Started add-on DATABASE", BUILD);
        start.signal("INT");
        assertEquals(130, start.waitFor(Duration.ofMinutes(1)), start.err());
        Interrupts.assertOneInterruptedLine(start.err());
        assertEquals(List.of(), engine.containers().list(identity.appFilter()));
        assertEquals(List.of(), engine.networksAndVolumes().networks(identity.appFilter()));
        assertEquals(2, volumes().size(), "the data stays");
    }

    @Test
    @Order(60)
    void cleanKeepsTheVolumesAndCleanVolumesRemovesThem() {
        CliProcess clean = cli(Duration.ofMinutes(1), "clean");
        assertEquals(0, clean.exitCode(), clean.err());
        assertTrue(clean.err().contains("kept 2 add-on data volumes"), clean.err());
        assertEquals(2, volumes().size());

        CliProcess volumesToo = cli(Duration.ofMinutes(1), "clean", "--volumes");
        assertEquals(0, volumesToo.exitCode(), volumesToo.err());
        assertEquals(List.of(), volumes());
    }
}
