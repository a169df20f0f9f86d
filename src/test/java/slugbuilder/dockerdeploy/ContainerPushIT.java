package slugbuilder.dockerdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import slugbuilder.ExitCode;
import slugbuilder.SlugbuilderException;
import slugbuilder.app.AppDir;
import slugbuilder.core.AppIdentity;
import slugbuilder.engine.ContainerEngine;
import slugbuilder.heroku.ApiToken;
import slugbuilder.registry.OkHttpRegistryClient;
import slugbuilder.registry.Registry;
import slugbuilder.registry.RegistryClient;
import slugbuilder.support.CliProcess;
import slugbuilder.support.Engine;
import slugbuilder.support.Interrupts;
import slugbuilder.support.LocalRegistry;

/**
 * container push through the packaged CLI, on the real engine, to a real registry (Docker's
 * distribution with htpasswd auth): two types found with --recursive and read back as schema 2
 * manifests; a wrong token; an image without a command refused before upload; the registry
 * going away mid-push. Exit codes: 3 for the app's files, 5 for what the registry refuses or fails.
 */
class ContainerPushIT {
    private static final int PORT = 5055;
    private static final int FAULT_PORT = 5056;
    private static final Duration RUN = Duration.ofMinutes(4);

    @TempDir
    static Path scratch;

    private static ContainerEngine engine;
    private static LocalRegistry registry;
    private static final List<Path> apps = new ArrayList<>();

    @BeforeAll
    static void start() {
        engine = Engine.connect();
        registry = LocalRegistry.start(PORT);
    }

    @AfterAll
    static void cleanUp() {
        for (Path app : apps) {
            // the local tags and the registry tags: all carry the app's labels
            Map<String, String> labels = AppIdentity.of(AppDir.open(app)).appFilter();
            engine.images().list(labels).forEach(engine.images()::remove);
        }
        engine.close();
        if (registry != null) {
            registry.stop(); // nothing of the run stays behind, its registry included
        }
    }

    private static Path app(String name, Map<String, String> files) throws IOException {
        Path app = Files.createDirectories(scratch.resolve(name));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = app.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
        apps.add(app);
        return app;
    }

    /** HOME is an empty scratch directory: nothing may appear in it (no ~/.docker/config.json). */
    private static CliProcess push(Path app, String token, String registryAddress, String... args) throws IOException {
        Path home = Files.createDirectories(scratch.resolve("home-" + app.getFileName()));
        Map<String, String> env = new HashMap<>();
        env.put("HEROKU_API_KEY", token);
        env.put("HOME", home.toString());
        env.put("DOCKER_CONFIG", null);
        env.put("SLUGBUILDER_REGISTRY", registryAddress);
        List<String> command = new ArrayList<>(List.of("container", "push", "--dir", app.toString(), "--debug"));
        command.addAll(List.of(args));
        CliProcess cli = CliProcess.start(env, command.toArray(String[]::new));
        cli.waitFor(RUN);
        return cli;
    }

    @Test
    void pushesEveryTypeFoundRecursivelyAsSchema2ManifestsWhoseConfigIsTheLocalImage() throws IOException {
        Path app = app(
                "two-types",
                Map.of(
                        "Dockerfile.web", "FROM " + Engine.STACK + "\nRUN echo web > /type\nCMD [\"cat\", \"/type\"]\n",
                        "jobs/Dockerfile.worker", "FROM " + Engine.STACK + "\nCOPY . /jobs\nCMD [\"ls\", \"/jobs\"]\n",
                        "jobs/task.sh", "echo task\n"));
        CliProcess cli = push(app, LocalRegistry.TOKEN, registry.address(), "--recursive", "-a", "two-types-app");
        assertEquals(0, cli.exitCode(), cli.err());

        RegistryClient client =
                new OkHttpRegistryClient(new Registry(registry.address()), new ApiToken(LocalRegistry.TOKEN, "test"));
        for (String type : List.of("web", "worker")) {
            String image = registry.address() + "/two-types-app/" + type + ":latest";
            String local = engine.images().imageId(image).orElseThrow();
            assertEquals(local, client.imageId("two-types-app", type), "the registry's config digest is the image id");
            assertTrue(cli.out().contains("Pushed " + type + ": " + image + " " + local), cli.out());
        }
        assertTrue(cli.err().contains("==> web: image sha256:"), cli.err());
        assertFalse((cli.out() + cli.err()).contains(LocalRegistry.TOKEN), "--debug included, the token never shows");
        try (Stream<Path> left = Files.list(scratch.resolve("home-two-types"))) {
            assertEquals(List.of(), left.toList(), "no ~/.docker/config.json, nothing else");
        }
    }

    @Test
    void aWrongTokenIsTheRegistrysRefusalExit5WithoutShowingIt() throws IOException {
        Path app = app("wrong-token", Map.of("Dockerfile", "FROM " + Engine.STACK + "\nCMD [\"true\"]\n"));
        CliProcess cli = push(app, "not-the-token", registry.address(), "web", "-a", "wrong-token-app");
        assertEquals(ExitCode.PLATFORM_API.code, cli.exitCode(), cli.err());
        assertTrue(
                cli.err()
                        .contains("error: failed to push " + registry.address() + "/wrong-token-app/web:latest:"
                                + " the registry refused the token"),
                cli.err());
        assertFalse((cli.out() + cli.err()).contains("not-the-token"));
    }

