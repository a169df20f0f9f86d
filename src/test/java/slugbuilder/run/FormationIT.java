package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.Fixtures;
import slugbuilder.support.NodeMirror;

/**
 * The node-formation sample on the real engine with a real Postgres: app.json's formation (two web
 * and two worker dynos with their sizes' memory, a quantity-0 type left out), postdeploy exactly
 * once across restarts, a failing postdeploy retried, a dyno killed above its memory reported as
 * Heroku's R15, and pr-predestroy before {@code clean --volumes} removes the data and the record.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FormationIT {
    private static final Duration BUILD = Duration.ofMinutes(5);
    private static final Duration RUN = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final Map<String, String> IMAGES =
            Map.of(ChosenAddonImages.ENVIRONMENT, "postgres=" + Engine.STACK + "-postgres");

    @TempDir
    static Path scratch;

    private static NodeMirror mirror;
    private static ContainerEngine engine;
    private static Path app;
    private static AppIdentity identity;
    private static int port;
    /** The digest of app.json's generated SESSION_SECRET the first start's dynos had. */
    private static String secret;

    @BeforeAll
    static void setUp() throws IOException {
        engine = Engine.connect();
        mirror = NodeMirror.servingNode20();
        app = Fixtures.copy("node-formation", scratch);
        identity = AppIdentity.of(AppDir.open(app));
        Fixtures.init(app);
        try (ServerSocket free = new ServerSocket(0)) {
            port = Math.min(free.getLocalPort(), 65000);
        }
    }

    @AfterAll
    static void tearDown() {
        CliProcess.run(Duration.ofMinutes(1), IMAGES, "clean", "--volumes", "--dir", app.toString());
        mirror.close();
        engine.close();
    }

    private static CliProcess cli(Duration timeout, String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--dir", app.toString()));
        if (command.equals("start")) {
            args.addAll(List.of(
                    "--build-arg",
                    "NODE_MIRROR=" + mirror.url(),
                    "--build-network",
                    "host",
                    "--port",
                    Integer.toString(port)));
        }
        args.addAll(List.of(more));
        return CliProcess.run(timeout, IMAGES, args.toArray(String[]::new));
    }

    private static void stop() {
        CliProcess stop = cli(RUN, "stop");
        assertEquals(0, stop.exitCode(), stop.err());
    }

    /** How many times postdeploy's seed wrote its row, read with psql in the Postgres service. */
    private static int seeds() {
        CliProcess count = cli(RUN, "addons", "shell", "DATABASE", "--", "-tAc", "select count(*) from seeds");
        assertEquals(0, count.exitCode(), count.err());
        return Integer.parseInt(count.out().strip());
    }

    private static String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), out);
            return out.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The dyno that answers on PORT, once it answers (a few seconds at most after web.1). */
    private static String dynoOn(int dynoPort) throws InterruptedException {
        return field(answer(dynoPort), "dyno");
    }

    private static String field(String json, String name) {
        return json.replaceAll(".*\"" + name + "\":\"([^\"]*)\".*", "$1");
    }

    /** What the web dyno on PORT answers, once it answers. */
    private static String answer(int dynoPort) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dynoPort + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                return response.body();
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing answers on " + dynoPort, notYet);
                }
                Thread.sleep(250);
            }
        }
    }

    @Test
    @Order(10)
    void startAllRunsTheFormationWithItsMemoryAfterPostdeploy() throws Exception {
        CliProcess start = cli(BUILD, "start", "--all", "--detach");
        assertEquals(0, start.exitCode(), start.err());
        String err = start.err();
        int seeded = err.indexOf("postdeploy | seeded");
        int web = err.indexOf("Started web.1");
        assertTrue(seeded > 0 && web > seeded, "postdeploy, then the dynos:\n" + err);
        assertTrue(err.contains("note: hog has quantity 0 (app.json:15): not run"), err);
        try {
            assertEquals("web.1", dynoOn(port));
            assertEquals("web.2", dynoOn(port + 1), "web.2 on the port after web.1's");
            secret = field(answer(port), "secret");
            assertTrue(secret.matches("[0-9a-f]{64}"), secret);
            assertNotEquals(EMPTY_SHA256, secret, "app.json's generator made SESSION_SECRET");
            assertEquals(secret, field(answer(port + 1), "secret"), "one secret for the app's dynos");
            String workers = docker(
                    "ps",
                    "--filter",
                    "label=" + AppIdentity.APP_LABEL + "=" + identity.id(),
                    "--filter",
                    "label=slugbuilder.kind=worker",
                    "--format",
                    "{{.ID}}");
            List<String> ids = workers.lines().toList();
            assertEquals(2, ids.size(), workers);
            for (String id : ids) {
                assertEquals(
                        "1073741824 2147483648",
                        docker("inspect", "--format", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}", id),
                        "standard-2x: a 1 GiB quota, killed at 2 GiB of memory and swap");
            }
            assertEquals(1, seeds());
        } finally {
            stop();
        }
    }

    @Test
    @Order(20)
    void postdeployDoesNotRunAgainOnTheSameDataAndTheSecretStays() throws Exception {
        CliProcess start = cli(RUN, "start", "--detach");
        try {
            assertEquals(0, start.exitCode(), start.err());
            assertTrue(start.err().contains("postdeploy ran against this app's add-on data already"), start.err());
            assertEquals(1, seeds(), "exactly once across restarts");
            assertEquals(secret, field(answer(port), "secret"), "the generated secret is stable across runs");
        } finally {
            stop();
        }
    }

    @Test
    @Order(30)
    void aFailingPostdeployStopsStartWithItsCodeAndRunsAgainNextTime() {
        CliProcess failing = cli(RUN, "start", "--detach", "--postdeploy", "--env", "SEED_FAIL=7");
        assertEquals(7, failing.exitCode(), failing.err());
        assertTrue(failing.err().contains("postdeploy | seed failing on purpose"), failing.err());
        assertTrue(failing.err().contains("postdeploy failed with code 7"), failing.err());
        assertFalse(failing.err().contains("Started web.1"), failing.err());

        CliProcess start = cli(RUN, "start", "--detach");
        try {
            assertEquals(0, start.exitCode(), start.err());
            assertTrue(start.err().contains("postdeploy | seeded"), start.err());
            assertEquals(2, seeds(), "tried again after the failure, once");
        } finally {
            stop();
        }
    }

    @Test
    @Order(40)
    void aDynoAboveItsMemoryIsKilledAndReportedAsR15() {
        CliProcess hog = cli(RUN, "start", "hog");
        assertEquals(137, hog.exitCode(), hog.err());
        assertTrue(
                hog.err()
                        .contains(
                                "warning: hog.1: Error R15 (Memory quota vastly exceeded): a basic dyno has 512 MiB of"
                                        + " memory and may use 1024 MiB with swap; it was killed, as Heroku kills it"),
                hog.err());
        assertTrue(hog.err().contains("hog.1 exited with code 137"), hog.err());
        assertEquals(
                List.of(),
                engine.containers().list(Map.of(AppIdentity.APP_LABEL, identity.id(), "slugbuilder.kind", "hog")));
    }

    @Test
    @Order(50)
    void cleanVolumesRunsPrPredestroyOnTheDataThenRemovesIt() {
        CliProcess clean = cli(RUN, "clean", "--volumes");
        assertEquals(0, clean.exitCode(), clean.err());
        assertTrue(clean.err().contains("pr-predestroy | predestroy sees 2 seeds"), clean.err());
        assertEquals(
                List.of(),
                engine.networksAndVolumes().volumes(identity.appFilter()),
                "the data and postdeploy's record: the next start runs postdeploy again (PostdeployTest)");
        assertEquals(List.of(), engine.containers().list(identity.appFilter()));
    }
}
