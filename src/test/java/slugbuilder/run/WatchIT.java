package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.Fixtures;
import slugbuilder.support.Interrupts;
import slugbuilder.support.NodeMirror;

/**
 * {@code start --watch} on the real engine, one session through every kind of change in turn:
 * a source file, .env, a dependency that cannot be installed (the old web answers on), one that
 * can (from the npm registry), app.json gaining an add-on, and Ctrl-C, which leaves nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WatchIT {
    private static final Duration BUILD = Duration.ofMinutes(5);
    private static final Duration CHANGE = Duration.ofMinutes(3);
    private static final Map<String, String> IMAGES =
            Map.of(ChosenAddonImages.ENVIRONMENT, "redis=" + Engine.STACK + "-redis");
    private static final String SERVER = """
            const pad = %s;
            require('http').createServer((req, res) =>
              res.end(pad('%s', 4, '*') + ' ' + (process.env.GREETING || '-') + ' ' + (process.env.REDIS_URL ? 'redis' : 'no-redis') + '\\n')
            ).listen(process.env.PORT);
            """;

    @TempDir
    static Path scratch;

    private static NodeMirror mirror;
    private static ContainerEngine engine;
    private static Path app;
    private static AppIdentity identity;
    private static int port;
    private static CliProcess watch;

    @BeforeAll
    static void setUp() throws IOException {
        engine = Engine.connect();
        mirror = NodeMirror.servingNode20();
        app = Files.createDirectory(scratch.resolve("watched"));
        packageJson("");
        server("(s, n) => s", "v1");
        Files.writeString(app.resolve(".env"), "GREETING=hello\n");
        identity = AppIdentity.of(AppDir.open(app));
        Fixtures.init(app);
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        watch = CliProcess.start(
                IMAGES,
                "start",
                "--watch",
                "--dir",
                app.toString(),
                "--port",
                Integer.toString(port),
                "--build-arg",
                "NODE_MIRROR=" + mirror.url(),
                "--build-network",
                "host");
        watch.awaitOutput("watching " + app, BUILD);
        assertEquals("v1 hello no-redis", body());
    }

    @AfterAll
    static void tearDown() {
        if (watch != null) {
            watch.signal("INT");
            watch.waitFor(Duration.ofMinutes(1));
        }
        CliProcess.run(Duration.ofMinutes(1), "clean", "--volumes", "--dir", app.toString());
        mirror.close();
        engine.close();
    }

    private static void packageJson(String dependencies) throws IOException {
        Files.writeString(
                app.resolve("package.json"),
                "{\"name\": \"watched\", \"version\": \"1.0.0\", \"private\": true, \"scripts\": {\"start\": \"node"
                        + " server.js\"}, \"engines\": {\"node\": \"^20\"}, \"dependencies\": {" + dependencies
                        + "}}\n");
    }

    private static void server(String pad, String version) throws IOException {
        Files.writeString(app.resolve("server.js"), SERVER.formatted(pad, version));
    }

    /** What web answers now, or "" while nothing answers. */
    private static String body() {
        try {
            HttpURLConnection http = (HttpURLConnection)
                    URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection(Proxy.NO_PROXY);
            http.setConnectTimeout(2000);
            http.setReadTimeout(2000);
            try {
                return new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            } finally {
                http.disconnect();
            }
        } catch (IOException e) {
            return "";
        }
    }

    /** The id of web.1's container. */
    private static String webContainer() {
        List<String> web =
                engine.containers().list(Map.of(AppIdentity.APP_LABEL, identity.id(), "slugbuilder.kind", "web"));
        assertEquals(1, web.size(), "one web container: " + web);
        return web.get(0);
    }

    /** The id of the image web.1 runs from. */
    private static String webImage() {
        return Engine.dockerCli("inspect", "-f", "{{.Image}}", webContainer()).trim();
    }

    private static void awaitBody(String expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(CHANGE);
        while (Instant.now().isBefore(deadline)) {
            if (body().equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "web never answered \"" + expected + "\" (last: \"" + body() + "\"); stderr:\n" + watch.err());
    }

    @Test
    @Order(1)
    void aSourceChangeIsCopiedInAndServedWithoutABuild() throws IOException, InterruptedException {
        String container = webContainer();
        server("(s, n) => s", "v2");

        awaitBody("v2 hello no-redis");
        watch.awaitOutput("watch: server.js changed; copied 1 file and restarted web.1 in ", CHANGE);
        String sinceStart = watch.err().substring(watch.err().indexOf("watching " + app));
        assertTrue(!sinceStart.contains("Building the app image"), "no build for a source change:\n" + sinceStart);
        assertEquals(container, webContainer(), "the process restarted inside the running container");
    }

    @Test
    @Order(2)
    void aDotEnvChangeReachesTheProcess() throws IOException, InterruptedException {
        Files.writeString(app.resolve(".env"), "GREETING=bonjour\n");

        awaitBody("v2 bonjour no-redis");
        watch.awaitOutput("watch: .env changed; recreated web.1 with the new config in ", CHANGE);
    }

    @Test
    @Order(3)
    void aFailingRebuildKeepsTheOldWebAnswering() throws IOException, InterruptedException {
        packageJson("\"slugbuilder-watch-it-no-such-package\": \"1.0.0\"");

        watch.awaitOutput("watch: package.json changed; the build failed after ", CHANGE);
        assertTrue(watch.err().contains("web.1 keeps running as it was; the next change tries again"), watch.err());
        assertEquals("v2 bonjour no-redis", body(), "the old web answers on");
    }

    @Test
    @Order(4)
    void aDependencyChangeRebuildsTheImageAndIsServed() throws IOException, InterruptedException {
        String before = webImage();
        packageJson("\"left-pad\": \"1.3.0\"");
        server("require('left-pad')", "v3");

        awaitBody("**v3 bonjour no-redis");
        watch.awaitOutput("rebuilt the app image and replaced web.1 in ", CHANGE);
        assertTrue(engine.images().imageId(before).isEmpty(), "the replaced image is removed, not left to pile up");
    }

    @Test
    @Order(5)
    void anAddonInAppJsonStartsItsServiceAndReachesTheProcess() throws IOException, InterruptedException {
        Files.writeString(app.resolve("app.json"), "{\"addons\": [\"heroku-redis\"]}\n");

        awaitBody("**v3 bonjour redis");
        watch.awaitOutput(
                "watch: app.json changed; restarted the add-on services and recreated web.1 with the new config",
                CHANGE);
    }

    @Test
    @Order(6)
    void ctrlCStopsAndRemovesEverything() {
        watch.signal("INT");

        assertEquals(130, watch.waitFor(Duration.ofMinutes(1)), watch.err());
        Interrupts.assertOneInterruptedLine(watch.err());
        assertEquals(List.of(), engine.containers().list(identity.appFilter()), "no container");
        assertEquals(List.of(), engine.networksAndVolumes().networks(identity.appFilter()), "no network");
        assertEquals(
                1,
                engine.networksAndVolumes().volumes(identity.appFilter()).size(),
                "only the add-on's data volume, which stays as with start (clean --volumes removes it)");
        assertTrue(
                Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("slugbuilder-watch")),
                "this JVM runs no watch thread (the session ran in its own process)");
        watch = null;
    }
}
