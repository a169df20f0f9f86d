package slugbuilder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.heroku.ApiToken;
import slugbuilder.registry.OkHttpRegistryClient;
import slugbuilder.registry.Registry;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.FakePlatformScript;
import slugbuilder.support.LocalRegistry;

/**
 * The workflow on Podman's Docker-compatible API (the "podman" failsafe execution points
 * DOCKER_HOST at scripts/podman.sh's socket): start with app.json's Postgres and Redis, reached
 * by name from the release phase; exec; release to the Platform API stand-in; slug run of the
 * slug it received; stop; clean; container push to a real local registry. The app is the minimal
 * template with a perl web process, so nothing is downloaded.
 */
@Tag("podman")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodmanIT {
    private static final Duration RUN = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String WEB = """
            use IO::Socket::INET;
            my $s = IO::Socket::INET->new(LocalAddr => '0.0.0.0', LocalPort => $ENV{PORT}, Listen => 5, ReuseAddr => 1)
                or die "listen: $!";
            $| = 1;
            print "listening on $ENV{PORT}\\n";
            while (my $c = $s->accept) {
                while (my $l = <$c>) { last if $l =~ /^\\r?\\n$/; }
                print $c "HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nhello from $ENV{DYNO}\\n";
                close $c;
            }
            """;
    // each add-on's host and port, from its config var, reached by name over the app's network
    private static final String REACH = """
            #!/bin/bash
            set -e
            for url in "$DATABASE_URL" "$REDIS_URL"; do
              at="${url##*@}"; at="${at%%/*}"
              exec 3<>"/dev/tcp/${at%:*}/${at##*:}"
              exec 3>&-
              echo "reached $at"
            done
            """;

    @TempDir
    static Path scratch;

    private static ContainerEngine engine;
    private static Path app;
    private static Map<String, String> env;
    private static Path blobs;
    private static LocalRegistry registry;

    @BeforeAll
    static void setUp() throws IOException {
        engine = Engine.connect();
        assertTrue(
                engine.describe().contains("(Podman "),
                "DOCKER_HOST must name Podman's socket (scripts/podman.sh): " + engine.describe());
        app = Files.createDirectories(scratch.resolve("podman-app"));
        Files.writeString(app.resolve("Procfile"), "web: perl bin/web.pl\nrelease: reach\n");
        Files.writeString(
                app.resolve("app.json"), "{\"addons\": [\"heroku-postgresql:essential-0\", \"heroku-redis:mini\"]}\n");
        Files.createDirectories(app.resolve("bin"));
        Files.writeString(app.resolve("bin/web.pl"), WEB);
        Files.writeString(app.resolve("bin/reach"), REACH);
        Files.setPosixFilePermissions(app.resolve("bin/reach"), PosixFilePermissions.fromString("rwxr-xr-x"));
        env = Map.of(
                "SLUGBUILDER_ADDON_IMAGES",
                "postgres=" + Engine.STACK + "-postgres,redis=" + Engine.STACK + "-redis",
                "HEROKU_API_KEY",
                "podman-it-token-never-printed");
        CliProcess init = cli("init", "--template", "minimal", "--stack", Engine.BUILD_STACK, app.toString());
        assertEquals(0, init.exitCode(), init.err());
        blobs = Files.createDirectories(scratch.resolve("blobs"));
    }

    @AfterAll
    static void tearDown() {
        if (app != null) {
            cli("stop", "--slugs");
            cli("clean", "--volumes", "--dir", app.toString());
        }
        if (registry != null) {
            registry.stop();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private static CliProcess cli(String... args) {
        return CliProcess.run(RUN, env == null ? Map.of() : env, args);
    }

    private static String get(int port) throws IOException, InterruptedException {
        HttpResponse<String> reply = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode());
        return reply.body();
    }

    private static Map<String, String> appLabels() {
        return AppIdentity.of(AppDir.open(app)).appFilter();
    }

    /** What web answers now, or "" while nothing answers. */
    private static String answer(int port) {
        try {
            return get(port);
        } catch (IOException | AssertionError e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void awaitAnswer(int port, String expected, CliProcess watch) throws InterruptedException {
        long deadline = System.nanoTime() + RUN.toNanos();
        while (!answer(port).equals(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("web never answered " + expected + "; stderr:\n" + watch.err());
            }
            Thread.sleep(100);
        }
    }

    private static List<String> webContainers(Path dir) {
        Map<String, String> web = new HashMap<>(AppIdentity.of(AppDir.open(dir)).appFilter());
        web.put("slugbuilder.kind", "web");
        return engine.containers().list(web);
    }

    /**
     * start --watch on Podman, on an app of its own (web alone): a source change is written into
     * the running web and its process restarted there (the app directory comes from the base
     * image's ONBUILD steps, which Podman's inspection leaves out and its history keeps), and
     * Ctrl-C leaves no container.
     */
    @Test
    @Order(5)
    void watchRestartsTheWebInPlaceOnASourceChangeAndCtrlCLeavesNoContainer() throws Exception {
        Path watched =
                Files.createDirectories(scratch.resolve("podman-watched/bin")).getParent();
        Files.writeString(watched.resolve("Procfile"), "web: perl bin/web.pl\n");
        Files.writeString(watched.resolve("bin/web.pl"), WEB);
        CliProcess init = cli("init", "--template", "minimal", "--stack", Engine.BUILD_STACK, watched.toString());
        assertEquals(0, init.exitCode(), init.err());
        int port = FakePlatformScript.freePort();
        CliProcess watch = CliProcess.start(
                env, "start", "--watch", "--dir", watched.toString(), "--port", Integer.toString(port));
        try {
            watch.awaitOutput("watching " + watched, RUN);
            assertEquals("hello from web.1\n", get(port));
            List<String> web = webContainers(watched);

            Files.writeString(watched.resolve("bin/web.pl"), WEB.replace("hello from", "changed, hello from"));
            awaitAnswer(port, "changed, hello from web.1\n", watch);
            watch.awaitOutput("watch: bin/web.pl changed; copied 1 file and restarted web.1 in ", RUN);
            assertEquals(web, webContainers(watched), "the same container");
        } finally {
            watch.signal("INT");
        }
        assertEquals(130, watch.waitFor(RUN), watch.err());
        assertEquals(
                List.of(),
                engine.containers().list(AppIdentity.of(AppDir.open(watched)).appFilter()),
                "no container");
        cli("clean", "--dir", watched.toString());
    }

    @Test
    @Order(10)
    void startRunsTheAddonsTheReleasePhaseThatReachesThemByNameAndTheWebProcess() throws Exception {
        int port = FakePlatformScript.freePort();
        CliProcess start = cli("start", "--detach", "--dir", app.toString(), "--port", Integer.toString(port));
        assertEquals(0, start.exitCode(), start.err());

        assertEquals(
                "web process will be available at http://127.0.0.1:" + port + "/",
                start.out().strip());
        assertTrue(start.err().contains("Add-on DATABASE answers"), start.err());
        assertTrue(start.err().contains("Add-on REDIS answers"), start.err());
        assertTrue(start.err().lines().anyMatch(l -> l.matches("release +\\| reached database:5432")), start.err());
        assertTrue(start.err().lines().anyMatch(l -> l.matches("release +\\| reached redis:6380")), start.err());
        assertEquals("hello from web.1\n", get(port));
    }

    @Test
    @Order(20)
    void execRunsAOneOffBesideTheAddonsInTheMountedAppDirectory() throws IOException {
        CliProcess exec = cli("exec", "--dir", app.toString(), "bash", "-c", "reach && echo made > from-exec");
        assertEquals(0, exec.exitCode(), exec.err());

        assertEquals("reached database:5432\nreached redis:6380", exec.out());
        assertEquals("made\n", Files.readString(app.resolve("from-exec")), "written as the host user into the app");
        Files.delete(app.resolve("from-exec"));
    }

    @Test
    @Order(30)
    void releaseShipsTheSlugToThePlatformApiAndWritesItWithOutput() throws Exception {
        int api = FakePlatformScript.freePort();
        Process platform = FakePlatformScript.start(api, Map.of("BLOB_DIR", blobs.toString()), null);
        try {
            CliProcess release =
                    cli("release", "--dir", app.toString(), "-a", "demo", "--api-url", "http://127.0.0.1:" + api);
            assertEquals(0, release.exitCode(), release.err());
            assertTrue(release.out().contains("Released v1 of demo"), release.out());
            assertTrue(Files.size(blobs.resolve("s1.tgz")) > 0, "the stand-in received the slug");
        } finally {
            platform.destroy();
            platform.waitFor();
        }
        Path output = scratch.resolve("slug.tgz");
        CliProcess written = cli("release", "--dir", app.toString(), "--output", output.toString());
        assertEquals(0, written.exitCode(), written.err());
        assertTrue(written.out().contains("Wrote " + output), written.out());
        Process list = new ProcessBuilder("tar", "-tzf", output.toString())
                .redirectErrorStream(true)
                .start();
        String entries = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, list.waitFor());
        assertTrue(entries.lines().anyMatch(e -> e.equals("./app/src/bin/web.pl")), entries);
    }

    @Test
    @Order(40)
    void slugRunBootsTheReleasedSlugOnTheBareRunStack() throws Exception {
        int port = FakePlatformScript.freePort();
        CliProcess run = cli(
                "slug",
                "run",
                blobs.resolve("s1.tgz").toString(),
                "--stack",
                Engine.STACK,
                "--port",
                Integer.toString(port),
                "--detach");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("hello from web.1\n", get(port));

        CliProcess stop = cli("stop", "--slugs");
        assertEquals(0, stop.exitCode(), stop.err());
        assertTrue(stop.err().contains("Removed 1 container"), stop.err());
    }

    @Test
    @Order(50)
    void stopKeepsTheAddonsDataAndCleanRemovesEverythingOfTheApp() {
        CliProcess stop = cli("stop", "--dir", app.toString());
        assertEquals(0, stop.exitCode(), stop.err());
        assertEquals(List.of(), engine.containers().list(appLabels()));
        assertEquals(2, engine.networksAndVolumes().volumes(appLabels()).size(), "Postgres's and Redis's data");

        CliProcess clean = cli("clean", "--volumes", "--dir", app.toString());
        assertEquals(0, clean.exitCode(), clean.err());
        assertEquals(List.of(), engine.images().list(appLabels()));
        assertEquals(List.of(), engine.networksAndVolumes().volumes(appLabels()));
        assertEquals(List.of(), engine.networksAndVolumes().networks(appLabels()));
    }

    @Test
    @Order(60)
    void containerPushUploadsTheLocalImageToALocalRegistry() throws IOException {
        registry = LocalRegistry.start(5063);
        Path pushed = Files.createDirectories(scratch.resolve("pushed"));
        Files.writeString(pushed.resolve("Dockerfile.web"), "FROM " + Engine.STACK + "\nCMD [\"true\"]\n");
        Map<String, String> pushEnv = new HashMap<>(env);
        pushEnv.put("HEROKU_API_KEY", LocalRegistry.TOKEN);
        pushEnv.put("SLUGBUILDER_REGISTRY", registry.address());
        try {
            CliProcess push = CliProcess.run(
                    RUN, pushEnv, "container", "push", "web", "--dir", pushed.toString(), "-a", "podman-app");
            assertEquals(0, push.exitCode(), push.err());

            String image = registry.address() + "/podman-app/web:latest";
            String local = engine.images().imageId(image).orElseThrow();
            String remote = new OkHttpRegistryClient(
                            new Registry(registry.address()), new ApiToken(LocalRegistry.TOKEN, "test"))
                    .imageId("podman-app", "web");
            assertEquals(local, remote, "the registry's config digest is the local image's id");
            assertTrue(push.out().contains("Pushed web: " + image + " " + local), push.out());
        } finally {
            Map<String, String> labels = AppIdentity.of(AppDir.open(pushed)).appFilter();
            engine.images().list(labels).forEach(engine.images()::remove);
        }
    }

    @Test
    @Order(70)
    void aRootFilesystemIsImportedUnderItsTagWithItsLabelsAsStackBuildImportsOne() throws Exception {
        Path root = Files.createDirectories(scratch.resolve("rootfs/etc"));
        Files.writeString(root.resolve("os-release"), "ID=podman-it\n");
        Path tar = scratch.resolve("rootfs.tar");
        Process pack = new ProcessBuilder(
                        "tar", "-cf", tar.toString(), "-C", root.getParent().toString(), ".")
                .inheritIO()
                .start();
        assertEquals(0, pack.waitFor());
        String image = "slugbuilder/podman-it-import:1";
        try (InputStream rootfs = Files.newInputStream(tar)) {
            String id = engine.images().importImage(rootfs, "slugbuilder/podman-it-import", "1");

            assertEquals(Optional.of(id), engine.images().imageId(image));
            assertEquals("stack", engine.images().inspect(image).labels().get(Labels.KIND));
            assertTrue(
                    engine.images().list(Labels.of("stack")).contains(image),
                    "listed by both labels, under its familiar name");
        } finally {
            engine.images().remove(image);
        }
    }
}
