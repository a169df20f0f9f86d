package slugbuilder.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.addons.ChosenAddonImages;
import slugbuilder.app.AppDir;
import slugbuilder.core.AddonServices;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;

/**
 * Commands of one app at once, on the real engine (issue 20: two starts at once each made the
 * app's network, and every later command failed on the ambiguous name). A command waits,
 * saying so, while another process holds the app's lock; and a network left twice by an older
 * version is removed, every copy, with a note, by the next command and by {@code stop}.
 */
class ConcurrentCommandsIT {
    private static final Duration SHELL = Duration.ofMinutes(3);

    @TempDir
    static Path scratch;

    private static ContainerEngine engine;
    private static Path app;
    private static AppIdentity identity;
    private static Path state;
    private static Map<String, String> env;

    @BeforeAll
    static void setUp() throws IOException {
        engine = Engine.connect();
        app = Files.createDirectory(scratch.resolve("concurrent"));
        Files.writeString(app.resolve("app.json"), "{\"addons\": [\"heroku-redis\"]}\n");
        identity = AppIdentity.of(AppDir.open(app));
        state = Files.createDirectory(scratch.resolve("state"));
        env = Map.of(
                ChosenAddonImages.ENVIRONMENT, "redis=" + Engine.STACK + "-redis", "XDG_STATE_HOME", state.toString());
    }

    @AfterAll
    static void tearDown() {
        CliProcess.run(Duration.ofMinutes(1), env, "clean", "--volumes", "--dir", app.toString());
        engine.close();
    }

    private static CliProcess ping() {
        return CliProcess.start(env, "addons", "shell", "REDIS", "--dir", app.toString(), "--", "ping");
    }

    /** The lock another command holds: its file, as the README names it, locked by this process. */
    @Test
    void aCommandWaitsWhileAnotherHoldsTheAppsLock() throws IOException, InterruptedException {
        Path file = Files.createDirectories(state.resolve("slugbuilder").resolve("locks"))
                .resolve(identity.id() + ".lock");
        CliProcess shell;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            shell = ping();
            shell.awaitOutput(
                    "Waiting for another slugbuilder command of this app to finish setting up or stopping it", SHELL);
            Thread.sleep(1000);
            assertEquals(List.of(), engine.containers().list(identity.appFilter()), "nothing started while it waits");
            assertEquals(List.of(), engine.networksAndVolumes().networks(identity.appFilter()));
        }
        assertEquals(0, shell.waitFor(SHELL), shell.err());
        assertEquals("PONG", shell.out().strip());
        assertEquals(List.of(), engine.containers().list(identity.appFilter()));
        assertEquals(List.of(), engine.networksAndVolumes().networks(identity.appFilter()));
    }

    @Test
    void aNetworkLeftTwiceIsRepairedWithANoteByTheNextCommandAndByStop() throws Exception {
        String network = AddonServices.network(identity);
        createUncheckedNetwork(network);
        createUncheckedNetwork(network);
        assertEquals(List.of(network, network), engine.networksAndVolumes().networks(identity.appFilter()));

        CliProcess repaired = ping();
        assertEquals(0, repaired.waitFor(SHELL), repaired.err());
        assertEquals("PONG", repaired.out().strip());
        assertTrue(
                repaired.err()
                        .contains("note: removed the 2 copies of the app's network " + network
                                + " that two commands had created at once; it is made again once"),
                repaired.err());

        createUncheckedNetwork(network);
        createUncheckedNetwork(network);
        CliProcess stop = CliProcess.run(SHELL, env, "stop", "--dir", app.toString());
        assertEquals(0, stop.exitCode(), stop.err());
        assertTrue(
                stop.err().contains("note: removed the 2 copies of the network " + network),
                "stop says so: " + stop.err());
        assertEquals(List.of(), engine.networksAndVolumes().networks(identity.appFilter()), "no copy is left");
    }

    /** What two racing creates leave on an engine that does not check names (the API's CheckDuplicate off). */
    private static void createUncheckedNetwork(String name) throws IOException, InterruptedException {
        String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        String body = "{\"Name\": \"" + name + "\", \"CheckDuplicate\": false, \"Labels\": {\"slugbuilder\": \"true\","
                + " \"" + AppIdentity.APP_LABEL + "\": \"" + identity.id() + "\"}}";
        Process curl = new ProcessBuilder(
                        "curl",
                        "-fsS",
                        "--unix-socket",
                        host.substring("unix://".length()),
                        "-H",
                        "Content-Type: application/json",
                        "-d",
                        body,
                        "http://engine/networks/create")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertEquals(0, curl.waitFor(), "curl to the engine's socket");
    }
}