    @Test
    void anImageWithoutACommandIsRefusedBeforeAnyUpload() throws IOException {
        Path app = app("no-cmd", Map.of("Dockerfile", "FROM " + Engine.STACK + "\nCMD []\n"));
        CliProcess cli = push(app, LocalRegistry.TOKEN, registry.address(), "web", "-a", "no-cmd-app");
        assertEquals(ExitCode.BAD_INPUT.code, cli.exitCode(), cli.err());
        assertTrue(cli.err().contains("error: Dockerfile: the web image has neither CMD nor ENTRYPOINT"), cli.err());
        RegistryClient client =
                new OkHttpRegistryClient(new Registry(registry.address()), new ApiToken(LocalRegistry.TOKEN, "test"));
        SlugbuilderException missing =
                assertThrows(SlugbuilderException.class, () -> client.manifest("no-cmd-app", "web"));
        assertTrue(missing.getMessage().contains("HTTP 404"), "nothing went up: " + missing.getMessage());
    }

    @Test
    void theRegistryGoingAwayMidPushIsExit5NamingThePush() throws IOException {
        LocalRegistry doomed = LocalRegistry.start(FAULT_PORT);
        try {
            // random bytes do not compress: the upload takes long enough to stop the registry under it
            Path app = app(
                    "registry-gone",
                    Map.of(
                            "Dockerfile",
                            "FROM " + Engine.STACK
                                    + "\nRUN head -c 150000000 /dev/urandom > /big.bin\nCMD [\"true\"]\n"));
            Path home = Files.createDirectories(scratch.resolve("home-registry-gone"));
            Map<String, String> env = new HashMap<>();
            env.put("HEROKU_API_KEY", LocalRegistry.TOKEN);
            env.put("HOME", home.toString());
            CliProcess cli = CliProcess.start(
                    env,
                    "container",
                    "push",
                    "web",
                    "--dir",
                    app.toString(),
                    "-a",
                    "gone-app",
                    "--registry",
                    doomed.address());
            cli.awaitOutput(" MB of 150.", RUN);
            doomed.stop();
            cli.waitFor(RUN);
            assertEquals(ExitCode.PLATFORM_API.code, cli.exitCode(), cli.err());
            assertTrue(
                    cli.err()
                            .contains("error: failed to push " + doomed.address() + "/gone-app/web:latest:"
                                    + " the registry stopped answering"),
                    cli.err());
            assertFalse(cli.out().contains("Pushed"), cli.out());
        } finally {
            doomed.stop();
        }
    }

    @Test
    void ctrlCDuringThePushStopsItAndTheRegistryNeverGetsTheTag() throws Exception {
        Path app = app(
                "interrupted",
                Map.of(
                        "Dockerfile",
                        "FROM " + Engine.STACK + "\nRUN head -c 150000000 /dev/urandom > /big.bin\nCMD [\"true\"]\n"));
        Map<String, String> env = new HashMap<>();
        env.put("HEROKU_API_KEY", LocalRegistry.TOKEN);
        env.put(
                "HOME",
                Files.createDirectories(scratch.resolve("home-interrupted")).toString());
        CliProcess cli = CliProcess.start(
                env,
                "container",
                "push",
                "web",
                "--dir",
                app.toString(),
                "-a",
                "interrupted-app",
                "--registry",
                registry.address());
        cli.awaitOutput(" MB of 150.", RUN);
        cli.signal("INT");
        assertEquals(ExitCode.INTERRUPTED.code, cli.waitFor(RUN), cli.err());
        Interrupts.assertOneInterruptedLine(cli.err());
        assertFalse(cli.out().contains("Pushed"), cli.out());
        assertNeverTagged("interrupted-app", "web");
    }

    /**
     * Polls the registry until nothing has been written to its storage for {@link #QUIET} (an
     * engine that went on pushing would still be uploading), failing as soon as APP/TYPE is
     * tagged, or when the uploads have not stopped within {@link #UPLOADS_STOP}.
     */
    private static void assertNeverTagged(String app, String type) throws IOException, InterruptedException {
        RegistryClient client =
                new OkHttpRegistryClient(new Registry(registry.address()), new ApiToken(LocalRegistry.TOKEN, "test"));
        long deadline = System.nanoTime() + UPLOADS_STOP.toNanos();
        long written = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < QUIET.toNanos()) {
            SlugbuilderException missing =
                    assertThrows(SlugbuilderException.class, () -> client.manifest(app, type), "tagged after Ctrl-C");
            assertTrue(missing.getMessage().contains("404"), missing.getMessage());
            long now = storageBytes(registry.storage());
            if (now != written) {
                written = now;
                quietSince = System.nanoTime();
            }
            assertTrue(
                    System.nanoTime() < deadline,
                    "the registry was still being written to " + UPLOADS_STOP + " after Ctrl-C");
            Thread.sleep(250);
        }
    }

    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final Duration UPLOADS_STOP = Duration.ofSeconds(90);

    /** The bytes of the files under STORAGE; files the registry moves or removes meanwhile are skipped. */
    private static long storageBytes(Path storage) throws IOException {
        long total = 0;
        try (Stream<Path> all = Files.walk(storage)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                try {
                    total += Files.isRegularFile(path) ? Files.size(path) : 0;
                } catch (NoSuchFileException moved) {
                    // an upload the registry just committed or removed
                }
            }
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
            return -1; // a directory vanished during the walk: count as a change
        }
        return total;
    }
}
